// The order a chunked upload's segments go in, and when a failed one may go again: exact decisions, no clock.

import { describe, expect, it } from 'vitest';
import { SegmentQueue } from '../../src/media/segment-queue.js';

const never = new AbortController().signal;
/** The jitter's lowest draw: a retry goes after exactly one other segment. */
const first = () => 0;

describe('SegmentQueue', () => {
  it('keeps a failed segment back for its backoff while fresh ones go, when X has accepted nothing', () => {
    const queue = new SegmentQueue([0, 1, 2], 2, first);
    expect(queue.next(0)).toEqual({ index: 0, failures: 0 });
    expect(queue.next(0)).toEqual({ index: 1, failures: 0 });
    queue.retryLater(0, 1, 500, 0, true);
    expect(queue.next(0)).toEqual({ index: 2, failures: 0 });
    expect(queue.next(100)).toEqual({ waitMs: 400 });
    expect(queue.next(500)).toEqual({ index: 0, failures: 1 });
    expect(queue.next(500)).toBeUndefined();
  });

  it('lets a segment waiting on its own backoff go as soon as X accepts another', () => {
    const queue = new SegmentQueue([0, 1], 2, first);
    queue.next(0);
    queue.next(0);
    queue.retryLater(0, 1, 60_000, 10, true);
    expect(queue.next(20)).toEqual({ waitMs: 59_990 });
    queue.accepted(30);
    expect(queue.next(30)).toEqual({ index: 0, failures: 1 });
  });

  it('spends an acceptance banked before the failure on the next segment to fail', () => {
    const queue = new SegmentQueue([0, 1, 2], 3, first);
    for (let i = 0; i < 3; i++) queue.next(0);
    queue.accepted(5);
    queue.retryLater(2, 1, 60_000, 10, true);
    expect(queue.next(10)).toEqual({ index: 2, failures: 1 });
  });

  it('never cuts short a wait X asked for (Retry-After, a rate-limit reset)', () => {
    const queue = new SegmentQueue([0, 1], 2, first);
    queue.next(0);
    queue.next(0);
    queue.accepted(5);
    queue.retryLater(1, 1, 2_000, 10, false);
    queue.accepted(20);
    expect(queue.next(20)).toEqual({ waitMs: 1_990 });
  });

  it('banks no more acceptances than it has workers, so retries never outpace X', () => {
    const queue = new SegmentQueue([0, 1, 2, 3, 4], 2, first);
    for (let i = 0; i < 5; i++) queue.next(0);
    for (let i = 0; i < 5; i++) queue.accepted(0);
    queue.retryLater(0, 1, 1_000, 0, true);
    queue.retryLater(1, 1, 1_000, 0, true);
    queue.retryLater(2, 1, 1_000, 0, true);
    const early = [queue.next(0), queue.next(0), queue.next(0)];
    expect(early.slice(0, 2)).toEqual([
      { index: 0, failures: 1 },
      { index: 1, failures: 1 },
    ]);
    expect(early[2]).toEqual({ waitMs: 1_000 });
  });

  it('places a retry after one to `workers` fresh segments, at random, so a fault every n-th request does not meet it each time', () => {
    const last = () => 0.999;
    const queue = new SegmentQueue([0, 1, 2, 3, 4, 5], 3, last);
    queue.next(0);
    queue.retryLater(0, 1, 0, 0, true);
    expect([queue.next(0), queue.next(0), queue.next(0), queue.next(0)]).toEqual([
      { index: 1, failures: 0 },
      { index: 2, failures: 0 },
      { index: 3, failures: 0 },
      { index: 0, failures: 1 },
    ]);
  });

  it('wakes a worker waiting out a backoff when X accepts a sibling', async () => {
    const queue = new SegmentQueue([0, 1], 2, first);
    queue.next(0);
    queue.next(0);
    queue.retryLater(0, 1, 600_000, Date.now(), true);
    const wait = queue.next(Date.now());
    expect(wait).toHaveProperty('waitMs');
    const woken = queue.wait(600_000, never);
    queue.accepted(Date.now());
    await woken;
    expect(queue.next(Date.now())).toEqual({ index: 0, failures: 1 });
  });

  it('stops waiting with the signal’s reason when the upload is aborted', async () => {
    const queue = new SegmentQueue([0], 1, first);
    const controller = new AbortController();
    const waiting = queue.wait(600_000, controller.signal);
    controller.abort(new Error('cancelled by the caller'));
    await expect(waiting).rejects.toThrow('cancelled by the caller');
  });
});
