// Turns (sub-API, path segments, method, params, options) into one pipeline request.

import { Blob } from 'node:buffer';
import { InvalidRequestError } from '../http/errors.js';
import { blobBytes, bytesOf, type MultipartBody, multipartBody } from '../http/multipart.js';
import { appendQuery, type Params, percentEncode, toJsonBody, toPairs } from '../http/params.js';
import type { HttpMethod, PipelineRequest, RequestBody } from '../http/request.js';
import type { RetryOptions } from '../http/retry.js';
import { shown } from '../http/shown.js';
import { urlUnder } from '../http/url.js';

/** Where a family of endpoints lives and how it wants its bodies. */
export interface SubApi {
  /** The sub-domain on X (`api`, `upload`, `ads-api`), put in place of `{api}` in the base URL. */
  readonly api: string;
  /** The version path segment (`1.1`, `2`), or '' for none. */
  readonly version: string;
  /** Appended to the last segment (`.json` on v1.1). */
  readonly suffix: string;
  /** `form`: v1.1 style, POST bodies form-encoded. `json`: v2 style, POST bodies as JSON. */
  readonly bodyStyle: 'form' | 'json';
}

export const V1_API: SubApi = { api: 'api', version: '1.1', suffix: '.json', bodyStyle: 'form' };
export const V1_UPLOAD: SubApi = { api: 'upload', version: '1.1', suffix: '.json', bodyStyle: 'form' };
export const V2_API: SubApi = { api: 'api', version: '2', suffix: '', bodyStyle: 'json' };

/** Per-call options, the second argument of `get`/`post`/`put`/`patch`/`delete`. */
export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Milliseconds for each attempt of this call (default: the client's `timeout`, 30 s). */
  readonly timeout?: number | undefined;
  /** Milliseconds for the whole call, retries included (default: the client's `totalTimeout`, 60 s). */
  readonly totalTimeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** `true` puts every parameter in the query string; an object adds these parameters to the query. */
  readonly query?: true | Params | undefined;
  /** Sends the parameters as a JSON body. */
  readonly json?: boolean | undefined;
  /** Sends the parameters as a form-encoded body. */
  readonly form?: boolean | undefined;
  /** Marks the call safe to repeat, so it is retried like a GET (or `false` to never retry it). */
  readonly idempotent?: boolean | undefined;
  readonly retry?: RetryOptions | false | undefined;
  /** `'text'` resolves to the body as sent, unparsed (ids beyond 2^53 stay exact). Default `'json'`. */
  readonly responseType?: 'json' | 'text' | undefined;
}

/** Node's timers overflow past ~24.8 days; a timeout beyond a day is a mistake, refused. */
const MAX_TIMEOUT_MS = 24 * 60 * 60_000;

/** A timeout must be a positive, finite number of milliseconds, at most a day. */
export function checkTimeout(ms: number, name = 'timeout'): number {
  if (!(typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && ms <= MAX_TIMEOUT_MS)) {
    throw new InvalidRequestError(
      `${name} must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS} (24 hours); got ${shown(ms)}.`,
    );
  }
  return ms;
}

/** Builds `{base}/{version}/{segments}{suffix}`, with `{api}` in the base replaced by the sub-API's name. */
export function endpointUrl(baseUrl: string, subApi: SubApi, segments: readonly string[]): URL {
  const path = segments.map(encodeSegment).join('/');
  const version = subApi.version ? `/${subApi.version}` : '';
  return urlUnder(
    new URL(baseUrl.replace('{api}', subApi.api)),
    `${version}/${path}${path ? subApi.suffix : ''}`,
  );
}

/** Percent-encodes one segment so that no value can add a segment, a query or a fragment. */
export function encodeSegment(segment: string): string {
  if (segment === '' || segment === '.' || segment === '..') {
    throw new InvalidRequestError(
      `A path segment cannot be ${segment === '' ? 'empty' : `"${segment}"`}; check the ids used to build the path.`,
    );
  }
  return percentEncode(segment);
}

/** Accepts what may stand as a path segment: strings, finite numbers and bigints. */
export function toSegment(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new InvalidRequestError(
    `A path segment must be a string, number or bigint, not ${value === null ? 'null' : typeof value}.`,
  );
}

function isBinary(value: unknown): value is Blob | Uint8Array {
  return value instanceof Uint8Array || value instanceof Blob;
}

function multipartOf(
  params: Params,
  binaries: ReadonlyArray<readonly [string, Blob | Uint8Array]>,
): () => MultipartBody {
  const text = toPairs(Object.fromEntries(Object.entries(params).filter(([, v]) => !isBinary(v))) as Params);
  const files = binaries.map(([name, value]) => ({
    name,
    filename: name,
    bytes: value instanceof Uint8Array ? bytesOf(value) : blobBytes(value),
    ...(value instanceof Blob && value.type ? { contentType: value.type } : {}),
  }));
  return () => multipartBody(text, files);
}

/** Applies peony's conventions: where each parameter goes and in which body kind. */
export function buildRequest(
  baseUrl: string,
  subApi: SubApi,
  segments: readonly string[],
  method: HttpMethod,
  params: Params | undefined,
  options: RequestOptions = {},
): PipelineRequest {
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new InvalidRequestError(
      `Parameters must be an object such as { max_results: 10 }; got ${Array.isArray(params) ? 'an array' : params === null ? 'null' : typeof params}.`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidRequestError(
      `Request options must be an object; got ${options === null ? 'null' : typeof options}.`,
    );
  }
  let url = endpointUrl(baseUrl, subApi, segments);
  if (options.query && options.query !== true) url = appendQuery(url, toPairs(options.query));
  if (options.json && options.form) {
    throw new InvalidRequestError('Pass either { json: true } or { form: true }, not both.');
  }

  const given = params ?? {};
  const binaries = Object.entries(given).filter((entry): entry is [string, Blob | Uint8Array] =>
    isBinary(entry[1]),
  );
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  let body: RequestBody | undefined;
  if (options.query === true || (!hasBody && !options.json && !options.form)) {
    if (binaries.length > 0) {
      throw new InvalidRequestError('Binary parameters need a body; they cannot go in a query string.');
    }
    url = appendQuery(url, toPairs(given));
  } else if (binaries.length > 0) {
    body = { kind: 'multipart', build: multipartOf(given, binaries) };
  } else if (options.json || (!options.form && subApi.bodyStyle === 'json')) {
    body = { kind: 'json', text: toJsonBody(given) };
  } else {
    body = { kind: 'form', pairs: toPairs(given) };
  }

  return {
    method,
    url,
    // Read only now: `options` is known to be an object (a default reading it would throw a TypeError on null).
    responseType: options.responseType ?? 'json',
    ...(body ? { body } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.timeout === undefined ? {} : { timeout: checkTimeout(options.timeout) }),
    ...(options.totalTimeout === undefined
      ? {}
      : { totalTimeout: checkTimeout(options.totalTimeout, 'totalTimeout') }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  };
}
