// One shared run of an async task, so concurrent callers needing the same token wait for one fetch.

import { AbortError } from '../http/errors.js';
import { onAbort } from '../http/signals.js';

/**
 * Runs `task` at most once at a time; callers arriving while it runs share its promise.
 * A failure is not remembered: the next call starts a new run.
 */
export class SingleFlight<T> {
  #running: Promise<T> | undefined;

  get running(): Promise<T> | undefined {
    return this.#running;
  }

  run(task: () => Promise<T>): Promise<T> {
    if (this.#running) return this.#running;
    const running = task().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }
}

/**
 * Waits for a shared promise on behalf of one caller. The caller's abort rejects only its own wait:
 * the shared work goes on for the others, and its result is kept.
 */
export function waitFor<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) {
    shared.catch(() => {});
    return Promise.reject(new AbortError());
  }
  return new Promise<T>((resolve, reject) => {
    // Every request waiting for the one token may share a signal: one listener on it whatever their number.
    const stopListening = onAbort(signal, () => reject(new AbortError()));
    shared.then(
      (value) => {
        stopListening();
        resolve(value);
      },
      (error: unknown) => {
        stopListening();
        reject(error);
      },
    );
  });
}
