// Reads X's rate-limit headers into one shape, for successes and errors alike.

export interface RateLimitWindow {
  /** Requests allowed in the window. */
  readonly limit: number;
  /** Requests left in the window. */
  readonly remaining: number;
  /** When the window resets. */
  readonly reset: Date;
}

export interface RateLimit extends RateLimitWindow {
  /** X's 24-hour app limit (`x-app-limit-24hour-*`), where the endpoint reports one. */
  readonly app24h?: RateLimitWindow;
  /** X's 24-hour user limit (`x-user-limit-24hour-*`), where the endpoint reports one. */
  readonly user24h?: RateLimitWindow;
}

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readWindow(headers: HeaderBag, prefix: string): RateLimitWindow | undefined {
  const limit = Number(header(headers, `${prefix}-limit`));
  const remaining = Number(header(headers, `${prefix}-remaining`));
  const reset = Number(header(headers, `${prefix}-reset`));
  if (![limit, remaining, reset].every(Number.isFinite) || header(headers, `${prefix}-reset`) === undefined) {
    return undefined;
  }
  return { limit, remaining, reset: new Date(reset * 1000) };
}

/** The rate limit a response reports, or `undefined` when it carries no `x-rate-limit-*` headers. */
export function parseRateLimit(headers: HeaderBag): RateLimit | undefined {
  const main = readWindow(headers, 'x-rate-limit');
  const app24h = readWindow(headers, 'x-app-limit-24hour');
  const user24h = readWindow(headers, 'x-user-limit-24hour');
  const base = main ?? app24h ?? user24h;
  if (!base) return undefined;
  return {
    ...base,
    ...(app24h ? { app24h } : {}),
    ...(user24h ? { user24h } : {}),
  };
}

/**
 * When the caller may try again: the latest reset among the exhausted windows, so that waiting for it
 * cannot end in another 429 from a window that was already empty. `undefined` when no window is used up
 * (a 429 for another reason, such as a connection limit): there is then no reset worth waiting for.
 */
export function exhaustedUntil(rateLimit: RateLimit | undefined): Date | undefined {
  if (!rateLimit) return undefined;
  const windows = [rateLimit, rateLimit.app24h, rateLimit.user24h].filter(
    (w): w is RateLimitWindow => w !== undefined && w.remaining <= 0,
  );
  if (windows.length === 0) return undefined;
  return new Date(Math.max(...windows.map((w) => w.reset.getTime())));
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
