import { afterEach, describe, expect, it } from 'vitest';
import { V1_API } from '../../src/api/endpoint.js';
import { InvalidRequestError } from '../../src/index.js';
import {
  homeTimelinePoller,
  searchRecentPoller,
  sinceIdPoller,
  userTweetsPoller,
} from '../../src/paginate/index.js';
import { type Harness, postTweets, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('since_id polling', () => {
  it('the first poll marks the newest tweet; later polls see only what is new, across pages', async () => {
    h = await startHarness();
    const old = await postTweets(h.client, 7, 'old');
    const poller = userTweetsPoller(h.client, h.sb.user.id, { max_results: 5 });

    const baseline = await poller.poll();
    expect(baseline.items.map((t) => t.id)).toEqual([...old].reverse().slice(0, 5));
    expect(poller.newestId).toBe(old.at(-1));

    const fresh = await postTweets(h.client, 12, 'new');
    const before = h.sentTo(`/2/users/${h.sb.user.id}/tweets`).length;
    const result = await poller.poll();
    expect(result.items.map((t) => t.id)).toEqual([...fresh].reverse());
    expect(result.truncated).toBe(false);
    expect(result.newestId).toBe(fresh.at(-1));
    const requests = h.sentTo(`/2/users/${h.sb.user.id}/tweets`).slice(before);
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.searchParams.get('since_id') === old.at(-1))).toBe(true);

    const quiet = await poller.poll();
    expect(quiet.items).toEqual([]);
    expect(poller.newestId).toBe(fresh.at(-1));
  });

  it('polls a v1.1 home timeline from a given sinceId, walking max_id below since_id', async () => {
    h = await startHarness();
    const old = await postTweets(h.client, 3, 'home old');
    const poller = homeTimelinePoller(h.client, { count: 4 }, { sinceId: old.at(-1) });
    const fresh = await postTweets(h.client, 9, 'home new');
    const result = await poller.poll();
    expect(result.items.map((s) => s.id_str)).toEqual([...fresh].reverse());
    const requests = h.sentTo('/1.1/statuses/home_timeline.json');
    expect(requests.every((r) => r.searchParams.get('since_id') === old.at(-1))).toBe(true);
    expect((await poller.poll()).items).toEqual([]);
  });

  it('polls search results', async () => {
    h = await startHarness();
    const poller = searchRecentPoller(h.client, 'tulip', { max_results: 10 });
    expect((await poller.poll()).items).toEqual([]);
    expect(poller.newestId).toBeUndefined();
    const first = await postTweets(h.client, 2, 'tulip first');
    expect((await poller.poll()).items.map((t) => t.id)).toEqual([...first].reverse());
    const second = await postTweets(h.client, 11, 'tulip second');
    await postTweets(h.client, 2, 'rose');
    expect((await poller.poll()).items.map((t) => t.id)).toEqual([...second].reverse());
  });

  it('keeps the newest maxItems of a burst and says it was truncated', async () => {
    h = await startHarness();
    const old = await postTweets(h.client, 1, 'before burst');
    const poller = userTweetsPoller(
      h.client,
      h.sb.user.id,
      { max_results: 5 },
      { sinceId: old[0], maxItems: 4 },
    );
    const burst = await postTweets(h.client, 7, 'burst');
    const result = await poller.poll();
    expect(result.items.map((t) => t.id)).toEqual([...burst].reverse().slice(0, 4));
    expect(result.truncated).toBe(true);
    expect(poller.newestId).toBe(burst.at(-1));
  });

  it('concurrent polls run one after the other and never return the same tweet twice', async () => {
    h = await startHarness();
    const old = await postTweets(h.client, 1, 'concurrent base');
    const poller = userTweetsPoller(h.client, h.sb.user.id, { max_results: 5 }, { sinceId: old[0] });
    const fresh = await postTweets(h.client, 3, 'concurrent');
    const [a, b] = await Promise.all([poller.poll(), poller.poll()]);
    expect(a.items.map((t) => t.id)).toEqual([...fresh].reverse());
    expect(b.items).toEqual([]);
  });

  it('refuses lists without ordered ids and bad marks', async () => {
    h = await startHarness();
    expect(() => sinceIdPoller(h!.client, { subApi: V1_API, segments: ['followers', 'ids'] })).toThrow(
      InvalidRequestError,
    );
    expect(() => userTweetsPoller(h!.client, h!.sb.user.id, {}, { sinceId: 'latest' })).toThrow(
      InvalidRequestError,
    );
    expect(() => userTweetsPoller(h!.client, h!.sb.user.id, {}, { maxItems: 0 })).toThrow(
      InvalidRequestError,
    );
  });
});
