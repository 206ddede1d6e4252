import { PeonyError } from '../http/errors.js';

/**
 * A token endpoint answered 2xx with something peony cannot use (malformed body, callback not confirmed).
 * The message says what was expected; it never quotes the body, which may hold tokens.
 */
export class AuthProtocolError extends PeonyError {
  override readonly name: string = 'AuthProtocolError';
  /** The endpoint's URL (no query: token endpoints take none). */
  readonly endpoint: string;
  constructor(message: string, endpoint: URL) {
    super(message);
    this.endpoint = `${endpoint.origin}${endpoint.pathname}`;
  }
}

export function isAuthProtocolError(value: unknown): value is AuthProtocolError {
  return value instanceof AuthProtocolError;
}
