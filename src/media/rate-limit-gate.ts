// X's media rate limit, shared by every request of one upload: a 429 closes the gate until X's reset, so
// sibling segments wait instead of spending requests on a window that is shut; a reset within the cap is
// waited for, a later one (or none) stops the upload with the time it reopens.

import { AbortError, RateLimitError } from '../http/errors.js';
import { sleep } from '../http/retry.js';

/** Waits for one command; beyond it the command gives up (X keeps answering 429 after its own reset). */
const MAX_WAITS_PER_REQUEST = 5;
/** Slack past X's reset for clocks that differ. */
const CLOCK_SLACK_MS = 500;

/** A 429 that cannot be waited for: X's window reopens at `resumeAt` (undefined when X did not say). */
export class RateLimitStop extends Error {
  readonly resumeAt: Date | undefined;
  readonly rateLimit: RateLimitError;
  constructor(error: RateLimitError) {
    super(error.message, { cause: error });
    this.resumeAt = error.reset;
    this.rateLimit = error;
  }
}

export interface MediaRateLimitWait {
  /** When the wait ends. */
  readonly until: Date;
  readonly error: RateLimitError;
}

export class RateLimitGate {
  readonly #maxWaitMs: number;
  readonly #onWait: ((wait: MediaRateLimitWait) => void) | undefined;
  /** Epoch ms until which no request of this upload is sent. */
  #closedUntil = 0;

  constructor(maxWaitMs: number, onWait?: (wait: MediaRateLimitWait) => void) {
    this.#maxWaitMs = maxWaitMs;
    this.#onWait = onWait;
  }

  /** Runs `send`, waiting out 429s whose reset is near; throws RateLimitStop for one that is not. */
  async run<T>(send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    for (let waits = 0; ; waits++) {
      await this.#pass(signal);
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof RateLimitError)) throw error;
        const until = error.reset ? error.reset.getTime() + CLOCK_SLACK_MS : undefined;
        if (until === undefined || until - Date.now() > this.#maxWaitMs || waits >= MAX_WAITS_PER_REQUEST) {
          throw new RateLimitStop(error);
        }
        if (until > this.#closedUntil) {
          this.#closedUntil = until;
          this.#onWait?.({ until: new Date(until), error });
        }
      }
    }
  }

  async #pass(signal: AbortSignal | undefined): Promise<void> {
    const ms = this.#closedUntil - Date.now();
    if (ms <= 0) return;
    try {
      await sleep(ms, signal);
    } catch {
      throw new AbortError('The upload was aborted while it waited for X’s media rate limit to reopen.');
    }
  }
}
