// The catalogue of bad inputs and server misbehaviours: each case says what it does, the typed error it
// must end in and the time it must end within. catalogue.test.ts runs each under the four defect checks.

import {
  AbortError,
  ApiError,
  ConnectionError,
  ForbiddenError,
  InvalidMediaError,
  InvalidRequestError,
  NotFoundError,
  PeonyClient,
  type PeonyClientOptions,
  PeonyError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
} from '../../src/index.js';
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

const fast = { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 20 } } as const;
const echo =
  (status: number) =>
  (request: { headers: Record<string, string | string[] | undefined> }): Reply => ({
    status,
    json: { errors: [{ code: 0, message: `You sent ${String(request.headers.authorization)}` }] },
    headers: { 'x-echo': String(request.headers.authorization) },
  });
const KB = 1024;
/** A server that takes the request and never answers (no timer of its own: the client must end it). */
const silent = (): Promise<Reply> => new Promise<Reply>(() => {});
const me = (env: CaseEnv, options?: Partial<PeonyClientOptions>) => env.client(options).me();
const rawGet = (env: CaseEnv, options?: Partial<PeonyClientOptions>) => env.client(options).v2.users.me.get();
const construct = (options: Record<string, unknown>) => () =>
  new PeonyClient({ ...CREDENTIALS, baseUrl: 'http://127.0.0.1:9', ...options } as PeonyClientOptions);

export const CATALOGUE: readonly Case[] = [
  // ——— 3xx: never followed, reported as what it is ———
  {
    name: '302 to a GET',
    expect: RedirectError,
    boundMs: 3_000,
    reply: () => ({ status: 302, headers: { location: '/elsewhere' } }),
    run: rawGet,
  },
  {
    name: '307 to a POST says it may or may not have been applied',
    expect: RedirectError,
    boundMs: 3_000,
    reply: () => ({ status: 307, headers: { location: 'https://evil.example/2/tweets' } }),
    run: (env) => env.client().tweet('hello'),
    check: (error, env) => {
      if (!/may or may not have been applied/.test(error.message)) throw new Error(error.message);
      if (env.requests() !== 1)
        throw new Error(`${env.requests()} requests: a redirect was followed or retried`);
    },
  },
  {
    name: '301 to a raw GET',
    expect: RedirectError,
    boundMs: 3_000,
    reply: () => ({ status: 301, headers: { location: '/x' } }),
    run: rawGet,
  },
  {
    name: '303 without Location',
    expect: RedirectError,
    boundMs: 3_000,
    reply: () => ({ status: 303 }),
    run: rawGet,
  },
  // ——— 2xx without the body the call needs ———
  {
    name: 'empty 200 to a raw GET',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ status: 200, text: '' }),
    run: (env) => rawGet(env, fast),
  },
  {
    name: 'empty 200 to tweet()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ status: 200, text: '' }),
    run: (env) => env.client().tweet('x'),
  },
  {
    name: 'JSON null to me()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ status: 200, json: null }),
    run: (env) => me(env, fast),
  },
  {
    name: '[1,2,3] to me()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: [1, 2, 3] }),
    run: (env) => me(env),
  },
  {
    name: '{} to me()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: {} }),
    run: (env) => me(env),
  },
  {
    name: '{"data":null} to userByUsername()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: { data: null } }),
    run: (env) => env.client().userByUsername('jack'),
  },
  {
    name: '{"data":"x"} to tweet()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: { data: 'x' } }),
    run: (env) => env.client().tweet('x'),
  },
  {
    name: '{"data":[]} to deleteTweet()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: { data: [] } }),
    run: (env) => env.client().deleteTweet('20'),
  },
  {
    name: 'HTML 200 to a raw GET',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ text: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }),
    run: (env) => rawGet(env, fast),
  },
  {
    name: 'JSON cut short',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ text: '{"data":{"id":"1', headers: { 'content-type': 'application/json' } }),
    run: (env) => rawGet(env, fast),
  },
  // ——— error statuses ———
  {
    name: '500 with an HTML body',
    expect: ServerError,
    boundMs: 3_000,
    reply: () => ({ status: 500, text: '<h1>oops</h1>' }),
    run: (env) => rawGet(env, fast),
  },
  {
    name: '503 with Retry-After 3600 on a GET is not waited for',
    expect: ServerError,
    boundMs: 2_000,
    reply: () => ({ status: 503, headers: { 'retry-after': '3600' }, json: {} }),
    run: rawGet,
    check: (_error, env) => {
      if (env.requests() !== 1) throw new Error(`${env.requests()} requests`);
    },
  },
  {
    name: '503 every time: retries then ServerError',
    expect: ServerError,
    boundMs: 3_000,
    reply: () => ({ status: 503, json: {} }),
    run: (env) => rawGet(env, fast),
  },
  {
    name: 'status 599',
    expect: ServerError,
    boundMs: 3_000,
    reply: () => ({ status: 599, json: {} }),
    run: (env) => rawGet(env, fast),
  },
  { name: '418', expect: ApiError, boundMs: 3_000, reply: () => ({ status: 418, json: {} }), run: rawGet },
  {
    name: '401',
    expect: UnauthorizedError,
    boundMs: 3_000,
    reply: () => ({ status: 401, json: {} }),
    run: rawGet,
  },
  {
    name: '403',
    expect: ForbiddenError,
    boundMs: 3_000,
    reply: () => ({ status: 403, json: {} }),
    run: rawGet,
  },
  {
    name: '404',
    expect: NotFoundError,
    boundMs: 3_000,
    reply: () => ({ status: 404, json: {} }),
    run: rawGet,
  },
  {
    name: '400 with a 10 MB body: the message stays short, the body stays whole',
    expect: ApiError,
    boundMs: 5_000,
    reply: () => ({ status: 400, json: { errors: [{ code: 44, message: 'x'.repeat(10 * 1024 * KB) }] } }),
    run: rawGet,
    check: (error) => {
      if (error.message.length > 4 * KB) throw new Error(`message of ${error.message.length} characters`);
      const body = (error as ApiError).body as { errors: { message: string }[] };
      if (body.errors[0]?.message.length !== 10 * 1024 * KB) throw new Error('body not kept whole');
    },
  },
  {
    name: '429 without a reset and waitOnRateLimit: no minute-long wait',
    expect: RateLimitError,
    boundMs: 4_000,
    reply: () => ({ status: 429, json: {} }),
    run: (env) =>
      rawGet(env, { waitOnRateLimit: true, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 10 } }),
  },
  {
    name: '429 with a reset an hour away and maxWaitMs 1 s',
    expect: RateLimitError,
    boundMs: 2_000,
    reply: () => ({
      status: 429,
      json: {},
      headers: {
        'x-rate-limit-remaining': '0',
        'x-rate-limit-limit': '1',
        'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      },
    }),
    run: (env) => rawGet(env, { waitOnRateLimit: { maxWaitMs: 1_000 } }),
  },
  // ——— connections and time ———
  {
    name: 'a silent server: the call settles at its totalTimeout, retries included',
    expect: TimeoutError,
    boundMs: 2_500,
    reply: silent,
    run: (env) => rawGet(env, { timeout: 400, totalTimeout: 1_000, ...fast }),
    check: (error) => {
      if (!/totalTimeout of 1000 ms/.test(error.message)) throw new Error(error.message);
    },
  },
  {
    name: 'a silent server on a POST: one attempt, TimeoutError',
    expect: TimeoutError,
    boundMs: 2_000,
    reply: silent,
    run: (env) => env.client({ timeout: 300 }).tweet('slow'),
  },
  {
    name: 'a reset connection on a GET',
    expect: ConnectionError,
    boundMs: 3_000,
    reply: () => ({ destroy: true }),
    run: (env) => rawGet(env, fast),
  },
  {
    name: 'a reset connection on a POST is not retried',
    expect: ConnectionError,
    boundMs: 3_000,
    reply: () => ({ destroy: true }),
    run: (env) => env.client(fast).tweet('once'),
    check: (_error, env) => {
      if (env.requests() !== 1) throw new Error(`${env.requests()} requests: a POST was retried`);
    },
  },
  {
    name: 'connection refused',
    expect: ConnectionError,
    boundMs: 3_000,
    run: (env) => new PeonyClient({ ...CREDENTIALS, baseUrl: env.closedUrl, retry: false }).me(),
  },
  // ——— echoed secrets (the runner checks message, stack, JSON and inspect for every credential) ———
  {
    name: 'OAuth 1.0a header echoed in a 401 body and header',
    expect: UnauthorizedError,
    boundMs: 3_000,
    reply: echo(401),
    run: rawGet,
  },
  {
    name: 'bearer echoed in a 403',
    expect: ForbiddenError,
    boundMs: 3_000,
    reply: echo(403),
    run: (env) =>
      env
        .client({
          consumerKey: undefined,
          consumerSecret: undefined,
          accessToken: undefined,
          accessTokenSecret: undefined,
          bearerToken: BEARER,
        })
        .v2.tweets.search.recent.get({ query: 'a' }),
  },
  {
    name: 'Basic key:secret echoed by the token endpoint',
    expect: PeonyError,
    boundMs: 3_000,
    reply: echo(403),
    run: (env) =>
      env
        .client({ accessToken: undefined, accessTokenSecret: undefined })
        .v2.tweets.search.recent.get({ query: 'a' }),
  },
  {
    name: 'OAuth header echoed in a 500 after retries',
    expect: ServerError,
    boundMs: 3_000,
    reply: echo(500),
    run: (env) => rawGet(env, fast),
  },
  {
    name: 'OAuth header echoed in a 200 that is not JSON',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: (request) => ({ text: `not json ${String(request.headers.authorization)}` }),
    run: (env) => rawGet(env, fast),
  },
  // ——— options refused at construction ———
  { name: 'timeout: 1e12', expect: InvalidRequestError, boundMs: 500, run: construct({ timeout: 1e12 }) },
  { name: 'timeout: -1', expect: InvalidRequestError, boundMs: 500, run: construct({ timeout: -1 }) },
  {
    name: 'timeout: NaN',
    expect: InvalidRequestError,
    boundMs: 500,
    run: construct({ timeout: Number.NaN }),
  },
  { name: 'totalTimeout: 0', expect: InvalidRequestError, boundMs: 500, run: construct({ totalTimeout: 0 }) },
  {
    name: 'retry: { retries: 1e9 }',
    expect: InvalidRequestError,
    boundMs: 500,
    run: construct({ retry: { retries: 1e9 } }),
  },
  {
    name: 'retry: { retries: 1.5 }',
    expect: InvalidRequestError,
    boundMs: 500,
    run: construct({ retry: { retries: 1.5 } }),
  },
  {
    name: 'retry: { maxDelayMs: -5 }',
    expect: InvalidRequestError,
    boundMs: 500,
    run: construct({ retry: { maxDelayMs: -5 } }),
  },
  { name: "retry: 'yes'", expect: InvalidRequestError, boundMs: 500, run: construct({ retry: 'yes' }) },
  {
    name: 'waitOnRateLimit: { maxWaitMs: 1e12 }',
    expect: InvalidRequestError,
    boundMs: 500,
    run: construct({ waitOnRateLimit: { maxWaitMs: 1e12 } }),
  },
  {
    name: 'baseUrl ftp://',
    expect: InvalidRequestError,
    boundMs: 500,
    run: construct({ baseUrl: 'ftp://example.com' }),
  },
  // ——— helper arguments ———
  {
    name: 'tweet(null)',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().tweet(null as never),
  },
  {
    name: 'tweet(123)',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().tweet(123 as never),
  },
  {
    name: "tweet('   ')",
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().tweet('   '),
  },
  {
    name: 'tweet with 5 media ids',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().tweet({ text: 'x', mediaIds: ['1', '2', '3', '4', '5'] }),
  },
  {
    name: 'tweet with a lone high surrogate',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().tweet('cut \uD83D'),
  },
  {
    name: 'tweet with a lone low surrogate',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().tweet('\uDE00 cut'),
  },
  {
    name: 'deleteTweet({})',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().deleteTweet({} as never),
  },
  {
    name: "deleteTweet('abc')",
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().deleteTweet('abc'),
  },
  {
    name: "getTweet('../users')",
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().getTweet('../users'),
  },
  {
    name: 'userByUsername(123)',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().userByUsername(123 as never),
  },
  {
    name: 'userByUsername of 30 characters',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().userByUsername('a'.repeat(30)),
  },
  {
    name: "v2.users.me.get('q=1')",
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().v2.users.me.get('q=1' as never),
  },
  {
    name: 'v2.users.me.get([1])',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().v2.users.me.get([1] as never),
  },
  {
    name: 'a JSON body with a lone surrogate',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().v2.tweets.post({ text: 'a\uDC00' }),
  },
  {
    name: 'a query with a lone surrogate',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().v2.tweets.search.recent.get({ query: '\uD800' }),
  },
  {
    name: 'a per-call timeout of 1e12',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().v2.users.me.get({}, { timeout: 1e12 }),
  },
  {
    name: 'a per-call retry of 1e9',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().v2.users.me.get({}, { retry: { retries: 1e9 } }),
  },
  // ——— uploadMedia input and options ———
  {
    name: "uploadMedia api '1.1'",
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().uploadMedia(new Uint8Array(10), { api: '1.1' as never }),
  },
  {
    name: "uploadMedia api 'v3'",
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().uploadMedia(new Uint8Array(10), { api: 'v3' as never }),
  },
  {
    name: 'uploadMedia chunkSize 0',
    expect: InvalidMediaError,
    boundMs: 500,
    run: (env) => env.client().uploadMedia(new Uint8Array(10), { chunkSize: 0 }),
  },
  {
    name: 'uploadMedia concurrency 100',
    expect: InvalidMediaError,
    boundMs: 500,
    run: (env) => env.client().uploadMedia(new Uint8Array(10), { concurrency: 100 }),
  },
  {
    name: 'uploadMedia retries 1e9',
    expect: InvalidRequestError,
    boundMs: 500,
    run: (env) => env.client().uploadMedia(new Uint8Array(10), { retries: 1e9 }),
  },
  {
    name: 'uploadMedia(12345)',
    expect: InvalidMediaError,
    boundMs: 500,
    run: (env) => env.client().uploadMedia(12345 as never),
  },
  {
    name: 'uploadMedia of a missing path',
    expect: InvalidMediaError,
    boundMs: 1_000,
    run: (env) => env.client().uploadMedia('/nonexistent/peony/file.png'),
  },
  {
    name: 'uploadMedia of a directory',
    expect: InvalidMediaError,
    boundMs: 1_000,
    run: (env) => env.client().uploadMedia('/tmp'),
  },
  {
    name: 'uploadMedia of 0 bytes',
    expect: InvalidMediaError,
    boundMs: 1_000,
    run: (env) => env.client().uploadMedia(new Uint8Array(0)),
  },
  {
    name: 'uploadMedia of bytes of no known type',
    expect: InvalidMediaError,
    boundMs: 1_000,
    run: (env) => env.client().uploadMedia(new Uint8Array(4096).fill(7)),
  },
  {
    name: 'uploadMedia of an ftp: URL',
    expect: InvalidMediaError,
    boundMs: 1_000,
    run: (env) => env.client().uploadMedia(new URL('ftp://example.com/a.png')),
  },
  {
    name: 'uploadMedia of an http URL answering 500',
    expect: InvalidMediaError,
    boundMs: 3_000,
    reply: () => ({ status: 500, text: 'down' }),
    run: (env) => env.client().uploadMedia(`${env.url}/a.png`),
  },
  {
    name: 'uploadMedia of a URL on a closed port',
    expect: ConnectionError,
    boundMs: 3_000,
    run: (env) => env.client().uploadMedia(`${env.closedUrl}/a.png`),
  },
  // ——— aborts and closing ———
  {
    name: 'a signal aborted before the call',
    expect: AbortError,
    boundMs: 1_000,
    run: (env) => env.client().v2.users.me.get({}, { signal: AbortSignal.abort() }),
  },
  {
    name: 'a signal aborted mid-call',
    expect: AbortError,
    boundMs: 2_000,
    reply: silent,
    run: (env) => env.client().v2.users.me.get({}, { signal: AbortSignal.timeout(100) }),
  },
  {
    name: 'a call after close()',
    expect: PeonyError,
    boundMs: 1_000,
    run: async (env) => {
      const client = env.client();
      await client.close();
      return client.me();
    },
  },
  {
    name: 'close() while a call is in flight',
    expect: PeonyError,
    boundMs: 2_000,
    reply: silent,
    run: (env) => {
      const client = env.client();
      const call = client.me().then(
        (value) => value,
        (error: unknown) => Promise.reject(error),
      );
      setTimeout(() => void client.close(), 100);
      return call;
    },
  },
];
