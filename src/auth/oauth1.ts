// OAuth 1.0a request signing (RFC 5849 §3.4–3.6 with HMAC-SHA1, as X documents it): pure functions.

import { createHmac, createSecretKey, type KeyObject, randomFillSync } from 'node:crypto';
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
  /** Defaults to a fresh random nonce (32 hex characters); tests pass a fixed value. */
  readonly nonce?: string;
  /** Seconds since the epoch; defaults to now. */
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

function comparePairs(
  [nameA, valueA]: readonly [string, string],
  [nameB, valueB]: readonly [string, string],
) {
  return compare(nameA, nameB) || compare(valueA, valueB);
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
export function hmacSha1Signature(baseString: string, key: string | KeyObject): string {
  return createHmac('sha1', key).update(baseString, 'utf8').digest('base64');
}

/**
 * The signing key of a pair of secrets as a KeyObject, made once: an HMAC from a KeyObject skips copying and
 * preparing the key on every request. Looked up by the secrets themselves (their hashes are cached in the
 * strings); a few pairs are kept (a client signs with one, a sign-in flow with two or three).
 */
const signingKeys = new Map<string, Map<string, KeyObject>>();
function signingKeyObject(consumerSecret: string, tokenSecret: string): KeyObject {
  let byToken = signingKeys.get(consumerSecret);
  let key = byToken?.get(tokenSecret);
  if (key === undefined) {
    if (signingKeys.size >= 16) signingKeys.clear();
    if (byToken === undefined || byToken.size >= 16) {
      byToken = new Map();
      signingKeys.set(consumerSecret, byToken);
    }
    key = createSecretKey(Buffer.from(signingKey(consumerSecret, tokenSecret), 'utf8'));
    byToken.set(tokenSecret, key);
  }
  return key;
}

/** `OAuth k="pct(v)", …` with the parameters sorted by name, as in X's example. */
export function authorizationHeader(oauthParams: Iterable<Parameter>): string {
  const pairs = [...oauthParams].sort(([a], [b]) => compare(a, b));
  return `OAuth ${pairs.map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`).join(', ')}`;
}

const NONCE_BYTES = 16;
const entropy = Buffer.alloc(NONCE_BYTES * 256);
let entropyUsed = entropy.length;

/**
 * 128 random bits from the CSPRNG, as 32 hex digits (X requires an ASCII nonce, unique per timestamp). Drawn
 * from a pool refilled every 256 nonces, as randomUUID does, so a nonce costs no system call per request.
 */
export function createNonce(): string {
  if (entropyUsed === entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  entropyUsed += NONCE_BYTES;
  return entropy.toString('hex', entropyUsed - NONCE_BYTES, entropyUsed);
}

/** Seconds since the epoch, as OAuth wants them. */
export function currentTimestamp(nowMs: number = Date.now()): string {
  return String(Math.floor(nowMs / 1000));
}

/** The protocol parameters' names: unreserved characters only, so they are their own encoding. */
const PROTOCOL_NAMES = new Set([
  'oauth_callback',
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_token',
  'oauth_verifier',
  'oauth_version',
]);

type Encoded = [name: string, value: string];

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
  const protocol: Encoded[] = [];
  for (const [name, value] of oauthParams) {
    protocol.push([PROTOCOL_NAMES.has(name) ? name : percentEncode(name), percentEncode(value)]);
  }
  protocol.sort(comparePairs);
  return signEncoded(request, protocol, signingKeyObject(consumerSecret, tokenSecret));
}

/**
 * The signature over the request's parameters and the protocol ones, given encoded and sorted. Each parameter
 * is encoded once, for the base string and (the oauth_* ones) for the header alike.
 */
function signEncoded(request: SignableRequest, protocol: Encoded[], key: KeyObject): OAuth1Signature {
  const own: Encoded[] = [];
  if (request.url.search.length > 1) {
    for (const [name, value] of request.url.searchParams)
      own.push([percentEncode(name), percentEncode(value)]);
  }
  for (const [name, value] of request.formParams) own.push([percentEncode(name), percentEncode(value)]);
  if (own.length > 1) own.sort(comparePairs);
  // Both lists are sorted: merged, they are the sorted whole.
  let parameterString = '';
  for (let i = 0, j = 0; i < own.length || j < protocol.length; ) {
    const next =
      j === protocol.length ||
      (i < own.length && comparePairs(own[i] as Encoded, protocol[j] as Encoded) <= 0)
        ? (own[i++] as Encoded)
        : (protocol[j++] as Encoded);
    parameterString += parameterString === '' ? `${next[0]}=${next[1]}` : `&${next[0]}=${next[1]}`;
  }
  // The parameter string holds only unreserved characters, `%`, `=` and `&`: encodeURIComponent encodes it
  // as percentEncode would, in one native call without the pass for `!'()*`.
  const baseString = `${request.method.toUpperCase()}&${percentEncode(baseStringUri(request.url))}&${encodeURIComponent(parameterString)}`;
  const signature = hmacSha1Signature(baseString, key);
  // As authorizationHeader() writes it: sorted by name, oauth_signature in its place.
  let header = 'OAuth ';
  let signed = false;
  for (const [name, value] of protocol) {
    if (!signed && name > 'oauth_signature') {
      header += `oauth_signature="${encodeURIComponent(signature)}", `;
      signed = true;
    }
    header += `${name}="${value}", `;
  }
  header = signed ? header.slice(0, -2) : `${header}oauth_signature="${encodeURIComponent(signature)}"`;
  return { header, signature, baseString, parameterString };
}

const SAFE_TIMESTAMP = /^\d+$/;

/** Signs `request` the way X expects (7 parameters, plus callback or verifier when given). */
export function signOAuth1(
  request: SignableRequest,
  credentials: OAuth1Credentials,
  options: OAuth1SignOptions = {},
): OAuth1Signature {
  // Built already encoded and in order; a nonce and a timestamp made here need no encoding.
  const timestamp = options.timestamp === undefined ? currentTimestamp() : String(options.timestamp);
  const protocol: Encoded[] = [];
  if (options.callback !== undefined) protocol.push(['oauth_callback', percentEncode(options.callback)]);
  protocol.push(
    ['oauth_consumer_key', percentEncode(credentials.consumerKey)],
    ['oauth_nonce', options.nonce === undefined ? createNonce() : percentEncode(options.nonce)],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', SAFE_TIMESTAMP.test(timestamp) ? timestamp : percentEncode(timestamp)],
  );
  if (credentials.token !== undefined) protocol.push(['oauth_token', percentEncode(credentials.token)]);
  if (options.verifier !== undefined) protocol.push(['oauth_verifier', percentEncode(options.verifier)]);
  protocol.push(['oauth_version', '1.0']);
  return signEncoded(
    request,
    protocol,
    signingKeyObject(credentials.consumerSecret, credentials.tokenSecret ?? ''),
  );
}
