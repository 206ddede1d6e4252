// The sandbox's context plus what only the server and startSandbox need, apart from server.ts so that the
// route files can name it without importing the server that imports them.

import type { SandboxContext } from './context.js';
import type { RateLimiter } from './rate-limits.js';

/** The context plus what only the server and startSandbox need. */
export interface SandboxInternals extends SandboxContext {
  readonly rateLimiter: RateLimiter;
  readonly closeHooks: Array<() => void | Promise<void>>;
  /** Every route the server registered, as `METHOD /url/:param` (the coverage table reads it). */
  readonly routes: Set<string>;
}
