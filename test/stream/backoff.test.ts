// X's reconnect rules, with exact numbers.

import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  ConflictError,
  ConnectionError,
  createApiError,
  RateLimitError,
  TimeoutError,
} from '../../src/http/errors.js';
import {
  type BackoffState,
  classifyFailure,
  type FailureKind,
  FRESH_BACKOFF,
  httpBackoff,
  networkBackoff,
  nextReconnect,
  rateLimitBackoff,
} from '../../src/stream/backoff.js';
import { StreamDisconnectError, StreamStallError } from '../../src/stream/errors.js';

const apiError = (status: number): ApiError =>
  createApiError({
    status,
    headers: {},
    body: undefined,
    request: { method: 'GET', url: 'x' },
    rateLimit: undefined,
  });

/** The waits of a run of failures of one kind, none of them after a connection that delivered anything. */
function waits(kind: FailureKind, count: number): number[] {
  let state: BackoffState = FRESH_BACKOFF;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const decision = nextReconnect(state, kind, false);
    out.push(decision.delayMs ?? -1);
    state = decision.state;
  }
  return out;
}

describe('reconnect backoff', () => {
  it('TCP/IP errors: linear, +250 ms a failure, up to 16 s', () => {
    expect(waits('network', 5)).toEqual([250, 500, 750, 1000, 1250]);
    expect(networkBackoff(64)).toBe(16_000);
    expect(networkBackoff(65)).toBe(16_000);
    expect(networkBackoff(1000)).toBe(16_000);
  });

  it('HTTP errors: exponential from 5 s, doubling, up to 320 s', () => {
    expect(waits('http', 9)).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000,
    ]);
    expect(httpBackoff(100)).toBe(320_000);
  });

  it('429: exponential from 1 minute, every 429 longer than the last', () => {
    expect(waits('rate-limit', 5)).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    const many = waits('rate-limit', 11);
    for (let i = 1; i < many.length; i++) expect(many[i]).toBeGreaterThan(many[i - 1] ?? 0);
    expect(rateLimitBackoff(11)).toBe(60_000 * 1024);
    // Never past what a timer can hold.
    expect(rateLimitBackoff(1000)).toBeLessThan(2 ** 31);
  });

  it('a 429 waits for X’s reset when that is later than the backoff', () => {
    expect(nextReconnect(FRESH_BACKOFF, 'rate-limit', false, 300_000).delayMs).toBe(300_000);
    expect(nextReconnect(FRESH_BACKOFF, 'rate-limit', false, 1_000).delayMs).toBe(60_000);
  });

  it('reconnects at once after a connection that delivered, then backs off if that fails', () => {
    let state: BackoffState = { network: 7, http: 3, rateLimit: 2 };
    const first = nextReconnect(state, 'network', true);
    expect(first).toEqual({ delayMs: 0, state: FRESH_BACKOFF });
    state = first.state;
    const second = nextReconnect(state, 'network', false);
    expect(second.delayMs).toBe(250);
    expect(nextReconnect(second.state, 'http', false).delayMs).toBe(5_000);
  });

  it('kinds are counted apart', () => {
    let state = FRESH_BACKOFF;
    state = nextReconnect(state, 'http', false).state;
    state = nextReconnect(state, 'network', false).state;
    expect(nextReconnect(state, 'http', false).delayMs).toBe(10_000);
    expect(nextReconnect(state, 'network', false).delayMs).toBe(500);
  });

  it('fatal failures get no delay', () => {
    expect(nextReconnect(FRESH_BACKOFF, 'fatal', true).delayMs).toBeUndefined();
  });
});

describe('classifyFailure', () => {
  it('sorts failures by what a reconnect can fix', () => {
    expect(classifyFailure(new ConnectionError('reset'))).toBe('network');
    expect(classifyFailure(new TimeoutError('slow', { timeoutMs: 1 }))).toBe('network');
    expect(classifyFailure(new StreamStallError(20_000))).toBe('network');
    expect(classifyFailure(new StreamDisconnectError('operational-disconnect'))).toBe('network');
    expect(classifyFailure(apiError(503))).toBe('http');
    expect(classifyFailure(apiError(500))).toBe('http');
    expect(apiError(429)).toBeInstanceOf(RateLimitError);
    expect(classifyFailure(apiError(429))).toBe('rate-limit');
    expect(classifyFailure(apiError(420))).toBe('rate-limit');
    for (const status of [400, 401, 403, 404, 409, 410])
      expect(classifyFailure(apiError(status))).toBe('fatal');
    expect(apiError(409)).toBeInstanceOf(ConflictError);
    expect(classifyFailure(new TypeError('a bug in a hook'))).toBe('fatal');
  });
});
