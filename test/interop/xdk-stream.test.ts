// X's official TypeScript SDK's filtered stream against the sandbox, changed only in its base URL: it adds a rule,
// connects, receives the post that matches, and closes without leaving a socket open on either side.
import { describe, expect, it } from 'vitest';
import { streamsState } from '../../src/sandbox/streams/state.js';
import { activeHandles, leakedHandles } from '../reliability/harness.js';
import { pool, sb, sdk, useSdkWithOwnPool } from './xdk-stream-world.js';

useSdkWithOwnPool();

/** The SDK hands stream lines over as parsed, in X's own snake_case (its REST answers are camelCased). */
interface StreamedPost {
  data?: { id?: string; text?: string; author_id?: string };
  matching_rules?: Array<{ id?: string; tag?: string }>;
}

/** Polls `check` every 20 ms for up to `withinMs`. */
async function waitFor(check: () => boolean, what: string, withinMs = 5_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the official X SDK (@xdevplatform/xdk) filtered stream against the sandbox', () => {
  it('adds a rule, connects, receives the matching post, and closes cleanly', async () => {
    const before = activeHandles();
    const added = await sdk.stream.updateRules({ add: [{ value: '#xdkstream', tag: 'sdk rule' }] });
    expect(added.meta?.summary?.created).toBe(1);
    const ruleId = added.data?.[0]?.id ?? '';
    const rules = await sdk.stream.getRules();
    expect(rules.data?.map((rule) => rule.value)).toEqual(['#xdkstream']);

    const abort = new AbortController();
    const stream = await sdk.stream.posts({ tweetFields: ['author_id'], signal: abort.signal });
    const received: StreamedPost[] = [];
    const errors: unknown[] = [];
    stream.on('data', (event: StreamedPost) => {
      if (event.data) received.push(event);
    });
    stream.on('error', (event: { error?: unknown }) => errors.push(event.error));
    const closed = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    await waitFor(() => streamsState(sb.context).hub.size === 1, 'the sandbox to register the stream');

    await sdk.posts.create({ text: 'nothing to see here' });
    const matching = await sdk.posts.create({ text: 'streamed to the SDK #xdkstream' });
    await waitFor(() => received.length > 0, 'the matching post on the stream');
    expect(received).toHaveLength(1);
    expect(received[0]?.data).toMatchObject({
      id: matching.data?.id,
      text: 'streamed to the SDK #xdkstream',
      author_id: '2244994945',
    });
    expect(received[0]?.matching_rules).toEqual([{ id: ruleId, tag: 'sdk rule' }]);

    // The SDK's close() releases its reader but leaves the response open; its documented `signal` option ends
    // the request itself.
    abort.abort();
    stream.close();
    await closed;
    await waitFor(() => streamsState(sb.context).hub.size === 0, 'the sandbox to see the stream end');
    expect(errors.every((error) => error instanceof Error && error.name === 'AbortError')).toBe(true);

    const removed = await sdk.stream.updateRules({ delete: { ids: [ruleId] } });
    expect(removed.meta?.summary?.deleted).toBe(1);
    // Closing the pool waits for requests in flight: it settles only if the stream's request is over. Then neither
    // the client's sockets nor the sandbox's ends of them may remain.
    await pool.close();
    expect(await leakedHandles(before)).toEqual([]);
  });
});
