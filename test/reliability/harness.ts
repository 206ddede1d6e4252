// The four defect checks every reliability case runs under: no unhandled rejection, no uncaught exception,
// no hang past the case's bound, no handle left behind once the case has cleaned up.

import { expect } from 'vitest';
import { PeonyError } from '../../src/index.js';

// The standard streams are opened on first use (a pipe each under the test runner): open them now, so that
// a case that first writes a warning is not counted as leaking them.
void process.stdout;
void process.stderr;

export interface Defects {
  unhandled: unknown[];
  uncaught: unknown[];
}

/** Records unhandled rejections and uncaught exceptions while `run` goes, and stops recording after. */
export async function watchDefects<T>(run: () => Promise<T>): Promise<{ result: T; defects: Defects }> {
  const defects: Defects = { unhandled: [], uncaught: [] };
  const onUnhandled = (reason: unknown) => defects.unhandled.push(reason);
  const onUncaught = (error: unknown) => defects.uncaught.push(error);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUncaught);
  try {
    const result = await run();
    // A rejection nobody handles is reported on a later turn: give it one before looking.
    await new Promise((resolve) => setImmediate(resolve));
    return { result, defects };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUncaught);
  }
}

/** Handles by kind (sockets, timers, file requests) that the process holds right now. */
export function activeHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Kinds of handle held now beyond `before`, polled until they are gone or `withinMs` passes. */
export async function leakedHandles(before: Map<string, number>, withinMs = 2_000): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const now = activeHandles();
    const extra = [...now]
      .filter(([kind, n]) => n > (before.get(kind) ?? 0))
      .map(([kind, n]) => `${kind}×${n - (before.get(kind) ?? 0)}`);
    if (extra.length === 0 || Date.now() >= deadline) return extra;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export type Outcome =
  | { readonly kind: 'resolved'; readonly value: unknown; readonly ms: number }
  | { readonly kind: 'rejected'; readonly error: unknown; readonly ms: number }
  | { readonly kind: 'hung'; readonly ms: number };

/** Settles `promise` or reports a hang once `boundMs` has passed. */
export async function settleWithin(promise: Promise<unknown>, boundMs: number): Promise<Outcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), boundMs);
  });
  try {
    const outcome = await Promise.race([
      promise.then(
        (value) => ({ kind: 'resolved' as const, value }),
        (error: unknown) => ({ kind: 'rejected' as const, error }),
      ),
      hang,
    ]);
    const ms = performance.now() - started;
    return outcome === 'hung' ? { kind: 'hung', ms } : { ...outcome, ms };
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts a typed rejection: `expected` (a PeonyError subclass), within the bound, with a useful message. */
export function expectTypedRejection(
  outcome: Outcome,
  expected: abstract new (...args: never[]) => PeonyError,
  label: string,
): PeonyError {
  expect(outcome.kind, `${label}: settled`).not.toBe('hung');
  if (outcome.kind !== 'rejected') throw new Error(`${label}: expected ${expected.name}, but it resolved`);
  const error = outcome.error;
  expect(error, `${label}: a PeonyError`).toBeInstanceOf(PeonyError);
  expect(error, `${label}: ${String((error as Error).message)}`).toBeInstanceOf(expected);
  return error as PeonyError;
}
