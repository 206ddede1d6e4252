// The sandbox's own clock, so tests can jump past a token expiry or a rate-limit window without waiting.

/** A clock in epoch milliseconds that tests can move forward. */
export interface SandboxClock {
  /** Current sandbox time in epoch ms. */
  now(): number;
  /** Moves the clock forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
  /** Sets the clock to an absolute epoch ms. */
  set(epochMs: number): void;
}

/** `start` is a fixed epoch ms or a function read on every call; the offset applies on top of it. */
export function createClock(start?: number | (() => number)): SandboxClock {
  const base: () => number = typeof start === 'function' ? start : () => Date.now();
  let offset = typeof start === 'number' ? start - Date.now() : 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      offset += ms;
    },
    set(epochMs) {
      offset = epochMs - base();
    },
  };
}
