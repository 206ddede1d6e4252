// The reconnecting tweet streams end to end against the sandbox: delivery, keep-alives, drops, X's disconnect
// notice, stalls, 429 backoff, break and abort, and the errors a reconnect cannot fix.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConflictError,
  ConnectionError,
  ForbiddenError,
  PeonyClient,
  RateLimitError,
  UnauthorizedError,
} from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { StreamDisconnectError, StreamStallError } from '../../src/stream/errors.js';
import {
  addStreamRules,
  filteredStream,
  type ReconnectEvent,
  type StreamedTweet,
  sampleStream,
  type TweetStreamOptions,
} from '../../src/stream/index.js';

let sb: Sandbox;
let app: PeonyClient;
let poster: PeonyClient;

async function startWith(keepAliveMs: number) {
  sb = await startSandbox({ port: 0, keepAliveMs });
  app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
  poster = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
}

beforeEach(() => startWith(60_000));
afterEach(async () => {
  // The sandbox first: it ends any stream a failed test left open, which the clients' close() would wait for.
  await sb.close();
  await app.close();
  await poster.close();
});

/** Posts at once (an ApiPromise sends nothing until awaited). */
const post = (text: string): Promise<unknown> => Promise.resolve(poster.tweet(text));

const caught = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

/** Sleeps that return at once and remember how long they were asked to wait. */
function recordingSleep(onSleep?: (ms: number) => void | Promise<void>) {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    await onSleep?.(ms);
  };
  return { waits, sleep };
}

/** Iterates `stream` until `count` tweets arrived, posting `text` on each connection number in `postOn`. */
async function receive(
  options: TweetStreamOptions & { postOn: readonly number[]; text: string },
  count = 1,
): Promise<{ tweets: StreamedTweet[]; reconnects: ReconnectEvent[]; keepAlives: number }> {
  const reconnects: ReconnectEvent[] = [];
  const posts: Promise<unknown>[] = [];
  const stream = filteredStream(app, {
    ...options,
    onReconnect: (event) => reconnects.push(event),
    onConnect: ({ connection }) => {
      if (options.postOn.includes(connection)) posts.push(post(`${options.text} #${connection}`));
    },
  });
  const tweets: StreamedTweet[] = [];
  for await (const tweet of stream) {
    tweets.push(tweet);
    if (tweets.length >= count) break;
  }
  await Promise.all(posts);
  return { tweets, reconnects, keepAlives: stream.keepAlives };
}

/** The streams the sandbox holds open, from its admin view. */
function openStreams(): unknown[] {
  const view = sb.inspect['streams']?.('list') as { open: unknown[] } | undefined;
  if (!view) throw new Error('the sandbox has no streams view');
  return view.open;
}

/** Resolves once the sandbox holds no open stream (it has seen every connection close). */
async function sandboxSeesNoStream(): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (openStreams().length > 0) {
    if (Date.now() > deadline) throw new Error('the sandbox still holds a stream open');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('filtered stream', () => {
  it('delivers a tweet posted through the API, with the rules it matched, to an app-only client', async () => {
    const rules = await addStreamRules(app, [{ value: 'peony', tag: 'flowers' }, 'tulip']);
    const peonyRule = rules.data.find((rule) => rule.value === 'peony');
    // The consumer pair alone: the bearer is fetched from /oauth2/token.
    await using pairClient = new PeonyClient({
      consumerKey: sb.credentials.consumerKey,
      consumerSecret: sb.credentials.consumerSecret,
      baseUrl: sb.url,
    });
    let posted: Promise<unknown> | undefined;
    const stream = filteredStream(pairClient, {
      tweetFields: ['created_at', 'author_id'],
      expansions: ['author_id'],
      onConnect: () => {
        posted = post('a peony in bloom');
      },
    });
    let received: StreamedTweet | undefined;
    for await (const tweet of stream) {
      received = tweet;
      break;
    }
    await posted;
    expect(received?.data.text).toBe('a peony in bloom');
    expect(received?.data.author_id).toBe(sb.user.id);
    expect(typeof received?.data.created_at).toBe('string');
    expect(received?.includes?.users?.[0]?.username).toBe('XDevelopers');
    expect(received?.matching_rules).toEqual([{ id: peonyRule?.id, tag: 'flowers' }]);
    expect(stream.reconnects).toBe(0);
  });

  it('counts keep-alives, and close() ends an iteration that is waiting', async () => {
    await sb.close();
    await startWith(20);
    await addStreamRules(app, ['nothing-will-match']);
    let seen = 0;
    const stream = filteredStream(app, {
      onKeepAlive: () => {
        seen += 1;
        if (seen === 3) void stream.close();
      },
    });
    const tweets: StreamedTweet[] = [];
    for await (const tweet of stream) tweets.push(tweet);
    expect(tweets).toEqual([]);
    expect(stream.keepAlives).toBe(3);
    await sandboxSeesNoStream();
  });

  it('says 409 ConflictError when the app has no rules, without reconnecting', async () => {
    const reconnects: ReconnectEvent[] = [];
    const stream = filteredStream(app, { onReconnect: (event) => reconnects.push(event) });
    const error = await caught(
      (async () => {
        for await (const _ of stream) break;
      })(),
    );
    expect(error).toBeInstanceOf(ConflictError);
    // Not a bound reached: a reconnect cannot fix a 409, whatever maxReconnects says.
    expect(stream.reconnectsExhausted).toBe(false);
    expect(reconnects).toEqual([]);
  });

  it('ends with the typed error when credentials are refused: bad bearer 401, user context 403', async () => {
    await addStreamRules(app, ['peony']);
    await using bad = new PeonyClient({ bearerToken: 'AAAA-not-a-token', baseUrl: sb.url });
    const unauthorized = await caught(
      (async () => {
        for await (const _ of filteredStream(bad)) break;
      })(),
    );
    expect(unauthorized).toBeInstanceOf(UnauthorizedError);
    const forbidden = await caught(
      (async () => {
        for await (const _ of filteredStream(poster)) break;
      })(),
    );
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect((forbidden as ForbiddenError).problem?.problemType).toBe('unsupported-authentication');
  });
});

describe('reconnecting', () => {
  it('after a dropped connection that delivered nothing: waits 250 ms, then reconnects', async () => {
    await addStreamRules(app, ['peony']);
    sb.faults.add({ route: 'GET /2/tweets/search/stream', kind: 'drop', delayMs: 20, times: 1 });
    const { waits, sleep } = recordingSleep();
    const { tweets, reconnects } = await receive({ sleep, postOn: [2], text: 'peony after a drop' });
    expect(tweets[0]?.data.text).toBe('peony after a drop #2');
    expect(reconnects.map((r) => [r.attempt, r.delayMs])).toEqual([[1, 250]]);
    expect(reconnects[0]?.error).toBeInstanceOf(ConnectionError);
    expect(waits).toEqual([250]);
  });

  it('after a reset of a connection that had delivered: reconnects at once', async () => {
    await sb.close();
    await startWith(20);
    await addStreamRules(app, ['peony']);
    const { waits, sleep } = recordingSleep();
    let cut = false;
    const { tweets, reconnects } = await receive({
      sleep,
      postOn: [2],
      text: 'peony after a reset',
      onKeepAlive: () => {
        if (!cut) cut = sb.streams.disconnectAll('reset') === 1;
      },
    });
    expect(tweets[0]?.data.text).toBe('peony after a reset #2');
    expect(reconnects.map((r) => [r.attempt, r.delayMs])).toEqual([[1, 0]]);
    expect(waits).toEqual([]);
  });

  it('after X’s operational-disconnect message: reconnects at once, the notice in the event', async () => {
    await addStreamRules(app, ['peony']);
    const { sleep } = recordingSleep();
    let posts = 0;
    const reconnects: ReconnectEvent[] = [];
    const stream = filteredStream(app, {
      sleep,
      onReconnect: (event) => reconnects.push(event),
      onConnect: ({ connection }) => {
        if (connection === 1) setTimeout(() => sb.streams.disconnectAll('operational-disconnect'), 10);
        else void post(`peony after the notice ${++posts}`);
      },
    });
    for await (const tweet of stream) {
      expect(tweet.data.text).toBe('peony after the notice 1');
      break;
    }
    expect(reconnects).toHaveLength(1);
    expect(reconnects[0]?.delayMs).toBe(0);
    const error = reconnects[0]?.error as StreamDisconnectError;
    expect(error).toBeInstanceOf(StreamDisconnectError);
    expect(error.errors[0]?.['disconnect_type']).toBe('UpstreamOperationalDisconnect');
    expect(error.message).toContain('operational-disconnect');
  });

  it('after a stall (no byte for stallTimeoutMs): drops the connection and opens a new one', async () => {
    await sb.close();
    await startWith(30);
    await addStreamRules(app, ['peony']);
    sb.faults.add({ route: 'GET /2/tweets/search/stream', kind: 'stall', times: 1 });
    const { waits, sleep } = recordingSleep();
    const started = Date.now();
    const { tweets, reconnects } = await receive({
      sleep,
      stallTimeoutMs: 200,
      postOn: [2],
      text: 'peony after a stall',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(tweets[0]?.data.text).toBe('peony after a stall #2');
    expect(reconnects[0]?.error).toBeInstanceOf(StreamStallError);
    // The stalled connection had delivered nothing, so it counts as a TCP/IP failure.
    expect(waits).toEqual([250]);
    // The sandbox accepted the second connection: it saw the stalled one close (else: 429).
    expect(reconnects).toHaveLength(1);
  });

  it('on 429 (another connection of the app is open): waits 1 min, then 2 min, as X says', async () => {
    await addStreamRules(app, ['peony']);
    const blocker = filteredStream(app);
    const blockerDone = (async () => {
      for await (const _ of blocker) {
        // holds the app's one connection
      }
    })();
    await new Promise<void>((resolve) => {
      const check = () => (blocker.connections > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    const { waits, sleep } = recordingSleep(async () => {
      if (waits.length === 2) {
        await blocker.close();
        await sandboxSeesNoStream();
      }
    });
    const { tweets, reconnects } = await receive({ sleep, postOn: [1], text: 'peony after the 429s' });
    await blockerDone;
    expect(tweets[0]?.data.text).toBe('peony after the 429s #1');
    expect(waits).toEqual([60_000, 120_000]);
    expect(reconnects.map((r) => r.attempt)).toEqual([1, 2]);
    expect(reconnects[0]?.error).toBeInstanceOf(RateLimitError);
  });

  it('on 429 with the connection-attempt window exhausted: waits for X’s reset when that is later', async () => {
    await addStreamRules(app, ['peony']);
    sb.rateLimits.set('GET /2/tweets/search/stream', { app: 1 });
    const now = Date.now();
    const { waits, sleep } = recordingSleep(() => sb.rateLimits.reset());
    const first = await receive({ postOn: [1], text: 'peony, the one allowed attempt' });
    // The window opened with that first attempt, some time after `now`: at most this much later.
    const windowOpenedWithin = Date.now() - now;
    expect(first.tweets).toHaveLength(1);
    await sandboxSeesNoStream();
    const { tweets, reconnects } = await receive({
      sleep,
      now: () => now,
      postOn: [1],
      text: 'peony after the reset',
    });
    expect(tweets[0]?.data.text).toBe('peony after the reset #1');
    expect(reconnects[0]?.error).toBeInstanceOf(RateLimitError);
    // The sandbox's window is 15 minutes: the reset is later than the 1-minute backoff.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(14 * 60_000);
    expect(waits[0]).toBeLessThanOrEqual(15 * 60_000 + 1_000 + windowOpenedWithin);
  });

  it('maxReconnects bounds the reconnects in a row, then ends with the last error', async () => {
    await addStreamRules(app, ['peony']);
    sb.faults.add({ route: 'GET /2/tweets/search/stream', kind: 'drop', delayMs: 10 });
    const { waits, sleep } = recordingSleep();
    const reconnects: ReconnectEvent[] = [];
    const stream = filteredStream(app, { sleep, maxReconnects: 3, onReconnect: (e) => reconnects.push(e) });
    const error = await caught(
      (async () => {
        for await (const _ of stream) break;
      })(),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(stream.reconnectsExhausted).toBe(true);
    expect(waits).toEqual([250, 500, 750]);
    expect(reconnects.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });
});

describe('stopping', () => {
  it('break aborts the request: the sandbox sees the connection close and takes a new one at once', async () => {
    await addStreamRules(app, ['peony']);
    const first = await receive({ postOn: [1], text: 'peony before the break' });
    expect(first.tweets).toHaveLength(1);
    await sandboxSeesNoStream();
    const second = await receive({ postOn: [1], text: 'peony after the break' });
    expect(second.tweets[0]?.data.text).toBe('peony after the break #1');
    expect(second.reconnects).toEqual([]);
  });

  it('the caller’s AbortSignal stops it for good with an AbortError, while connected or while waiting', async () => {
    await addStreamRules(app, ['peony']);
    const controller = new AbortController();
    const stream = filteredStream(app, {
      signal: controller.signal,
      onConnect: () => setTimeout(() => controller.abort(), 20),
    });
    const error = await caught(
      (async () => {
        for await (const _ of stream) {
          // nothing will come
        }
      })(),
    );
    expect(error).toBeInstanceOf(AbortError);
    await sandboxSeesNoStream();

    // Aborted during a backoff wait, with the real sleep.
    sb.faults.add({ route: 'GET /2/tweets/search/stream', kind: 'drop', delayMs: 5 });
    const waiting = new AbortController();
    const reconnecting = filteredStream(app, {
      signal: waiting.signal,
      onReconnect: () => setTimeout(() => waiting.abort(), 20),
    });
    const started = Date.now();
    const second = await caught(
      (async () => {
        for await (const _ of reconnecting) break;
      })(),
    );
    expect(second).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(240);

    // Already aborted: nothing is sent.
    const never = filteredStream(app, {
      signal: AbortSignal.abort(),
      onConnect: () => expect.fail('connected'),
    });
    expect(
      await caught(
        (async () => {
          for await (const _ of never) break;
        })(),
      ),
    ).toBeInstanceOf(AbortError);
  });

  it('sends nothing until iterated, and iterates only once', async () => {
    await addStreamRules(app, ['peony']);
    const stream = filteredStream(app);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(openStreams()).toEqual([]);
    const iterator = stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
    await iterator.return?.();
    expect(stream.connections).toBe(0);
  });
});

describe('sample stream', () => {
  it('delivers tweets without rules or matching_rules', async () => {
    let posted: Promise<unknown> | undefined;
    const stream = sampleStream(app, {
      onConnect: () => {
        posted = post('anything at all');
      },
    });
    for await (const tweet of stream) {
      expect(tweet.data.text).toBe('anything at all');
      expect(tweet.matching_rules).toBeUndefined();
      break;
    }
    await posted;
  });
});
