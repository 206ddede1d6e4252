// Catalogue cases where the caller misbehaves: absurd options, bad helper arguments, bad media input, aborts
// and calls around close().

import {
  AbortError,
  ConnectionError,
  InvalidMediaError,
  InvalidRequestError,
  PeonyError,
} from '../../src/index.js';
import { type Case, construct, silent } from './catalogue-kit.js';

export const INPUT_CASES: readonly Case[] = [
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
