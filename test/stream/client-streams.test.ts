// Streams as client methods: closing the client ends their loops at once and cleanly, and a client that
// waits on rate limits still follows X's 429 rules on streams instead of waiting for a 15-minute window.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReconnectEvent, StreamedTweet } from '../../src/entry/types.js';
import { AbortError, PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { waitFor } from '../helpers/wait-for.js';
import { activeHandles, leakedHandles, watchDefects } from '../reliability/harness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await startSandbox({ port: 0, keepAliveMs: 50 });
});
afterEach(() => sb.close());

/** How reading `stream` ends: its first message ('message'), a clean end ('ended'), or what it threw. */
const outcomeOf = (stream: AsyncIterable<unknown>): Promise<unknown> =>
  (async () => {
    for await (const _ of stream) return 'message';
    return 'ended';
  })().catch((e: unknown) => e);

/** `app`'s sample stream being read, and a promise of its first wait between reconnects. */
function readUntilReconnecting(app: PeonyClient) {
  let waiting: () => void = () => {};
  const reconnecting = new Promise<void>((resolve) => {
    waiting = resolve;
  });
  const stream = app.sampleStream({ onReconnect: () => waiting() });
  return { stream, reconnecting, iteration: outcomeOf(stream) };
}

describe('client streams', () => {
  it('delivers posted tweets through client.filteredStream with rules from client.streamRules', async () => {
    const app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
    const poster = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
    const added = await app.streamRules.add([{ value: 'peony', tag: 'flowers' }]);
    expect(added.meta.summary.created).toBe(1);
    // Post once the connection is open, so the tweet is live when it is created.
    const stream = app.filteredStream({
      expansions: ['author_id'],
      onConnect: () => void Promise.resolve(poster.tweet('a peony opens')),
    });
    const received: StreamedTweet[] = [];
    for await (const message of stream) {
      received.push(message);
      break;
    }
    expect(received[0]?.data.text).toBe('a peony opens');
    expect(received[0]?.includes?.users?.[0]?.id).toBe(sb.user.id);
    expect(received[0]?.matching_rules?.[0]?.tag).toBe('flowers');
    expect((await app.streamRules.get()).map((r) => r.value)).toEqual(['peony']);
    await app.close();
    await poster.close();
  }, 10_000);

  // A client closed on purpose ends its streams as `break` or stream.close() would: the loop finishes.
  it('close() on the client ends an open stream’s for-await at once, without an error, leaking nothing', async () => {
    const before = activeHandles();
    const { result, defects } = await watchDefects(async () => {
      const app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
      await app.streamRules.add(['anything']);
      const stream = app.filteredStream();
      const iteration = (async () => {
        for await (const _ of stream) {
          // no tweets arrive; only keep-alives
        }
        return 'ended';
      })().catch((e: unknown) => e);
      await waitFor(() => stream.connections > 0, 'the stream to connect');
      const started = Date.now();
      await app.close();
      const outcome = await iteration;
      return { outcome, ms: Date.now() - started };
    });
    expect(result.outcome).toBe('ended');
    expect(result.ms).toBeLessThan(1_000);
    expect(defects).toEqual({ unhandled: [], uncaught: [] });
    expect(await leakedHandles(before)).toEqual([]);
  });

  it('close() during a wait between reconnects (X’s 5 s after a 503) ends the loop at once, leaving no timer', async () => {
    const before = activeHandles();
    sb.faults.add({ route: 'GET /2/tweets/sample/stream', kind: 'error', status: 503 });
    const { result, defects } = await watchDefects(async () => {
      const app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
      const { stream, reconnecting, iteration } = readUntilReconnecting(app);
      await reconnecting;
      const started = Date.now();
      await app.close();
      const outcome = await iteration;
      return { outcome, ms: Date.now() - started, connections: stream.connections };
    });
    expect(result.outcome).toBe('ended');
    expect(result.ms).toBeLessThan(1_000);
    expect(defects).toEqual({ unhandled: [], uncaught: [] });
    expect(await leakedHandles(before)).toEqual([]);
  });

  it('close() while a stream is still connecting (its answer held back) ends the loop at once, leaking nothing', async () => {
    sb.faults.add({ route: 'GET /2/tweets/sample/stream', kind: 'delay', delayMs: 300, times: 1 });
    const before = activeHandles();
    const { result, defects } = await watchDefects(async () => {
      const app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
      const stream = app.sampleStream();
      const iteration = outcomeOf(stream);
      await waitFor(() => sb.faults.list()[0]?.fired === 1, 'the stream request to reach the sandbox');
      await app.close();
      return { outcome: await iteration, connections: stream.connections };
    });
    expect(result).toEqual({ outcome: 'ended', connections: 0 });
    expect(defects).toEqual({ unhandled: [], uncaught: [] });
    // The sandbox's side too: the connection it opened after the delay for a client already gone ends at once.
    expect(await leakedHandles(before)).toEqual([]);
  });

  it('close() ends a dozen streams of one client at once (one connected, the others in X’s 429 wait), with no listener warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
      const caller = new AbortController();
      let reconnecting = 0;
      const streams = Array.from({ length: 12 }, () =>
        app.sampleStream({
          signal: caller.signal,
          onReconnect: () => {
            reconnecting += 1;
          },
        }),
      );
      const loops = streams.map((stream) =>
        (async () => {
          for await (const _ of stream) {
            // keep-alives only
          }
          return 'ended';
        })().catch((e: unknown) => e),
      );
      const deadline = Date.now() + 5_000;
      while (reconnecting < 11 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(reconnecting).toBe(11);
      const started = Date.now();
      await app.close();
      expect(await Promise.all(loops)).toEqual(Array(12).fill('ended'));
      expect(Date.now() - started).toBeLessThan(1_000);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('the client’s own signal ends a stream waiting between reconnects at once, with an AbortError', async () => {
    sb.faults.add({ route: 'GET /2/tweets/sample/stream', kind: 'error', status: 503 });
    const controller = new AbortController();
    await using app = new PeonyClient({
      bearerToken: sb.credentials.bearerToken,
      baseUrl: sb.url,
      signal: controller.signal,
    });
    const { reconnecting, iteration } = readUntilReconnecting(app);
    await reconnecting;
    const started = Date.now();
    controller.abort();
    const outcome = await iteration;
    // X's wait after a 503 is 5 s: the abort does not sit it out.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(outcome).toBeInstanceOf(AbortError);
  });

  it('a stream made before close() and iterated after it ends at once without sending anything', async () => {
    const app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
    const stream = app.sampleStream();
    await app.close();
    const received: unknown[] = [];
    for await (const tweet of stream) received.push(tweet);
    expect(received).toEqual([]);
    expect(stream.connections).toBe(0);
  });

  it('uses X’s 429 backoff on streams even when the client waits on rate limits', async () => {
    const app = new PeonyClient({
      bearerToken: sb.credentials.bearerToken,
      baseUrl: sb.url,
      waitOnRateLimit: true,
    });
    await app.streamRules.add(['anything']);
    const holder = app.filteredStream();
    const holding = (async () => {
      for await (const _ of holder) break;
    })();
    await waitFor(() => holder.connections > 0, 'the first stream to connect');
    const waits: ReconnectEvent[] = [];
    const second = app.filteredStream({
      maxReconnects: 1,
      onReconnect: (e) => waits.push(e),
      sleep: async () => {},
    });
    const started = Date.now();
    const outcome = await (async () => {
      for await (const _ of second) return 'message';
      return 'ended';
    })().catch((e: unknown) => e);
    expect((outcome as { status?: number }).status).toBe(429);
    expect(waits.map((w) => w.delayMs)).toEqual([60_000]);
    expect(Date.now() - started).toBeLessThan(2_000);
    await holder.close();
    await holding;
    await app.close();
  });
});

describe('streams from a user-context client', () => {
  it('go through an app-only twin made from the consumer pair, sharing the pool, closed with the client', async () => {
    const user = new PeonyClient({ ...sb.credentials, bearerToken: undefined, baseUrl: sb.url });
    expect(user.authKind).toBe('oauth1-user');
    expect(user.appOnly().authKind).toBe('app-bearer');
    expect(user.appOnly()).toBe(user.appOnly());
    await user.streamRules.add(['twin']);
    let posted: Promise<unknown> = Promise.resolve();
    const stream = user.filteredStream({
      onConnect: () => {
        posted = Promise.resolve(user.tweet('a twin tweet'));
      },
    });
    for await (const message of stream) {
      expect(message.data.text).toBe('a twin tweet');
      break;
    }
    // The stream can deliver the tweet before the POST has its answer: closing now would cut that POST.
    await posted;
    const twin = user.appOnly();
    await user.close();
    // The twin is closed with its client, and no new one is made for a closed client.
    expect(await twin.v2.users.me.get().catch((e: unknown) => (e as Error).message)).toMatch(/closed/);
    expect(() => user.appOnly()).toThrow(/closed/);
  });

  it('end cleanly when the user-context client is closed (its app-only twin closes with it)', async () => {
    const user = new PeonyClient({ ...sb.credentials, bearerToken: undefined, baseUrl: sb.url });
    const stream = user.sampleStream();
    const iteration = (async () => {
      for await (const _ of stream) {
        // keep-alives only
      }
      return 'ended';
    })().catch((e: unknown) => e);
    await waitFor(() => stream.connections > 0, 'the stream to connect');
    await user.close();
    expect(await iteration).toBe('ended');
  });

  it('say what to do when the client has no app credentials', () => {
    const oauth2Only = new PeonyClient({ baseUrl: sb.url, oauth2: { clientId: 'c', accessToken: 'a' } });
    expect(() => oauth2Only.filteredStream()).toThrow(/bearerToken, or with consumerKey and consumerSecret/);
  });
});
