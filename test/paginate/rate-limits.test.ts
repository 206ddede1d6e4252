import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/index.js';
import { followerIds, userTweets, userTweetsPoller } from '../../src/paginate/index.js';
import { type Harness, postTweets, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('running out of rate limit mid-walk', () => {
  it('is a RateLimitError after the pages that fit the window, never a silent end', async () => {
    h = await startHarness({ rateLimits: { 'GET /2/users/:id/tweets': { user: 2 } } });
    await postTweets(h.client, 15, 'limited');
    const seen: string[] = [];
    const walk = (async () => {
      for await (const tweet of userTweets(h!.client, h!.sb.user.id, { max_results: 5 })) seen.push(tweet.id);
    })();
    const error = await walk.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).reset?.getTime()).toBeGreaterThan(Date.now());
    expect(seen).toHaveLength(10);
    await expect(
      userTweets(h.client, h.sb.user.id, { max_results: 5 }).toArray({ limit: 1 }),
    ).rejects.toThrow(RateLimitError);
  });

  it('on a v1.1 cursor walk too (code 88)', async () => {
    h = await startHarness({
      faults: [{ route: 'GET /1.1/followers/ids.json', kind: 'rate-limit', sequence: [0, 1] }],
    });
    const error = await followerIds(h.client, { count: 10 })
      .toArray({ limit: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).codes).toEqual([88]);
  });

  it('with waitOnRateLimit, waits for the window to reopen and finishes the walk', async () => {
    const waits: number[] = [];
    h = await startHarness(
      { rateLimits: { 'GET /2/users/:id/tweets': { user: 2, windowSecs: 1 } } },
      { waitOnRateLimit: { maxWaitMs: 5_000 }, onRateLimitWait: (event) => waits.push(event.waitMs) },
    );
    const posted = await postTweets(h.client, 13, 'patient');
    const all = await userTweets(h.client, h.sb.user.id, { max_results: 5 }).toArray({ limit: 100 });
    expect(all.map((t) => t.id)).toEqual([...posted].reverse());
    expect(waits).toHaveLength(1);
    // Three pages served, plus the one refused while the window was shut.
    expect(h.sentTo(`/2/users/${h.sb.user.id}/tweets`)).toHaveLength(4);
  });

  it('a poll that hits the limit keeps its mark, so the next poll misses nothing', async () => {
    h = await startHarness();
    const first = await postTweets(h.client, 2, 'mark');
    const poller = userTweetsPoller(h.client, h.sb.user.id, { max_results: 5 }, { sinceId: first.at(-1) });
    const fresh = await postTweets(h.client, 7, 'after the mark');
    h.sb.faults.add({ route: 'GET /2/users/:id/tweets', kind: 'rate-limit', sequence: [0, 1] });
    await expect(poller.poll()).rejects.toThrow(RateLimitError);
    expect(poller.newestId).toBe(first.at(-1));
    const result = await poller.poll();
    expect(result.items.map((t) => t.id)).toEqual([...fresh].reverse());
    expect(poller.newestId).toBe(fresh.at(-1));
  });
});
