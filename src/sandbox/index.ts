// The sandbox's public entry (`peony/sandbox`): start a local, faithful X API on a free port.

import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { SandboxClock } from './clock.js';
import type { SandboxContext } from './context.js';
import type { FaultController } from './faults.js';
import { loadServer } from './load-server.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import type { RateLimitOverride } from './rate-limits.js';
import type { NewAppInput, NewUserInput, SandboxApp, SandboxUser } from './store.js';
import { prepareTls } from './tls/setup.js';
import { viewUrlOf } from './view-session.js';

export type { SandboxClock } from './clock.js';
export type {
  AuthenticateOptions,
  AuthKind,
  AuthResult,
  RequestParams,
  SandboxContext,
  SandboxInspectors,
} from './context.js';
export type { ApiFlavor } from './errors.js';
export type { ActiveFault, FaultController, FaultKind, FaultRule, FaultRuleState } from './faults.js';
export { SandboxDependencyError } from './load-server.js';
export type {
  MediaProcessingOptions,
  ResolvedSandboxOptions,
  SandboxOptions,
  SandboxTlsOptions,
} from './options.js';
export type { RateLimitOverride, RateLimitRule } from './rate-limits.js';
export type {
  AuthorizationCode,
  NewAppInput,
  NewUserInput,
  OAuth1AccessToken,
  OAuth2AccessToken,
  OAuth2RefreshToken,
  PendingAuthorization,
  RequestToken,
  SandboxApp,
  SandboxStore,
  SandboxUser,
} from './store.js';

/** The default app's and default user's credentials: fixed, so they can be written into examples. */
export const DEFAULT_CREDENTIALS = {
  consumerKey: 'sandbox-consumer-key',
  consumerSecret: 'sandbox-consumer-secret',
  accessToken: '2244994945-sandbox-access-token',
  accessTokenSecret: 'sandbox-access-token-secret',
  bearerToken: 'AAAAAAAAAAAAAAAAAAAAAsandbox-bearer-token',
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
} as const;

export interface SandboxCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  bearerToken: string;
  clientId: string;
  clientSecret: string;
}

/** An app made by `sb.createApp()`, with every credential in clear. */
export interface CreatedApp {
  app: SandboxApp;
  consumerKey: string;
  consumerSecret: string;
  bearerToken: string;
  clientId: string;
  clientSecret: string;
}

/** A user made by `sb.createUser()`, with an OAuth 1.0a access token for an app (default: the default app). */
export interface CreatedUser {
  user: SandboxUser;
  accessToken: string;
  accessTokenSecret: string;
}

export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:54321` (`https://…` with `tls`; no trailing slash). Every X host maps to it. */
  readonly url: string;
  /** With `tls`: the PEM certificate a client must trust (the generated CA, or yours); else `undefined`. */
  readonly ca: string | undefined;
  /**
   * With `tls`: the file holding `ca` (removed on close), for `NODE_EXTRA_CA_CERTS`, `REQUESTS_CA_BUNDLE`
   * or `curl --cacert`; else `undefined`.
   */
  readonly caPath: string | undefined;
  /**
   * The live web view of everything the sandbox saw (`<url>/__sandbox/view/`): open it in a browser. With an
   * `adminToken` it carries the token once (`?token=`), which the view trades for a cookie.
   */
  readonly viewUrl: string;
  /** The default app's and user's credentials (see DEFAULT_CREDENTIALS). */
  readonly credentials: SandboxCredentials;
  /** The default user (`@XDevelopers`, id 2244994945). */
  readonly user: SandboxUser;
  /** Every user by id (live). */
  readonly users: ReadonlyMap<string, SandboxUser>;
  /**
   * Read-only views of area state, e.g. `await inspect.media(id)` (a Promise: the sha256 is streamed from
   * disk). Resolves `undefined` for unknown ids.
   */
  readonly inspect: { media(id: string): unknown; [area: string]: (id: string) => unknown };
  readonly faults: FaultController;
  readonly clock: SandboxClock;
  /** Changes rate limits while running (`set(key, { user: 2 })`), or forgets every window (`reset()`). */
  readonly rateLimits: {
    set(endpointKey: string, override: RateLimitOverride | undefined): void;
    reset(): void;
  };
  /**
   * Cuts every open stream: `end` closes cleanly, `reset` breaks the socket, `operational-disconnect`
   * (default) sends X's in-stream error first. Returns how many were cut.
   */
  readonly streams: {
    disconnectAll(mode?: 'end' | 'reset' | 'operational-disconnect'): number;
    /**
     * Sends `{data}` on the stream at `path` to every open connection of it (of the partition its post or user
     * id falls in): how a test feeds the user compliance and label streams, or a compliance event the sandbox
     * has no API call for. Returns how many connections got it.
     */
    publish(path: string, data: Record<string, unknown>): number;
  };
  /** The context areas receive; for tests that need to reach deeper. */
  readonly context: SandboxContext;
  createApp(input?: NewAppInput): CreatedApp;
  createUser(input?: NewUserInput, options?: { app?: SandboxApp }): CreatedUser;
  /** Ends streams, removes temp files, and resolves once the port is released. */
  close(): Promise<void>;
  /** `await using sb = await startSandbox()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const { buildServer, createContext, disconnectStreams, publishStreamMessage } = await loadServer();
  const ctx = createContext(resolved);
  const { store } = ctx;
  const user = store.createUser({ id: '2244994945', screenName: 'XDevelopers', name: 'X Developers' });
  const defaultApp = store.createApp({
    name: 'peony-sandbox',
    consumerKey: DEFAULT_CREDENTIALS.consumerKey,
    consumerSecret: DEFAULT_CREDENTIALS.consumerSecret,
    bearerToken: DEFAULT_CREDENTIALS.bearerToken,
    clientId: DEFAULT_CREDENTIALS.clientId,
    clientSecret: DEFAULT_CREDENTIALS.clientSecret,
    ownerId: user.id,
  });
  store.issueAccessToken(defaultApp.consumerKey, user.id, {
    token: DEFAULT_CREDENTIALS.accessToken,
    secret: DEFAULT_CREDENTIALS.accessTokenSecret,
  });

  const tls = await prepareTls(resolved);
  await mkdir(resolved.mediaDir, { recursive: true });
  const app = await buildServer(ctx, tls);
  try {
    await app.listen({ port: resolved.port, host: resolved.host });
  } catch (error) {
    await app.close();
    if (resolved.ownsMediaDir) await rm(resolved.mediaDir, { recursive: true, force: true });
    await tls?.remove();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  let closing: Promise<void> | undefined;

  const inspect = new Proxy({} as Sandbox['inspect'], {
    get: (_target, area) => (id: string) => {
      const inspector = typeof area === 'string' ? ctx.inspectors[area] : undefined;
      return inspector ? inspector(id) : undefined;
    },
  });

  const sandbox: Omit<Sandbox, typeof Symbol.asyncDispose> = {
    url: origin,
    viewUrl: viewUrlOf(origin, ctx.options.adminToken),
    ca: tls?.ca,
    caPath: tls?.caPath,
    credentials: { ...DEFAULT_CREDENTIALS },
    user,
    users: store.users,
    inspect,
    faults: ctx.faults,
    clock: ctx.clock,
    rateLimits: {
      set: (key, override) => ctx.rateLimiter.setOverride(key, override),
      reset: () => ctx.rateLimiter.reset(),
    },
    streams: {
      disconnectAll: (mode) => disconnectStreams(ctx, mode),
      publish: (path, data) => publishStreamMessage(ctx, path, data),
    },
    context: ctx,
    createApp(input = {}) {
      const created = store.createApp({ ownerId: user.id, ...input });
      return {
        app: created,
        consumerKey: created.consumerKey,
        consumerSecret: created.consumerSecret,
        bearerToken: created.bearerToken ?? '',
        clientId: created.clientId,
        clientSecret: created.clientSecret,
      };
    },
    createUser(input = {}, userOptions = {}) {
      const created = store.createUser(input);
      const token = store.issueAccessToken((userOptions.app ?? defaultApp).consumerKey, created.id);
      return { user: created, accessToken: token.token, accessTokenSecret: token.secret };
    },
    close() {
      closing ??= (async () => {
        ctx.events.emit('close');
        const results = await Promise.allSettled(ctx.closeHooks.map(async (hook) => hook()));
        await app.close();
        if (resolved.ownsMediaDir) await rm(resolved.mediaDir, { recursive: true, force: true });
        await tls?.remove();
        const failed = results.find((result) => result.status === 'rejected');
        if (failed && failed.status === 'rejected') throw failed.reason;
      })();
      return closing;
    },
  };
  return { ...sandbox, [Symbol.asyncDispose]: () => sandbox.close() };
}
