// What goes into the pipeline and what comes out: the request, the response, the options and the events.

import type { Dispatcher } from 'undici';
import type { Authenticator } from './authenticator.js';
import { InvalidRequestError, type PeonyError, type RequestSummary } from './errors.js';
import type { MultipartBody } from './multipart.js';
import type { ParamPair } from './params.js';
import type { RateLimit } from './rate-limit.js';
import type { RateLimitWaitOptions, RetryOptions } from './retry.js';
import { shown } from './shown.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export type RequestBody =
  | { readonly kind: 'form'; readonly pairs: readonly ParamPair[] }
  | { readonly kind: 'json'; readonly text: string }
  /** Built anew for each attempt, so a retry never sends a consumed body. */
  | { readonly kind: 'multipart'; readonly build: () => MultipartBody };

export type ResponseType = 'json' | 'text' | 'stream';

export interface PipelineRequest {
  readonly method: HttpMethod;
  /** The final URL, query included. */
  readonly url: URL;
  readonly body?: RequestBody;
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds for this attempt; for streams, until the response headers arrive. */
  readonly timeout?: number;
  /** Milliseconds for the whole call, retries and backoff included (rate-limit waits come on top). */
  readonly totalTimeout?: number;
  readonly signal?: AbortSignal;
  /** Marks a non-GET request as safe to repeat (or a GET as unsafe). */
  readonly idempotent?: boolean;
  /** Overrides the client's authenticator; `null` sends no Authorization. */
  readonly authenticator?: Authenticator | null;
  /** A ready Authorization header; wins over any authenticator. */
  readonly authorization?: string;
  /** Credentials behind `authorization` that are not in it (OAuth 1.0a secrets), scrubbed from errors. */
  readonly secrets?: readonly string[];
  readonly responseType?: ResponseType;
  readonly retry?: RetryOptions | false;
  /** `false` turns the client's rate-limit waiting off for this request (streams keep their own 429 rules). */
  readonly waitOnRateLimit?: false;
}

export interface PipelineResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly rateLimit: RateLimit | undefined;
}

export interface RetryEvent {
  readonly request: RequestSummary;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: PeonyError;
}

export interface RateLimitWaitEvent {
  readonly request: RequestSummary;
  readonly waitMs: number;
  readonly reset: Date | undefined;
  readonly rateLimit: RateLimit | undefined;
}

/** Receives one line per request and response, already free of credentials. */
export interface Logger {
  debug(message: string, details?: Readonly<Record<string, unknown>>): void;
}

/** How requests are sent: the transport settings a client passes through to its pipeline. */
export interface PipelineOptions {
  /** How requests are authorized; left out, requests go without an Authorization header. */
  readonly authenticator?: Authenticator | undefined;
  /** An undici dispatcher (a ProxyAgent, a Pool with other settings). The client then leaves closing it to you. */
  readonly dispatcher?: Dispatcher | undefined;
  readonly userAgent?: string | undefined;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Milliseconds per request attempt. Default 30 000. */
  readonly timeout?: number | undefined;
  /** Bound of a whole call, retries and backoff included; rate-limit waits you enabled come on top. Default 60 s. */
  readonly totalTimeout?: number | undefined;
  /** Retries of idempotent requests on connection errors, 5xx and short 429s; `false` for none. */
  readonly retry?: RetryOptions | false | undefined;
  /** On 429, wait until X's reset (bounded by `maxWaitMs`) and send again. */
  readonly waitOnRateLimit?: boolean | RateLimitWaitOptions | undefined;
  /** Aborts every request of this client. */
  readonly signal?: AbortSignal | undefined;
  /** Receives a line per request and response, already free of credentials. */
  readonly logger?: Logger | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  readonly onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000;
const MAX_DURATION_MS = 24 * 60 * 60_000;

/** A duration option: finite, at least `min` and at most a day (Node's timers cannot go much further). */
export function checkDuration(name: string, ms: number, min = 1): number {
  if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= min && ms <= MAX_DURATION_MS)) {
    throw new InvalidRequestError(
      `${name} must be a number of milliseconds from ${min} to ${MAX_DURATION_MS} (24 hours); got ${shown(ms)}.`,
    );
  }
  return ms;
}
