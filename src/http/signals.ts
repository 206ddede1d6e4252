// Joining abort signals without leaks, and without one listener per request on a shared signal.

interface Fanout {
  readonly callbacks: Set<() => void>;
  readonly dispatch: () => void;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();

/**
 * Calls `callback` once when `signal` aborts; returns the function that stops listening. However many requests
 * listen to one signal (the client's closing signal, a long-lived signal of the caller's), the signal holds one
 * listener, so 11 requests in flight no longer trip Node's MaxListenersExceededWarning, and once they have all
 * stopped listening the signal holds nothing of them (only the one listener, for the next requests).
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let fanout = fanouts.get(signal);
  if (!fanout) {
    const callbacks = new Set<() => void>();
    const dispatch = () => {
      fanouts.delete(signal);
      for (const listener of [...callbacks]) listener();
      callbacks.clear();
    };
    fanout = { callbacks, dispatch };
    fanouts.set(signal, fanout);
    signal.addEventListener('abort', dispatch, { once: true });
  }
  // A wrapper of its own, so that the same callback given twice is two subscriptions.
  const listener = () => callback();
  const { callbacks } = fanout;
  callbacks.add(listener);
  // The signal keeps its one listener when the set empties: requests one after another would otherwise add
  // and remove it each time (a few percent of a small request). The set holds nothing of finished requests.
  return () => {
    callbacks.delete(listener);
  };
}

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
  const stops: Array<() => void> = [];
  for (const signal of signals) {
    if (signal.aborted) linked.abort();
    else stops.push(onAbort(signal, abort));
  }
  return {
    signal: linked.signal,
    dispose: () => {
      for (const stop of stops) stop();
    },
  };
}
