// Handlers and tasks over real streams and pages from the sandbox.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamedTweet } from '../src/entry/types.js';
import { every, handleEach, InvalidRequestError, PeonyClient, runTasks, type Tweet } from '../src/index.js';
import { type Sandbox, startSandbox } from '../src/sandbox/index.js';

let sb: Sandbox;
let client: PeonyClient;
let app: PeonyClient;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, keepAliveMs: 50 });
  client = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
  app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
  for (let i = 0; i < 9; i++) await client.tweet(`event source ${i}`);
});
afterAll(async () => {
  await sb.close();
  await client.close();
  await app.close();
});

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('handleEach', () => {
  it('runs a handler per item with bounded concurrency, and waits for them all', async () => {
    let active = 0;
    let peak = 0;
    const seen: string[] = [];
    await handleEach(
      client.userTweets(sb.user.id, { max_results: 5 }),
      async (tweet: Tweet) => {
        active++;
        peak = Math.max(peak, active);
        await tick(10);
        seen.push(tweet.text);
        active--;
      },
      { concurrency: 3 },
    );
    expect(seen).toHaveLength(9);
    expect(peak).toBe(3);
  });

  it('refuses a source that is not async-iterable, or a handler that is not a function, with an InvalidRequestError', async () => {
    // As plain JavaScript passes them (a paginator forgotten unbuilt, a handler forgotten).
    await expect(handleEach(client.userTweets as never, () => {})).rejects.toThrow(InvalidRequestError);
    await expect(handleEach(client.userTweets as never, () => {})).rejects.toThrow(
      'handleEach() takes a stream or a paginator (an async iterable) as its source; got a function.',
    );
    await expect(handleEach(client.userTweets(sb.user.id), 'log' as never)).rejects.toThrow(
      'handleEach() takes a function as its handler; got a string.',
    );
  });

  it('stops at the first handler error, unless onError says continue', async () => {
    const boom = new Error('handler failed');
    let handled = 0;
    await expect(
      handleEach(client.userTweets(sb.user.id), () => {
        handled++;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(handled).toBe(1);
    const skipped: unknown[] = [];
    await handleEach(
      client.userTweets(sb.user.id),
      (tweet: Tweet) => {
        if (tweet.text.endsWith('3')) throw boom;
      },
      {
        onError: (error) => {
          skipped.push(error);
          return 'continue';
        },
      },
    );
    expect(skipped).toEqual([boom]);
  });

  it('stops with the error of an onError that throws, without an unhandled rejection', async () => {
    const thrown = new Error('onError failed too');
    await expect(
      handleEach(
        client.userTweets(sb.user.id),
        () => {
          throw new Error('handler failed');
        },
        {
          concurrency: 4,
          onError: () => {
            throw thrown;
          },
        },
      ),
    ).rejects.toBe(thrown);
  });

  it('handles a live stream and stops it when the handler fails, without waiting for another message', async () => {
    await app.streamRules.add(['live']);
    const stream = app.filteredStream({ onConnect: () => void Promise.resolve(client.tweet('live one')) });
    const started = Date.now();
    await expect(
      handleEach(stream, (message: StreamedTweet) => {
        throw new Error(`saw ${message.data.text}`);
      }),
    ).rejects.toThrow('saw live one');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('runTasks and every', () => {
  it('runs periodic tasks together until the signal stops them', async () => {
    const controller = new AbortController();
    let ticks = 0;
    let ticksAtAbort = -1;
    const done = runTasks(
      [
        every(20, async () => {
          ticks++;
        }),
        // Waits on the periodic task's state (three ticks), not on a fixed time, then stops both.
        async (signal) => {
          while (ticks < 3 && !signal.aborted) await tick(5);
          ticksAtAbort = ticks;
          controller.abort();
        },
      ],
      { signal: controller.signal },
    );
    await done;
    expect(ticksAtAbort).toBeGreaterThanOrEqual(3);
    await tick(60);
    expect(ticks).toBe(ticksAtAbort);
  });

  it('refuses what is not a task with an InvalidRequestError naming it, before running anything', async () => {
    await expect(runTasks('tick' as never)).rejects.toThrow(
      'runTasks() takes a list of tasks, each a function of a signal; got a string.',
    );
    await expect(runTasks([every(10, async () => {}), 5 as never])).rejects.toThrow(
      'runTasks() takes a list of tasks, each a function of a signal; got a list holding a number.',
    );
    expect(() => every(10, 'tick' as never)).toThrow(InvalidRequestError);
    expect(() => every(10, 'tick' as never)).toThrow('every() takes a function as its task; got a string.');
  });

  it('stops every task when one fails, and reports that failure', async () => {
    let stoppedCleanly = false;
    const failure = new Error('task failed');
    await expect(
      runTasks([
        async (signal) => {
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          stoppedCleanly = true;
        },
        async () => {
          await tick(10);
          throw failure;
        },
      ]),
    ).rejects.toBe(failure);
    expect(stoppedCleanly).toBe(true);
  });

  it('treats a stream ended by the stop as a clean end, and closes its connection', async () => {
    await app.streamRules.add(['quiet']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await runTasks([(signal) => handleEach(app.filteredStream({ signal }), () => undefined, { signal })], {
      signal: controller.signal,
    });
    // The app's one stream slot is free again: a new stream connects at once instead of getting a 429.
    const again = app.filteredStream({ maxReconnects: 0, onKeepAlive: () => void again.close() });
    for await (const _ of again) break;
    expect(again.connections).toBe(1);
    expect(again.keepAlives).toBeGreaterThanOrEqual(1);
  });
});
