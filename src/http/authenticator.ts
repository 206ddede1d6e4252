// The contract the pipeline calls to authorize a request; src/auth implements it.
// The pipeline knows nothing about OAuth; an Authenticator knows nothing about sockets.

/** What a signer may read of an outgoing request. */
export interface SignableRequest {
  readonly method: string;
  /** The final URL, query string included. */
  readonly url: URL;
  /**
   * Decoded parameters of an `application/x-www-form-urlencoded` body, in send order.
   * Empty for JSON, multipart and bodiless requests: those bodies are never signed.
   */
  readonly formParams: ReadonlyArray<readonly [string, string]>;
}

/** Produces the `Authorization` header for each request and recovers from a 401 where it can. */
/** How a client authenticates, picked from the credentials it was given. */
export type AuthKind = 'oauth1-user' | 'app-bearer' | 'bearer' | 'oauth2-user' | 'none';

export interface Authenticator {
  readonly kind: AuthKind;
  /** The header value, or `undefined` to send the request unauthenticated. */
  authorize(request: SignableRequest, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Called once after a 401 to a request that carried `rejected`. Resolves `true` when the credentials
   * were renewed (the pipeline then re-sends the request once), `false` when nothing can be done.
   * Concurrent calls for the same rejected credential must share one renewal.
   */
  recoverFromUnauthorized?(rejected: string | undefined, signal?: AbortSignal): Promise<boolean>;
  /**
   * Every credential held now, those never sent in the header included (OAuth 1.0a secrets, a refresh
   * token): the pipeline scrubs them from errors, should a server or a message echo one.
   */
  secrets?(): readonly string[];
}
