// OAuth 1.0a (RFC 5849, HMAC-SHA1) as X verifies it: percent-encoding, base string, signature, header
// parsing. Pure functions; the sandbox's own implementation, independent of the client's signer.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding of the UTF-8 bytes: only `A-Z a-z 0-9 - . _ ~` stay, hex is uppercase. */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const unreserved =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      byte === 0x7e;
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Decodes `%XX` sequences (not `+`); returns `undefined` for malformed input. */
export function percentDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export type ParamPair = readonly [string, string];

/** §3.4.1.3.2: encode names and values, sort by name then value, join `name=value` with `&`. */
export function normalizeParameters(params: readonly ParamPair[]): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) =>
      nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0,
    )
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** §3.4.1.2: lowercase scheme and host, no default port, no query or fragment. */
export function baseStringUri(scheme: string, host: string, path: string): string {
  const lowerScheme = scheme.toLowerCase();
  let lowerHost = host.toLowerCase();
  if (
    (lowerScheme === 'http' && lowerHost.endsWith(':80')) ||
    (lowerScheme === 'https' && lowerHost.endsWith(':443'))
  ) {
    lowerHost = lowerHost.slice(0, lowerHost.lastIndexOf(':'));
  }
  return `${lowerScheme}://${lowerHost}${path || '/'}`;
}

/** §3.4.1.1: `METHOD&pct(base URI)&pct(normalized params)`. */
export function signatureBaseString(method: string, baseUri: string, params: readonly ParamPair[]): string {
  return `${method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(normalizeParameters(params))}`;
}

/** §3.4.2: base64(HMAC-SHA1(pct(consumer secret) & pct(token secret), base string)). */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret = ''): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}

/** Compares two signatures in constant time (for equal lengths; a length mismatch fails at once). */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  if (a.length !== b.length) {
    // Still spend a comparison so the time does not depend on where the difference lies.
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** The parsed `Authorization: OAuth …` header: its parameters in order, with `realm` dropped. */
export type OAuthHeaderParams = Map<string, string>;

/**
 * Parses `OAuth k="v", k2="v2"` (§3.5.1). Returns `undefined` when the header is not OAuth, a pair is
 * malformed, a value is not properly percent-encoded, or a name repeats (X refuses duplicate keys).
 */
export function parseOAuthHeader(header: string): OAuthHeaderParams | undefined {
  const match = /^OAuth(?:\s+|$)/i.exec(header);
  if (!match) return undefined;
  const rest = header.slice(match[0].length).trim();
  const params: OAuthHeaderParams = new Map();
  if (rest === '') return params;
  const pair = /^([A-Za-z0-9_\-.~%]+)\s*=\s*"([^"]*)"\s*(?:,\s*|$)/;
  let remaining = rest;
  while (remaining.length > 0) {
    const found = pair.exec(remaining);
    if (!found) return undefined;
    const name = percentDecode(found[1] ?? '');
    const value = percentDecode(found[2] ?? '');
    if (name === undefined || value === undefined) return undefined;
    remaining = remaining.slice(found[0].length);
    if (name === 'realm') continue;
    if (params.has(name)) return undefined;
    params.set(name, value);
  }
  return params;
}

/** Decodes an `application/x-www-form-urlencoded` string into ordered pairs (`+` is a space). */
export function formPairs(text: string): ParamPair[] {
  return [...new URLSearchParams(text)];
}
