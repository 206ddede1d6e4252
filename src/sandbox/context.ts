// What every sandbox area (auth, media, tweets, streams) receives: options, clock, store, auth,
// rate limits, faults, events, inspectors. The names exported here are stable; areas depend on them.

import type { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from './clock.js';
import type { ApiFlavor } from './errors.js';
import type { FaultController } from './faults.js';
import type { ResolvedSandboxOptions } from './options.js';
import type { SandboxApp, SandboxStore, SandboxUser } from './store.js';

export type { SandboxClock } from './clock.js';
export {
  type ApiFlavor,
  authFailure,
  invalidRequest,
  pageNotFound,
  rateLimited,
  SandboxHttpError,
  statusError,
  unsupportedAuthentication,
  uploadError,
  type V1ErrorEntry,
  type V2ProblemBody,
  v1Error,
  v2Problem,
  xError,
} from './errors.js';
export type { ActiveFault, FaultController, FaultKind, FaultRule } from './faults.js';
export type { ResolvedSandboxOptions, SandboxOptions } from './options.js';
export type { SandboxApp, SandboxStore, SandboxUser } from './store.js';

/** How a request was authenticated. */
export type AuthKind = 'oauth1' | 'app-bearer' | 'oauth2-user';

/** Who is calling: always an app, and a user for user-context credentials. */
export interface AuthResult {
  kind: AuthKind;
  app: SandboxApp;
  /** Present for `oauth1` and `oauth2-user`. */
  user?: SandboxUser;
  /** Granted OAuth 2.0 scopes (`oauth2-user` only); OAuth 1.0a user tokens pass every scope check. */
  scopes?: ReadonlySet<string>;
  /** OAuth 1.0a only: `read` tokens (x_auth_access_type=read) are refused on every non-GET request. */
  accessLevel?: 'read' | 'read-write';
}

export interface AuthenticateOptions {
  /** `user`: OAuth 1.0a or OAuth 2.0 user token; `app`: app-only bearer; `any`: either. */
  need: 'user' | 'app' | 'any';
  /** The error format failures use. */
  api: ApiFlavor;
  /**
   * OAuth 2.0 scopes the endpoint requires (e.g. `['media.write']`, `['tweet.read','tweet.write','users.read']`).
   * Checked only for OAuth 2.0 user tokens, as X does.
   */
  scopes?: readonly string[];
}

/** Per-area inspectors behind `sb.inspect.<area>(id)` and `GET /__sandbox/<area>/:id`. */
export interface SandboxInspectors {
  /** Set by the media area: the JSON view of one media item, or `undefined` if unknown. */
  media?: (id: string) => unknown;
  [area: string]: ((id: string) => unknown) | undefined;
}

/** Parameters of a request: query string merged with a form-urlencoded body (the body wins). */
export type RequestParams = Record<string, string>;

export interface SandboxContext {
  readonly options: ResolvedSandboxOptions;
  readonly clock: SandboxClock;
  /** Sandbox time in epoch ms. Use this, never Date.now(), so tests can move time. */
  now(): number;
  readonly store: SandboxStore;
  /** Shortcut for `store.state`: a named slot of per-area state created on first use. */
  state<T>(key: string, init: () => T): T;
  /** A new snowflake-style id (decimal string), increasing with the clock, unique in this sandbox. */
  nextId(): string;
  /**
   * Verifies the request's credentials (OAuth 1.0a signature, app bearer, OAuth 2.0 user token) and the
   * endpoint's needs. Throws a SandboxHttpError in X's format on failure. Never reads a multipart body.
   * Remembers the result on the request for rate-limit headers.
   */
  authenticate(request: FastifyRequest, options: AuthenticateOptions): Promise<AuthResult>;
  /** Throws X's 403 when an OAuth 2.0 user token lacks one of `scopes`; no-op for other credentials. */
  requireScopes(auth: AuthResult, scopes: readonly string[], api: ApiFlavor): void;
  /**
   * Counts one call of `endpointKey` (e.g. `'POST /2/tweets'`) in the caller's window (per user for
   * user-context, per app for app-only), sets the `x-rate-limit-*` headers on `reply` and throws 429
   * (code 88 on v1.1, problem on v2) when the window is exhausted.
   */
  rateLimit(request: FastifyRequest, reply: FastifyReply, endpointKey: string, auth?: AuthResult): void;
  /** Query + form body parameters of a request (first value of a repeated name). Never reads multipart. */
  params(request: FastifyRequest): RequestParams;
  readonly faults: FaultController;
  /**
   * Tweets area emits `'tweet'` for every tweet created; media area may emit `'media'`; the fault hooks emit
   * `'fault'` (request, fault) for each injection; the reset control emits `'reset'` after clearing its part.
   */
  readonly events: EventEmitter;
  readonly inspectors: SandboxInspectors;
  /** Registers cleanup run by `sb.close()` (end streams, remove files, clear timers). */
  onClose(cleanup: () => void | Promise<void>): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The raw text of an application/x-www-form-urlencoded body (needed to sign it). */
    rawFormBody?: string;
    /** Set by `ctx.authenticate` once the caller is known. */
    sandboxAuth?: AuthResult;
  }
}

/** Listens to the sandbox's events, each `name` with its handler, until `sb.close()` removes them all. */
export function onEventsUntilClose(
  ctx: SandboxContext,
  listeners: Record<string, (...args: never[]) => void>,
): void {
  // Each event has its own arguments; the emitter takes any listener.
  const entries = Object.entries(listeners) as [string, (...args: unknown[]) => void][];
  for (const [name, listener] of entries) ctx.events.on(name, listener);
  ctx.onClose(() => {
    for (const [name, listener] of entries) ctx.events.off(name, listener);
  });
}
