// Who is retried and how long to wait: pure decisions, so they can be tested with exact numbers.

import {
  ApiError,
  ConnectionError,
  InvalidRequestError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.js';
import { retryAfterMs } from './rate-limit.js';
import { shown } from './shown.js';
import { onAbort } from './signals.js';
import { isCertificateFailure } from './tls-certificate.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  readonly retries?: number;
  /** Base of the exponential backoff. Default 500 ms. */
  readonly minDelayMs?: number;
  /** Cap of any one backoff wait. Default 8 s. */
  readonly maxDelayMs?: number;
}

export interface RateLimitWaitOptions {
  /** Longest wait for a rate-limit reset before giving up with the RateLimitError. Default 15 min + 5 s. */
  readonly maxWaitMs?: number;
}

export interface ResolvedRetry {
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

/** More retries than this only hammer a server that is down. */
export const MAX_RETRIES = 10;
/** No single backoff wait beyond an hour. */
const MAX_DELAY_MS = 60 * 60_000;

function bounded(
  name: string,
  value: number | undefined,
  fallback: number,
  max: number,
  whole = false,
): number {
  if (value === undefined) return fallback;
  if (
    !(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max) ||
    (whole && !Number.isInteger(value))
  ) {
    throw new InvalidRequestError(
      `retry.${name} must be ${whole ? 'a whole number' : 'a number'} from 0 to ${max}; got ${shown(value)}.`,
    );
  }
  return value;
}

export function resolveRetry(options: RetryOptions | false | undefined): ResolvedRetry {
  if (options === false) return { retries: 0, minDelayMs: 0, maxDelayMs: 0 };
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidRequestError(`retry must be an object or false; got ${shown(options)}.`);
  }
  return {
    retries: bounded('retries', options?.retries, 2, MAX_RETRIES, true),
    minDelayMs: bounded('minDelayMs', options?.minDelayMs, 500, MAX_DELAY_MS),
    maxDelayMs: bounded('maxDelayMs', options?.maxDelayMs, 8_000, MAX_DELAY_MS),
  };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isIdempotent(method: string, markedSafe: boolean | undefined): boolean {
  return markedSafe ?? IDEMPOTENT.has(method.toUpperCase());
}

/**
 * Whether a failed attempt may be sent again. A request that is not idempotent is re-sent only when it
 * provably never reached X (the connection failed before sending); everything else could have been applied.
 */
export function shouldRetry(error: unknown, idempotent: boolean): boolean {
  if (error instanceof ConnectionError) {
    // The same certificate would be refused again.
    return !isCertificateFailure(error.code) && (idempotent || error.notSent);
  }
  if (!idempotent) return false;
  if (error instanceof TimeoutError) return true;
  if (error instanceof UnexpectedResponseError) return true;
  if (error instanceof RateLimitError) return true;
  if (error instanceof ApiError) return error.status >= 500 || error.status === 408;
  return false;
}

/** Capped exponential backoff with full jitter: a random wait in [0, min(max, min·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  retry: ResolvedRetry,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** attempt);
  return Math.round(ceiling * random());
}

/**
 * How long to wait before retrying a rate-limited request: until X's reset (plus a second of slack for
 * clock skew), at least the backoff, never negative. `undefined` means X gave no reset to wait for.
 */
export function rateLimitDelay(error: RateLimitError, now: number): number | undefined {
  if (!error.reset) return undefined;
  return Math.max(0, error.reset.getTime() - now + 1_000);
}

export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000 + 5_000;
/** Rate-limit waits in a row for one request before it gives up with the RateLimitError. */
const MAX_RATE_LIMIT_WAITS = 5;

/** The longest rate-limit wait the client's `waitOnRateLimit` allows; `undefined` when it does not wait. */
export function maxRateLimitWait(wait: boolean | RateLimitWaitOptions | undefined): number | undefined {
  if (wait === true) return DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  return wait ? (wait.maxWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS) : undefined;
}

/** What decides whether one request is sent again. */
export interface RetryPolicy {
  readonly retry: ResolvedRetry;
  readonly idempotent: boolean;
  /** Set when the caller asked to wait out rate limits for this request. */
  readonly maxRateLimitWaitMs: number | undefined;
}

/**
 * `undefined`: give up and throw. Otherwise how long to wait before sending again, whether it is a
 * rate-limit wait (which does not count as a retry), and whether X asked for the wait (a rate limit,
 * Retry-After) rather than it being only the client's own backoff.
 */
export function delayBeforeRetry(
  error: unknown,
  attempt: number,
  rateLimitWaits: number,
  policy: RetryPolicy,
  now: number,
): { ms: number; rateLimitWait: boolean; askedByServer: boolean } | undefined {
  const { retry, idempotent, maxRateLimitWaitMs } = policy;
  if (error instanceof RateLimitError) {
    const untilReset = rateLimitDelay(error, now);
    // A 429 was not applied, so even a POST may wait and go again, but only when the caller asked for it.
    if (maxRateLimitWaitMs !== undefined) {
      if (rateLimitWaits >= MAX_RATE_LIMIT_WAITS) return undefined;
      // Without a reset to wait for: the ordinary backoff, at least a second, within the retry budget.
      if (untilReset === undefined && rateLimitWaits >= retry.retries) return undefined;
      const ms = untilReset ?? Math.max(1_000, backoffDelay(rateLimitWaits, retry));
      return ms <= maxRateLimitWaitMs ? { ms, rateLimitWait: true, askedByServer: true } : undefined;
    }
    // Without waiting, retry only when the window reopens within one backoff step; a 429 with no reset
    // (a usage cap, a connection limit) wants a minute or more, which is the caller's call, not a retry.
    if (!idempotent || attempt >= retry.retries) return undefined;
    if (untilReset === undefined || untilReset > retry.maxDelayMs) return undefined;
    return { ms: untilReset, rateLimitWait: false, askedByServer: true };
  }
  if (attempt >= retry.retries || !shouldRetry(error, idempotent)) return undefined;
  // A server that says when to come back (503 with Retry-After) is believed when that is within the
  // backoff cap; a later time means it is down for longer than a retry should hide: give up now.
  const asked = error instanceof ApiError ? retryAfterMs(error.headers['retry-after'], now) : undefined;
  if (asked !== undefined && asked > retry.maxDelayMs) return undefined;
  const backoff = backoffDelay(attempt, retry);
  return asked === undefined
    ? { ms: backoff, rateLimitWait: false, askedByServer: false }
    : { ms: Math.max(asked, backoff), rateLimitWait: false, askedByServer: true };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      stopListening?.();
      resolve();
    }, ms);
    // Many requests may wait on one signal (the client's): one listener on it whatever their number.
    const stopListening = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : undefined;
  });
}
