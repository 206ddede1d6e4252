// The segments of a chunked upload still to send. A segment whose APPEND failed in a way worth retrying goes
// back in the queue until its backoff has passed, while the workers go on with the other segments: a 503 then
// costs the upload the segment's second sending, not a connection left idle through the backoff.

interface Queued {
  readonly index: number;
  /** Failed attempts so far. */
  readonly failures: number;
  /** Not to be sent again before this time (ms since the epoch). */
  readonly notBefore: number;
}

export type NextSegment =
  | { readonly index: number; readonly failures: number }
  /** Only segments waiting out a backoff are left: the soonest may go in `waitMs`. */
  | { readonly waitMs: number }
  /** Nothing is left to send (segments in flight may still come back). */
  | undefined;

export class SegmentQueue {
  readonly #queued: Queued[];

  constructor(indexes: readonly number[]) {
    this.#queued = indexes.map((index) => ({ index, failures: 0, notBefore: 0 }));
  }

  /** The first segment that may be sent now, in order; retried segments keep their place behind the others. */
  next(now: number): NextSegment {
    let soonest = Number.POSITIVE_INFINITY;
    for (const [position, queued] of this.#queued.entries()) {
      if (queued.notBefore <= now) {
        this.#queued.splice(position, 1);
        return { index: queued.index, failures: queued.failures };
      }
      soonest = Math.min(soonest, queued.notBefore);
    }
    return this.#queued.length === 0 ? undefined : { waitMs: soonest - now };
  }

  /** Puts a failed segment back, to be sent again after `delayMs`. */
  retryLater(index: number, failures: number, delayMs: number, now: number): void {
    this.#queued.push({ index, failures, notBefore: now + delayMs });
  }
}
