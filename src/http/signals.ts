// Joining abort signals without leaks.

/**
 * One signal that fires when any given signal does. Built from removable listeners rather than
 * AbortSignal.any, which on Node 20 keeps every composite alive as long as a long-lived source signal lives.
 */
export function linkSignals(...given: Array<AbortSignal | undefined>): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  const signals = given.filter((s): s is AbortSignal => s !== undefined);
  if (signals.length <= 1) return { signal: signals[0], dispose: () => {} };
  const linked = new AbortController();
  const abort = () => linked.abort();
  for (const signal of signals) {
    if (signal.aborted) linked.abort();
    signal.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: linked.signal,
    dispose: () => {
      for (const signal of signals) signal.removeEventListener('abort', abort);
    },
  };
}
