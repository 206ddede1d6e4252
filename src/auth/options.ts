// Checks for what callers hand to authenticators and flows, and where X's auth endpoints live.

import { InvalidRequestError } from '../http/errors.js';
import { isHeaderSafeToken } from './token-answer.js';

/** The origin of X's API and token endpoints. */
export const X_API_ORIGIN = 'https://api.x.com';
/** Where X shows the OAuth 2.0 consent page (a different host from the API). */
export const X_AUTHORIZE_ORIGIN = 'https://x.com';

/** The Content-Type X documents for its token endpoints; a TokenPost sends every form body with it. */
export const TOKEN_FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

/** A required, non-empty string option. The message names the option, never its value. */
export function requireText(value: unknown, name: string, owner: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidRequestError(`${owner} needs "${name}" as a non-empty string.`);
  }
  return value;
}

/** Like {@link requireText}, for values that go into an HTTP header and so must be visible ASCII. */
export function requireToken(value: unknown, name: string, owner: string): string {
  const text = requireText(value, name, owner);
  if (!isHeaderSafeToken(text)) {
    throw new InvalidRequestError(
      `${owner} got a "${name}" with spaces or non-ASCII characters; copy the value again without extra characters.`,
    );
  }
  return text;
}

/**
 * The OAuth 2.0 redirect URI: an absolute URI (an app's own scheme, such as myapp://callback, parses too), since
 * X compares it with the registered callback and a relative one can never match. The message quotes it: a
 * redirect URI is public, it is in every consent link.
 */
export function requireRedirectUri(value: unknown, owner: string): string {
  const text = requireText(value, 'redirectUri', owner);
  if (!URL.canParse(text)) {
    throw new InvalidRequestError(
      `${owner}: "redirectUri" must be an absolute URL, exactly as registered for the app (e.g. https://example.com/callback); got "${text.slice(0, 200)}".`,
    );
  }
  return text;
}

export function optionalText(value: unknown, name: string, owner: string): string | undefined {
  return value === undefined ? undefined : requireText(value, name, owner);
}

/** The consent page's origin: x.com for X's API, the same origin for a sandbox or proxy. */
export function authorizeOriginFor(apiOrigin: URL): URL {
  return apiOrigin.origin === X_API_ORIGIN || apiOrigin.origin === 'https://api.twitter.com'
    ? new URL(X_AUTHORIZE_ORIGIN)
    : apiOrigin;
}
