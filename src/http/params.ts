// peony's parameter conventions: how a plain object becomes a query string, a form body or a JSON body.

import type { Blob } from 'node:buffer';
import { InvalidRequestError } from './errors.js';

export type Scalar = string | number | bigint | boolean;
/** Bytes sent as a file part: their presence turns the body into multipart/form-data. */
export type BinaryValue = Uint8Array | Blob;
/** A value in a request's parameters. `undefined` and `null` are dropped. */
export type ParamValue = Scalar | readonly Scalar[] | null | undefined | JsonValue | BinaryValue;
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };
export type Params = Readonly<Record<string, ParamValue>>;

export type ParamPair = readonly [string, string];

/** A UTF-16 half without its partner: it has no UTF-8 form, so X would get U+FFFD instead of the text. */
const HAS_LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses a string with a lone surrogate (usually text cut in the middle of an emoji). */
export function checkWellFormed(name: string, value: string): string {
  if (HAS_LONE_SURROGATE.test(value)) {
    const at = value.search(HAS_LONE_SURROGATE);
    throw new InvalidRequestError(
      `Parameter "${name}" has a lone UTF-16 surrogate at index ${at} (text cut inside an emoji?); it cannot be sent as UTF-8. Fix the text; peony will not replace it silently.`,
    );
  }
  return value;
}

function scalarToString(name: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return checkWellFormed(name, value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new InvalidRequestError(`Parameter "${name}" is ${value}; pass a finite number.`);
      }
      return String(value);
    case 'bigint':
      return value.toString();
    default:
      throw new InvalidRequestError(
        `Parameter "${name}" is ${value === null ? 'null' : typeof value}; a query or form parameter must be a string, number, bigint, boolean or an array of them (pass { json: true } to send nested objects as JSON).`,
      );
  }
}

/** Flattens parameters into name/value pairs: booleans as "true"/"false", arrays comma-joined, nullish dropped. */
export function toPairs(params: Params | undefined): ParamPair[] {
  if (!params) return [];
  const pairs: ParamPair[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      pairs.push([name, value.map((item) => scalarToString(name, item)).join(',')]);
    } else {
      pairs.push([name, scalarToString(name, value)]);
    }
  }
  return pairs;
}

/** `application/x-www-form-urlencoded` with `%20` for spaces, the encoding OAuth signs. */
export function encodeForm(pairs: readonly ParamPair[]): string {
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes, uppercase hex, space as `%20` (what OAuth 1.0a signs, and
 * what peony sends). encodeURIComponent does this natively except for `!'()*`; a lone surrogate becomes
 * U+FFFD, as it would on the wire, instead of throwing.
 */
export function percentEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    encoded = encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Removes `undefined` (not `null`, which JSON can say) recursively, and turns bigints into strings. */
export function toJsonBody(params: Params | undefined): string {
  return JSON.stringify(params ?? {}, (key, value: unknown) =>
    typeof value === 'bigint'
      ? value.toString()
      : typeof value === 'string'
        ? checkWellFormed(key, value)
        : value,
  );
}

/** Appends pairs to a URL's query string, keeping what is already there. */
export function appendQuery(url: URL, pairs: readonly ParamPair[]): URL {
  if (pairs.length === 0) return url;
  const out = new URL(url);
  const existing = out.search.length > 1 ? out.search.slice(1) : '';
  const added = encodeForm(pairs);
  out.search = existing ? `${existing}&${added}` : added;
  return out;
}
