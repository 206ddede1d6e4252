// Handlers and tasks, after peony-twitter's events: run a handler for each message of a stream with bounded
// concurrency, run periodic tasks, and run them all together under one signal so that one failure or one
// Ctrl-C stops everything cleanly.

import { AbortError, InvalidRequestError, PeonyError } from './http/errors.js';
import { sleep } from './http/retry.js';

export interface HandleOptions {
  /** Handlers running at once; the stream is not read further while all are busy. Default 1 (in order). */
  readonly concurrency?: number | undefined;
  /**
   * Called when a handler throws. Return (or resolve) `'continue'` to go on with the next message; anything
   * else stops, and the error is the outcome. Default: stop.
   */
  readonly onError?:
    | ((error: unknown, message: unknown) => 'continue' | 'stop' | Promise<'continue' | 'stop'>)
    | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `handler` for every message of `source` (a stream, a paginator, any AsyncIterable), at most
 * `concurrency` at a time. Resolves when the source ends and every handler has finished; rejects with the
 * first error that stops it. Aborting `signal` stops reading, lets running handlers finish, and rejects
 * with an AbortError.
 */
export async function handleEach<T>(
  source: AsyncIterable<T>,
  handler: (message: T) => unknown,
  options: HandleOptions = {},
): Promise<void> {
  // Plain JavaScript can pass anything: say what was wrong before a read starts.
  if (typeof (source as Partial<AsyncIterable<T>> | null)?.[Symbol.asyncIterator] !== 'function') {
    throw new InvalidRequestError(
      `handleEach() takes a stream or a paginator (an async iterable) as its source; got ${kindOf(source)}.`,
    );
  }
  if (typeof handler !== 'function') {
    throw new InvalidRequestError(`handleEach() takes a function as its handler; got ${kindOf(handler)}.`);
  }
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new PeonyError(`concurrency must be a whole number of at least 1, not ${concurrency}.`);
  }
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const iterator = source[Symbol.asyncIterator]();
  // Ends a read that may be waiting for a message that never comes (a quiet stream).
  const release = () => void Promise.resolve(iterator.return?.()).catch(() => undefined);
  const onAbort = release;
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const stop = (error: unknown) => {
    if (failure) return;
    failure = { error };
    release();
  };
  // Never rejects: a failure is recorded and stops the loop, so no task promise can go unhandled.
  const run = async (message: T) => {
    try {
      await handler(message);
    } catch (error) {
      try {
        if ((options.onError ? await options.onError(error, message) : 'stop') !== 'continue') stop(error);
      } catch (onErrorFailure) {
        stop(onErrorFailure);
      }
    }
  };

  try {
    while (!failure && !options.signal?.aborted) {
      const next = await iterator.next();
      if (next.done) break;
      const task = run(next.value).finally(() => running.delete(task));
      running.add(task);
      if (running.size >= concurrency) await Promise.race(running);
    }
  } catch (error) {
    failure ??= { error };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(running);
    if (failure || options.signal?.aborted) release();
  }
  if (failure) throw failure.error;
  if (options.signal?.aborted) throw new AbortError('Handling was stopped by its AbortSignal.');
}

/** A task: an async function that should end when its signal aborts. */
export type Task = (signal: AbortSignal) => Promise<unknown>;

/**
 * Runs `task` now and then every `intervalMs` after each run ends, until the signal aborts. A run that throws
 * ends the loop with that error.
 */
export function every(intervalMs: number, task: Task): Task {
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) {
    throw new PeonyError(`every() needs a positive interval in milliseconds, not ${intervalMs}.`);
  }
  if (typeof task !== 'function') {
    throw new InvalidRequestError(`every() takes a function as its task; got ${kindOf(task)}.`);
  }
  return async (signal) => {
    while (!signal.aborted) {
      await task(signal);
      await sleep(intervalMs, signal).catch(() => undefined);
    }
  };
}

export interface RunOptions {
  readonly signal?: AbortSignal | undefined;
  /** Stop on SIGINT and SIGTERM (for scripts). Default false. */
  readonly stopOnSignals?: boolean | undefined;
}

/**
 * Runs tasks together under one signal. The first task to fail aborts the others, and `run` rejects with its
 * error once they have all ended; aborting the given signal (or Ctrl-C, with `stopOnSignals`) ends them all
 * and `run` resolves. Tasks that end on their own simply end.
 */
export async function runTasks(tasks: readonly Task[], options: RunOptions = {}): Promise<void> {
  if (!Array.isArray(tasks) || !tasks.every((task) => typeof task === 'function')) {
    const what = Array.isArray(tasks)
      ? `a list holding ${kindOf(tasks.find((t) => typeof t !== 'function'))}`
      : kindOf(tasks);
    throw new InvalidRequestError(
      `runTasks() takes a list of tasks, each a function of a signal; got ${what}.`,
    );
  }
  const stop = new AbortController();
  const forward = () => stop.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) stop.abort();
  const signals: NodeJS.Signals[] = options.stopOnSignals ? ['SIGINT', 'SIGTERM'] : [];
  for (const name of signals) process.once(name, forward);
  let failure: { error: unknown } | undefined;
  try {
    await Promise.all(
      tasks.map(async (task) => {
        try {
          await task(stop.signal);
        } catch (error) {
          // After a stop, an abort is how a task ends, not a failure.
          if (stop.signal.aborted && (error instanceof AbortError || (error as Error)?.name === 'AbortError'))
            return;
          failure ??= { error };
          stop.abort();
        }
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', forward);
    for (const name of signals) process.removeListener(name, forward);
  }
  if (failure) throw failure.error;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
}
