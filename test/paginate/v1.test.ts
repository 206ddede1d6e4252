import { afterEach, describe, expect, it } from 'vitest';
import { V1_API } from '../../src/api/endpoint.js';
import { followerIds, friendIds, homeTimeline, paginate, userTimeline } from '../../src/paginate/index.js';
import { encodeCursor } from '../../src/sandbox/tweets/pagination.js';
import { type Harness, postTweets, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('v1.1 cursors', () => {
  it('walks follower ids from cursor -1 to "0", sending each next_cursor_str exactly', async () => {
    h = await startHarness();
    const pages = [];
    for await (const page of followerIds(h.client, { count: 10 }).pages()) pages.push(page);

    expect(pages.map((p) => p.data.length)).toEqual([10, 10, 5]);
    const ids = pages.flatMap((p) => p.data);
    // Every follower once, most recent first, as the sandbox (and X) lists them.
    expect(ids).toEqual([...h.sb.user.followers].reverse());
    expect(new Set(ids).size).toBe(25);
    for (const id of ids) expect(typeof id).toBe('string');
    expect(pages.at(-1)?.meta.next_cursor).toBe('0');

    const requests = h.sentTo('/1.1/followers/ids.json');
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.searchParams.get('cursor'))).toEqual([
      '-1',
      encodeCursor(10),
      encodeCursor(20),
    ]);
    expect(requests.every((r) => r.searchParams.get('stringify_ids') === 'true')).toBe(true);
  });

  it('keeps cursors above 2^53 exact, where a double would change their digits', async () => {
    h = await startHarness();
    const first = await followerIds(h.client, { count: 10 }).firstPage();
    const cursor = first.meta.next_cursor;
    expect(BigInt(cursor)).toBeGreaterThan(2n ** 53n);
    expect(String(Number(cursor))).not.toBe(cursor);
    expect(first.next?.cursor).toBe(cursor);
    // The sandbox's own JSON number for the same cursor would have lost digits through JSON.parse.
    expect(String((first.body as { next_cursor: number }).next_cursor)).not.toBe(cursor);
  });

  it('walks friend ids, and paginate() picks the cursor strategy (and string ids) from a v1.1 path', async () => {
    h = await startHarness();
    expect(await friendIds(h.client, { count: 5 }).toArray({ limit: 100 })).toHaveLength(12);
    expect(h.sentTo('/1.1/friends/ids.json')).toHaveLength(3);

    const viaPath = await paginate<string>(h.client, {
      subApi: V1_API,
      segments: ['followers', 'ids'],
      params: { count: 20 },
    }).toArray({ limit: 21 });
    expect(viaPath).toHaveLength(21);
    expect(viaPath.every((id) => typeof id === 'string')).toBe(true);
    // 21 items: two pages of 20, and no third request.
    expect(h.sentTo('/1.1/followers/ids.json')).toHaveLength(2);
  });
});

describe('v1.1 timelines with max_id', () => {
  it('walks a user timeline to the end, each request asking below the lowest id seen', async () => {
    h = await startHarness();
    const posted = await postTweets(h.client, 23, 'timeline');
    const pages = [];
    for await (const page of userTimeline(h.client, { count: 5 }).pages()) pages.push(page);

    const ids = pages.flatMap((p) => p.data.map((s) => s.id_str));
    expect(ids).toEqual([...posted].reverse());
    // Five full or partial pages, then the empty page that says the timeline is done.
    expect(pages.map((p) => p.data.length)).toEqual([5, 5, 5, 5, 3, 0]);

    const requests = h.sentTo('/1.1/statuses/user_timeline.json');
    expect(requests[0]?.searchParams.has('max_id')).toBe(false);
    for (let i = 1; i < requests.length; i++) {
      const lowest = pages[i - 1]?.meta.oldest_id;
      expect(requests[i]?.searchParams.get('max_id')).toBe((BigInt(lowest ?? '0') - 1n).toString());
    }
  });

  it('walks the home timeline down to a since_id without crossing it', async () => {
    h = await startHarness();
    const posted = await postTweets(h.client, 14, 'home');
    const since = posted[3] ?? '';
    const statuses = await homeTimeline(h.client, { count: 4, since_id: since }).toArray({ limit: 100 });
    expect(statuses.map((s) => s.id_str)).toEqual([...posted].reverse().slice(0, 10));
  });

  it('toArray stops at the limit without the next page', async () => {
    h = await startHarness();
    await postTweets(h.client, 9, 'short');
    expect(await userTimeline(h.client, { count: 3 }).toArray({ limit: 6 })).toHaveLength(6);
    expect(h.sentTo('/1.1/statuses/user_timeline.json')).toHaveLength(2);
  });
});
