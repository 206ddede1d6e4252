// Catalogue cases where the server misbehaves: redirects, 2xx without a usable body, error statuses, silent
// and broken connections, credentials echoed back.

import { Readable } from 'node:stream';
import {
  ApiError,
  ConnectionError,
  ForbiddenError,
  InvalidMediaError,
  NotFoundError,
  PeonyClient,
  PeonyError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
} from '../../src/index.js';
import {
  BEARER,
  type Case,
  CREDENTIALS,
  echo,
  echoSecret,
  FLOW_TOKEN_SECRET,
  fast,
  KB,
  me,
  REFRESH_TOKEN,
  rawGet,
  silent,
} from './catalogue-kit.js';

export const SERVER_CASES: readonly Case[] = [
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
  {
    name: 'the consumer secret echoed in the errors of a 200 without data, to userByUsername()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: echoSecret(200, CREDENTIALS.consumerSecret),
    run: (env) => env.client().userByUsername('jack'),
    // X's words are quoted, the secret in them is not.
    check: (error) => {
      if (!error.message.includes('Bad signature for secret [REDACTED]')) throw new Error(error.message);
    },
  },
  {
    name: 'the OAuth 1.0a consumer secret echoed in a 401 body and header',
    expect: UnauthorizedError,
    boundMs: 3_000,
    reply: echoSecret(401, CREDENTIALS.consumerSecret),
    run: rawGet,
  },
  {
    name: 'the OAuth 1.0a access token secret echoed in a 500 after retries',
    expect: ServerError,
    boundMs: 3_000,
    reply: echoSecret(500, CREDENTIALS.accessTokenSecret),
    run: (env) => rawGet(env, fast),
  },
  {
    name: 'the request token secret echoed by the access-token endpoint',
    expect: ForbiddenError,
    boundMs: 3_000,
    secrets: [FLOW_TOKEN_SECRET],
    reply: echoSecret(403, FLOW_TOKEN_SECRET),
    run: (env) =>
      env.client().oauth.accessToken({
        token: 'catalogue-request-token',
        tokenSecret: FLOW_TOKEN_SECRET,
        verifier: '1234',
      }),
  },
  {
    name: "the consumer secret quoted in a media input's own error",
    expect: InvalidMediaError,
    boundMs: 3_000,
    run: (env) =>
      env.client().uploadMedia(
        new Readable({
          read() {
            this.destroy(new Error(`cannot read with ${CREDENTIALS.consumerSecret}`));
          },
        }),
      ),
  },
  {
    name: 'an OAuth 2.0 refresh token echoed by the token endpoint',
    expect: PeonyError,
    boundMs: 3_000,
    secrets: [REFRESH_TOKEN],
    reply: echoSecret(400, REFRESH_TOKEN),
    run: (env) =>
      env
        .client({
          consumerKey: undefined,
          consumerSecret: undefined,
          accessToken: undefined,
          accessTokenSecret: undefined,
          oauth2: {
            clientId: 'catalogue-client',
            accessToken: BEARER,
            refreshToken: REFRESH_TOKEN,
            expiresAt: 0,
          },
        })
        .me(),
  },
];
