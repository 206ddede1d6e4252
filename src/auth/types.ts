// What auth/ adds to the pipeline's Authenticator contract: the token endpoints' form POSTs, sent through
// whatever send function the caller gives (see token-post.ts), so that auth/ never reaches into http/'s pipeline.

export type { Authenticator, SignableRequest } from '../http/authenticator.js';

/** A form POST to a token endpoint, sent by the pipeline (timeouts, errors, redaction) without an Authenticator. */
export interface TokenRequest {
  readonly url: URL;
  readonly form: Readonly<Record<string, string>>;
  /** Full Authorization header value (`Basic …`, `OAuth …`), if the endpoint needs one. */
  readonly authorization?: string;
  /** Credentials the request was signed with that are not in its header (OAuth 1.0a secrets), scrubbed from errors. */
  readonly secrets?: readonly string[];
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
