// The segments of a chunked upload still to send. A segment whose APPEND failed in a way worth retrying goes
// back in the queue until its backoff has passed, while the workers go on with the other segments: a 503 then
// costs the upload the segment's second sending, not a connection left idle through the backoff. A segment
// whose backoff has passed goes before the fresh ones (after at least one other), so retries are spread
// through the upload rather than left to its end, where nothing else would fill their backoff.

interface Queued {
  readonly index: number;
  /** Failed attempts so far. */
  readonly failures: number;
  /** Not to be sent again before this time (ms since the epoch). */
  readonly notBefore: number;
  /** How many segments had been taken when it was put back: another must be taken before it. */
  readonly takenBefore: number;
}

export type NextSegment =
  | { readonly index: number; readonly failures: number }
  /** Only segments waiting out a backoff are left: the soonest may go in `waitMs`. */
  | { readonly waitMs: number }
  /** Nothing is left to send (segments in flight may still come back). */
  | undefined;

export class SegmentQueue {
  readonly #fresh: number[];
  readonly #retries: Queued[] = [];
  #taken = 0;

  constructor(indexes: readonly number[]) {
    this.#fresh = [...indexes];
  }

  /** A retry whose backoff has passed, else the next fresh segment, else how long until a retry may go. */
  next(now: number): NextSegment {
    const ready = this.#retries.findIndex(
      (queued) => queued.notBefore <= now && (this.#taken > queued.takenBefore || this.#fresh.length === 0),
    );
    if (ready !== -1) {
      const [queued] = this.#retries.splice(ready, 1) as [Queued];
      this.#taken++;
      return { index: queued.index, failures: queued.failures };
    }
    const fresh = this.#fresh.shift();
    if (fresh !== undefined) {
      this.#taken++;
      return { index: fresh, failures: 0 };
    }
    if (this.#retries.length === 0) return undefined;
    return { waitMs: Math.max(0, Math.min(...this.#retries.map((queued) => queued.notBefore)) - now) };
  }

  /** Puts a failed segment back, to be sent again after `delayMs`. */
  retryLater(index: number, failures: number, delayMs: number, now: number): void {
    this.#retries.push({ index, failures, notBefore: now + delayMs, takenBefore: this.#taken });
  }
}
