// The contract between the request pipeline (src/http) and every way of authenticating (src/auth).
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
export interface Authenticator {
  readonly kind: 'oauth1-user' | 'app-bearer' | 'bearer' | 'oauth2-user' | 'none';
  /** The header value, or `undefined` to send the request unauthenticated. */
  authorize(request: SignableRequest, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Called once after a 401 to a request that carried `rejected`. Resolves `true` when the credentials
   * were renewed (the pipeline then re-sends the request once), `false` when nothing can be done.
   * Concurrent calls for the same rejected credential must share one renewal.
   */
  recoverFromUnauthorized?(rejected: string | undefined, signal?: AbortSignal): Promise<boolean>;
}

/** A form POST to a token endpoint, sent by the pipeline (timeouts, errors, redaction) without an Authenticator. */
export interface TokenRequest {
  readonly url: URL;
  readonly form: Readonly<Record<string, string>>;
  /** Full Authorization header value (`Basic …`, `OAuth …`), if the endpoint needs one. */
  readonly authorization?: string;
  readonly signal?: AbortSignal;
}

export interface TokenResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body text: OAuth 1.0a answers are form-encoded, OAuth 2.0 answers are JSON. */
  readonly text: string;
}

/**
 * Sends a TokenRequest. Resolves for 2xx; rejects with the pipeline's typed errors (ApiError subclasses,
 * ConnectionError, TimeoutError, AbortError) otherwise.
 */
export type TokenPost = (request: TokenRequest) => Promise<TokenResponse>;
