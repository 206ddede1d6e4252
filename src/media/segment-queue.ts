// The segments of a chunked upload still to send. A segment whose APPEND failed in a way worth retrying goes
// back in the queue until its backoff has passed, while the workers go on with the other segments: a 503 then
// costs the upload the segment's second sending, not a connection left idle through the backoff. A segment
// whose backoff has passed goes before the fresh ones (after at least one other), so retries are spread
// through the upload rather than left to its end, where nothing else would fill their backoff.
//
// Retries are clocked by X's acceptances, as TCP clocks its sending by acknowledgements: an APPEND that X
// accepted shows it is taking segments, so it lets one segment waiting out the client's own backoff go at once
// (or, when none waits, the next one to fail). Without that, the last segment of an upload to fail waits out
// a backoff of up to half a second with nothing else to send. A server that is down accepts nothing, so its
// failures wait out the full backoff; at most one early retry per acceptance, and no more banked than there are
// workers, so retries never outpace what X demonstrably accepts. A wait X asked for (Retry-After, a rate-limit
// reset) is never cut short. Where a retry goes among the fresh segments is jittered, as its backoff is: a
// fault that strikes every n-th request (one bad server of n behind a round-robin) would otherwise meet the
// same segment at the same place each time it is sent again.

import { onAbort } from '../http/signals.js';

interface Queued {
  readonly index: number;
  /** Failed attempts so far. */
  readonly failures: number;
  /** Not to be sent again before this time (ms since the epoch). */
  notBefore: number;
  /** It goes only once this many segments in all have been taken (or no fresh one is left). */
  readonly afterTaken: number;
  /** Whether the wait is only the client's own backoff, which an acceptance by X may cut short. */
  readonly ownBackoff: boolean;
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
  /** Acceptances not yet spent on an early retry, at most `#maxEarly`. */
  #early = 0;
  readonly #maxEarly: number;
  readonly #random: () => number;
  /** Workers waiting in `wait()`, woken when a segment is let go early. */
  readonly #waiting = new Set<() => void>();
  #taken = 0;

  /**
   * `workers`: how many APPENDs go at once, the most acceptances banked for early retries, and how many fresh
   * segments a retry may be placed after, beyond the one that always goes first.
   */
  constructor(indexes: readonly number[], workers: number, random: () => number = Math.random) {
    this.#fresh = [...indexes];
    this.#maxEarly = workers;
    this.#random = random;
  }

  /** A retry whose backoff has passed, else the next fresh segment, else how long until a retry may go. */
  next(now: number): NextSegment {
    const ready = this.#retries.findIndex(
      (queued) => queued.notBefore <= now && (this.#taken >= queued.afterTaken || this.#fresh.length === 0),
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

  /**
   * Puts a failed segment back, to be sent again after `delayMs`. `ownBackoff`: the delay is only the client's
   * backoff (not a wait X asked for), so an acceptance banked earlier lets it go at once.
   */
  retryLater(index: number, failures: number, delayMs: number, now: number, ownBackoff: boolean): void {
    const early = ownBackoff && this.#early > 0;
    if (early) this.#early--;
    this.#retries.push({
      index,
      failures,
      notBefore: early ? now : now + delayMs,
      afterTaken: this.#taken + 1 + Math.floor(this.#random() * this.#maxEarly),
      ownBackoff,
    });
  }

  /** X accepted an APPEND: the segment waiting longest on its own backoff goes now, or the acceptance is banked. */
  accepted(now: number): void {
    // The queue is in the order segments failed: the first found has waited longest.
    const waiting = this.#retries.find((queued) => queued.ownBackoff && queued.notBefore > now);
    if (waiting === undefined) {
      this.#early = Math.min(this.#maxEarly, this.#early + 1);
      return;
    }
    waiting.notBefore = now;
    for (const wake of [...this.#waiting]) wake();
  }

  /** Resolves after `ms`, or as soon as a segment is let go early; rejects with the reason when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const settle = () => {
        clearTimeout(timer);
        this.#waiting.delete(wake);
        stopListening();
      };
      const wake = () => {
        settle();
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#waiting.add(wake);
      const stopListening = onAbort(signal, () => {
        settle();
        reject(signal.reason);
      });
    });
  }
}
