// Reads token endpoints' answers (JSON for OAuth 2.0, form-encoded for OAuth 1.0a) without ever quoting them.

import { AuthProtocolError } from './errors.js';
import type { TokenResponse } from './types.js';

/** Visible ASCII only: anything else could not be sent in an Authorization header. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function isHeaderSafeToken(value: string): boolean {
  return HEADER_SAFE.test(value);
}

/** The answer as a JSON object; `expected` describes the shape for the error message. */
export function jsonAnswer(
  response: TokenResponse,
  endpoint: URL,
  expected: string,
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch {
    throw new AuthProtocolError(
      `${endpoint.pathname} answered ${response.status} with a body that is not JSON ` +
        `(content-type ${contentType(response)}); expected ${expected}. ` +
        'Check that the origin points at the X API or the peony sandbox.',
      endpoint,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AuthProtocolError(
      `${endpoint.pathname} answered ${response.status} with JSON that is not an object; expected ${expected}.`,
      endpoint,
    );
  }
  return parsed as Record<string, unknown>;
}

/** The answer as form-encoded pairs (OAuth 1.0a token endpoints). */
export function formAnswer(response: TokenResponse): URLSearchParams {
  return new URLSearchParams(response.text.trim());
}

/**
 * A required token-like string field. The message names the field and the keys present, never a value.
 */
export function tokenField(
  fields: ReadonlyMap<string, unknown>,
  name: string,
  endpoint: URL,
  expected: string,
): string {
  const value = fields.get(name);
  if (typeof value !== 'string' || value === '') {
    throw missing(name, fields, endpoint, expected);
  }
  if (!isHeaderSafeToken(value)) {
    throw new AuthProtocolError(
      `${endpoint.pathname} answered a "${name}" with spaces or non-ASCII characters, which cannot be sent ` +
        'in an HTTP header; expected an opaque ASCII token.',
      endpoint,
    );
  }
  return value;
}

export function missing(
  name: string,
  fields: ReadonlyMap<string, unknown>,
  endpoint: URL,
  expected: string,
): AuthProtocolError {
  // Only well-known names are listed: an unknown key could be a token (a bare token parses as a form key).
  const known = [...fields.keys()].filter((key) => KNOWN_FIELDS.has(key));
  const unknown = fields.size - known.length;
  const present = [...known.map((key) => `"${key}"`), ...(unknown > 0 ? [`${unknown} other`] : [])];
  return new AuthProtocolError(
    `${endpoint.pathname} answered without a usable "${name}" (fields present: ${present.join(', ') || 'none'}); ` +
      `expected ${expected}. Check that the origin points at the X API or the peony sandbox.`,
    endpoint,
  );
}

const KNOWN_FIELDS = new Set([
  'token_type',
  'access_token',
  'refresh_token',
  'expires_in',
  'scope',
  'oauth_token',
  'oauth_token_secret',
  'oauth_callback_confirmed',
  'user_id',
  'screen_name',
  'error',
  'error_description',
  'errors',
]);

export function fieldsOf(object: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(object));
}

export function fieldsOfForm(form: URLSearchParams): Map<string, unknown> {
  return new Map(form);
}

function contentType(response: TokenResponse): string {
  const value = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return value ? JSON.stringify(value.slice(0, 80)) : 'missing';
}
