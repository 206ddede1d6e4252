// What the catalogue's cases share: their shape, the credentials they run with and the scripted replies and
// calls most of them use.

import { PeonyClient, type PeonyClientOptions, type PeonyError } from '../../src/index.js';
import type { Reply } from '../helpers/test-server.js';

export type ErrorClass = abstract new (...args: never[]) => PeonyError;

export interface CaseEnv {
  /** The scripted server's base URL (answers as the case's `reply` says). */
  readonly url: string;
  /** A port nothing listens on. */
  readonly closedUrl: string;
  /** Requests the scripted server received during the case. */
  readonly requests: () => number;
  /** Makes a client with the catalogue's credentials against the scripted server (closed by the runner). */
  client(options?: Partial<PeonyClientOptions>): PeonyClient;
}

export interface Case {
  readonly name: string;
  readonly expect: ErrorClass;
  readonly boundMs: number;
  /** How the scripted server answers every request of this case (default 200 `{}`). */
  readonly reply?: (request: {
    headers: Record<string, string | string[] | undefined>;
  }) => Reply | Promise<Reply>;
  readonly run: (env: CaseEnv) => unknown;
  /** Secrets of the case beyond the catalogue's credentials, which must not appear in the error either. */
  readonly secrets?: readonly string[];
  /** Extra checks on the error. */
  readonly check?: (error: PeonyError, env: CaseEnv) => void;
}

export const CREDENTIALS = {
  consumerKey: 'catalogue-consumer-key-7f3a',
  consumerSecret: 'catalogue-consumer-secret-91bd',
  accessToken: '1234-catalogue-access-token-5c2e',
  accessTokenSecret: 'catalogue-access-token-secret-d4e8',
} as const;
export const BEARER = 'AAAAcatalogue-bearer-token-0e61';
/** The secret of a request token in the middle of the OAuth 1.0a dance (never sent, only signed with). */
export const FLOW_TOKEN_SECRET = 'dance-secret-a9f0c3e1';
/** An OAuth 2.0 refresh token: sent only in the refresh request's form. */
export const REFRESH_TOKEN = 'catalogue-refresh-token-73bb';

/** A server that quotes `secret` (never sent to it, but a server or a proxy may know it) in body and header. */
export const echoSecret = (status: number, secret: string) => (): Reply => ({
  status,
  json: {
    errors: [{ code: 0, message: `Bad signature for secret ${secret}`, detail: encodeURIComponent(secret) }],
  },
  headers: { 'x-debug': `secret=${secret}` },
});

export const fast = { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 20 } } as const;
export const echo =
  (status: number) =>
  (request: { headers: Record<string, string | string[] | undefined> }): Reply => ({
    status,
    json: { errors: [{ code: 0, message: `You sent ${String(request.headers.authorization)}` }] },
    headers: { 'x-echo': String(request.headers.authorization) },
  });
export const KB = 1024;
/** A server that takes the request and never answers (no timer of its own: the client must end it). */
export const silent = (): Promise<Reply> => new Promise<Reply>(() => {});
export const me = (env: CaseEnv, options?: Partial<PeonyClientOptions>) => env.client(options).me();
export const rawGet = (env: CaseEnv, options?: Partial<PeonyClientOptions>) =>
  env.client(options).v2.users.me.get();
export const construct = (options: Record<string, unknown>) => () =>
  new PeonyClient({ ...CREDENTIALS, baseUrl: 'http://127.0.0.1:9', ...options } as PeonyClientOptions);
