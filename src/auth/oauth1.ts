// OAuth 1.0a request signing (RFC 5849 §3.4–3.6 with HMAC-SHA1, as X documents it): pure functions.

import { createHmac, randomUUID } from 'node:crypto';
import { percentEncode } from '../http/params.js';
import type { SignableRequest } from './types.js';

export { percentEncode };

/** One name/value pair, decoded. Kept as pairs because duplicate names are legal in a query. */
export type Parameter = readonly [name: string, value: string];

export interface OAuth1Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** Absent when signing with the consumer pair only (request_token). */
  readonly token?: string | undefined;
  readonly tokenSecret?: string | undefined;
}

export interface OAuth1SignOptions {
  /** Defaults to {@link createNonce}; tests pass a fixed value. */
  readonly nonce?: string;
  /** Seconds since the epoch; defaults to {@link currentTimestamp}. */
  readonly timestamp?: number | string;
  /** `oob` or a URL; only for request_token. */
  readonly callback?: string;
  /** The PIN or `oauth_verifier` from the callback; only for access_token. */
  readonly verifier?: string;
}

export interface OAuth1Signature {
  /** The `Authorization` header value. */
  readonly header: string;
  readonly signature: string;
  readonly baseString: string;
  readonly parameterString: string;
}

/** `scheme://host[:port]/path`: lowercase scheme and host, default port dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  // WHATWG URL already lowercases scheme and host and drops the scheme's default port.
  const port = url.port === '' || isDefaultPort(url.protocol, url.port) ? '' : `:${url.port}`;
  return `${url.protocol}//${url.hostname}${port}${url.pathname}`;
}

function isDefaultPort(protocol: string, port: string): boolean {
  return (protocol === 'http:' && port === '80') || (protocol === 'https:' && port === '443');
}

/** The decoded query of `url` (parsed as form-urlencoded, as RFC 5849 §3.4.1.3.1 says). */
export function queryParameters(url: URL): Parameter[] {
  return [...url.searchParams];
}

/** Encodes each pair, sorts by encoded name then encoded value (byte order), joins with `&`. */
export function normalizeParameters(params: Iterable<Parameter>): string {
  const encoded: Array<[string, string]> = [];
  for (const [name, value] of params) encoded.push([percentEncode(name), percentEncode(value)]);
  // Encoded strings are ASCII, so UTF-16 code-unit comparison is byte order.
  encoded.sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `METHOD&pct(base URI)&pct(normalized parameters)`. */
export function signatureBaseString(method: string, url: URL, params: Iterable<Parameter>): string {
  return joinBaseString(method, url, normalizeParameters(params));
}

function joinBaseString(method: string, url: URL, parameterString: string): string {
  return `${method.toUpperCase()}&${percentEncode(baseStringUri(url))}&${percentEncode(parameterString)}`;
}

/** `pct(consumer secret)&pct(token secret)`; the `&` is there even without a token secret. */
export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/** base64(HMAC-SHA1(key, base string)). */
export function hmacSha1Signature(baseString: string, key: string): string {
  return createHmac('sha1', key).update(baseString, 'utf8').digest('base64');
}

/** `OAuth k="pct(v)", …` with the parameters sorted by name, as in X's example. */
export function authorizationHeader(oauthParams: Iterable<Parameter>): string {
  const pairs = [...oauthParams].sort(([a], [b]) => compare(a, b));
  return `OAuth ${pairs.map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`).join(', ')}`;
}

/**
 * 122 random bits from the CSPRNG, as 32 hex digits (X requires an ASCII nonce, unique per timestamp).
 * randomUUID draws from Node's cached entropy pool, so a nonce costs no system call per request.
 */
export function createNonce(): string {
  return randomUUID().replaceAll('-', '');
}

/** Seconds since the epoch, as OAuth wants them. */
export function currentTimestamp(nowMs: number = Date.now()): string {
  return String(Math.floor(nowMs / 1000));
}

/** The `oauth_*` protocol parameters (without the signature) in the form X sends them, `oauth_version=1.0` included. */
export function oauthProtocolParameters(
  credentials: OAuth1Credentials,
  options: OAuth1SignOptions = {},
): Parameter[] {
  const params: Parameter[] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', options.nonce ?? createNonce()],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(options.timestamp ?? currentTimestamp())],
    ['oauth_version', '1.0'],
  ];
  if (credentials.token !== undefined) params.push(['oauth_token', credentials.token]);
  if (options.callback !== undefined) params.push(['oauth_callback', options.callback]);
  if (options.verifier !== undefined) params.push(['oauth_verifier', options.verifier]);
  return params;
}

/**
 * Signs a request with explicit protocol parameters: the query and the form body are signed with them;
 * JSON and multipart bodies never are (the pipeline leaves `formParams` empty for those).
 */
export function signWithParameters(
  request: SignableRequest,
  oauthParams: ReadonlyArray<Parameter>,
  consumerSecret: string,
  tokenSecret = '',
): OAuth1Signature {
  // Each parameter is encoded once, for the base string and (the oauth_* ones) for the header alike.
  const encoded: Array<[string, string]> = [];
  if (request.url.search.length > 1) {
    for (const [name, value] of request.url.searchParams)
      encoded.push([percentEncode(name), percentEncode(value)]);
  }
  for (const [name, value] of request.formParams) encoded.push([percentEncode(name), percentEncode(value)]);
  const protocol: Array<[string, string]> = [];
  for (const [name, value] of oauthParams) {
    const pair: [string, string] = [percentEncode(name), percentEncode(value)];
    protocol.push(pair);
    encoded.push(pair);
  }
  encoded.sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB));
  let parameterString = '';
  for (const [name, value] of encoded) parameterString += `${parameterString ? '&' : ''}${name}=${value}`;
  const baseString = joinBaseString(request.method, request.url, parameterString);
  const signature = hmacSha1Signature(baseString, signingKey(consumerSecret, tokenSecret));
  protocol.push(['oauth_signature', percentEncode(signature)]);
  // As authorizationHeader() writes it: sorted by name (the oauth_* names need no encoding).
  protocol.sort(([a], [b]) => compare(a, b));
  let header = 'OAuth ';
  for (const [i, [name, value]] of protocol.entries()) header += `${i > 0 ? ', ' : ''}${name}="${value}"`;
  return { header, signature, baseString, parameterString };
}

/** Signs `request` the way X expects (7 parameters, plus callback or verifier when given). */
export function signOAuth1(
  request: SignableRequest,
  credentials: OAuth1Credentials,
  options: OAuth1SignOptions = {},
): OAuth1Signature {
  return signWithParameters(
    request,
    oauthProtocolParameters(credentials, options),
    credentials.consumerSecret,
    credentials.tokenSecret ?? '',
  );
}
