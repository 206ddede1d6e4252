// X's reconnect rules for streams, as pure functions: which failures a reconnect can fix, and how long to
// wait before it. From X's "handling disconnections": reconnect at once; if that fails, back off linearly
// by 250 ms up to 16 s for TCP/IP errors, exponentially from 5 s up to 320 s for HTTP errors, and
// exponentially from 1 minute for 429s, each 429 making the wait longer.

import { ApiError, ConnectionError, RateLimitError, TimeoutError } from '../http/errors.js';
import { isCertificateFailure } from '../http/tls-certificate.js';
import { StreamDisconnectError, StreamStallError } from './errors.js';

export const NETWORK_STEP_MS = 250;
export const NETWORK_MAX_MS = 16_000;
export const HTTP_START_MS = 5_000;
export const HTTP_MAX_MS = 320_000;
export const RATE_LIMIT_START_MS = 60_000;
/** Past this a 429 wait stops doubling (2^10 minutes, about 17 hours): far beyond any X window. */
const RATE_LIMIT_MAX_DOUBLINGS = 10;

/**
 * - `network`: no answer or a broken connection (refused, reset, timed out, stalled, ended by X).
 * - `http`: an error status a reconnect may fix (5xx, 408).
 * - `rate-limit`: 429 (or 420, v1.1's "enhance your calm").
 * - `fatal`: reconnecting cannot help (401, 403, 404, 409 no rules, 400 bad parameters, a TLS certificate that
 *   does not verify, anything else).
 */
export type FailureKind = 'network' | 'http' | 'rate-limit' | 'fatal';

/** Consecutive failures of each kind since the last connection that delivered something. */
export interface BackoffState {
  readonly network: number;
  readonly http: number;
  readonly rateLimit: number;
}

export const FRESH_BACKOFF: BackoffState = { network: 0, http: 0, rateLimit: 0 };

/** Wait after the n-th consecutive TCP/IP failure (n ≥ 1): 250, 500, 750 … ms, at most 16 s. */
export function networkBackoff(failures: number): number {
  return Math.min(NETWORK_STEP_MS * Math.max(1, failures), NETWORK_MAX_MS);
}

/** Wait after the n-th consecutive HTTP error (n ≥ 1): 5, 10, 20 … s, at most 320 s. */
export function httpBackoff(failures: number): number {
  return Math.min(HTTP_START_MS * 2 ** (Math.max(1, failures) - 1), HTTP_MAX_MS);
}

/** Wait after the n-th consecutive 429 (n ≥ 1): 1, 2, 4, 8 … minutes. */
export function rateLimitBackoff(failures: number): number {
  return RATE_LIMIT_START_MS * 2 ** Math.min(Math.max(1, failures) - 1, RATE_LIMIT_MAX_DOUBLINGS);
}

/** Which rule a failure falls under. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof RateLimitError) return 'rate-limit';
  if (error instanceof ApiError) {
    if (error.status === 420 || error.status === 429) return 'rate-limit';
    if (error.status >= 500 || error.status === 408) return 'http';
    return 'fatal';
  }
  // Reconnecting would meet the same certificate.
  if (error instanceof ConnectionError && isCertificateFailure(error.code)) return 'fatal';
  if (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof StreamStallError ||
    error instanceof StreamDisconnectError
  ) {
    return 'network';
  }
  return 'fatal';
}

/**
 * How long X asks a 429 to wait: until the reset of an exhausted rate-limit window, or its `retry-after`
 * (both read by RateLimitError.reset). `undefined` when neither applies (a connection-limit 429, say), so the
 * backoff alone applies.
 */
export function rateLimitResetInMs(error: RateLimitError, now: number): number | undefined {
  return error.reset ? Math.max(0, error.reset.getTime() - now) : undefined;
}

export interface ReconnectDecision {
  /** `undefined` when the failure is fatal: stop and report the error. */
  readonly delayMs: number | undefined;
  readonly state: BackoffState;
}

/**
 * The wait before the next connection attempt. `delivered` tells whether the connection that just ended had
 * delivered anything (a message or a keep-alive): if so, the failure streak starts over and the first
 * reconnect is immediate. A 429 waits at least until X's `x-rate-limit-reset` when X sent one
 * (`rateLimitResetInMs`).
 */
export function nextReconnect(
  state: BackoffState,
  kind: FailureKind,
  delivered: boolean,
  rateLimitResetInMs?: number,
): ReconnectDecision {
  const streak = delivered ? FRESH_BACKOFF : state;
  switch (kind) {
    case 'fatal':
      return { delayMs: undefined, state: streak };
    case 'network':
      if (delivered) return { delayMs: 0, state: streak };
      return {
        delayMs: networkBackoff(streak.network + 1),
        state: { ...streak, network: streak.network + 1 },
      };
    case 'http':
      return { delayMs: httpBackoff(streak.http + 1), state: { ...streak, http: streak.http + 1 } };
    case 'rate-limit': {
      const backoff = rateLimitBackoff(streak.rateLimit + 1);
      return {
        delayMs: Math.max(backoff, rateLimitResetInMs ?? 0),
        state: { ...streak, rateLimit: streak.rateLimit + 1 },
      };
    }
  }
}
