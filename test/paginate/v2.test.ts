import { afterEach, describe, expect, it } from 'vitest';
import { V2_API } from '../../src/api/endpoint.js';
import { InvalidRequestError } from '../../src/index.js';
import { PaginationError, paginate, searchRecent, userTweets } from '../../src/paginate/index.js';
import { type Harness, postTweets, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const tweetsPath = (userId: string) => `/2/users/${userId}/tweets`;

describe('v2 pagination_token walks', () => {
  it('walks a user’s tweets to the end, newest first, with no duplicates and no gaps', async () => {
    h = await startHarness();
    const posted = await postTweets(h.client, 23, 'walk');
    const seen: string[] = [];
    for await (const tweet of userTweets(h.client, h.sb.user.id, { max_results: 5 })) seen.push(tweet.id);

    expect(seen).toEqual([...posted].reverse());
    const requests = h.sentTo(tweetsPath(h.sb.user.id));
    // 23 tweets in pages of 5: five pages, and the last one (no next_token) ends the walk without a sixth request.
    expect(requests).toHaveLength(5);
    expect(requests[0]?.searchParams.has('pagination_token')).toBe(false);
    for (const request of requests.slice(1))
      expect(request.searchParams.get('pagination_token')).toMatch(/^n/);
  });

  it('gives pages with data, meta, includes and the rate limit, and `next` to resume from', async () => {
    h = await startHarness({ rateLimits: { 'GET /2/users/:id/tweets': { user: 50 } } });
    const posted = await postTweets(h.client, 12, 'pages');
    const pages = [];
    for await (const page of userTweets(h.client, h.sb.user.id, {
      max_results: 5,
      expansions: ['author_id'],
    }).pages()) {
      pages.push(page);
    }
    expect(pages.map((p) => p.data.length)).toEqual([5, 5, 2]);
    expect(pages.map((p) => p.meta.result_count)).toEqual([5, 5, 2]);
    expect(pages[0]?.meta.newest_id).toBe(posted.at(-1));
    expect(pages.map((p) => p.rateLimit?.remaining)).toEqual([49, 48, 47]);
    expect(pages[0]?.includes?.users?.[0]?.id).toBe(h.sb.user.id);
    expect(pages[0]?.next?.pagination_token).toBe(pages[0]?.meta.next_token);
    expect(pages[2]?.next).toBeUndefined();

    // Resuming from the first page's `next` continues exactly where it left off.
    const resumed = await paginate<{ id: string }>(h.client, {
      subApi: V2_API,
      segments: ['users', h.sb.user.id, 'tweets'],
      params: pages[0]?.next,
    }).toArray({ limit: 100 });
    expect(resumed.map((t) => t.id)).toEqual([...posted].reverse().slice(5));
  });

  it('is lazy: nothing is sent until it is iterated', async () => {
    h = await startHarness();
    await postTweets(h.client, 3, 'lazy');
    const before = h.sent.length;
    const paginator = userTweets(h.client, h.sb.user.id, { max_results: 5 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.sent.length).toBe(before);
    expect(await paginator.toArray({ limit: 10 })).toHaveLength(3);
    expect(h.sent.length).toBe(before + 1);
  });

  it('toArray({ limit }) stops exactly at the limit and never requests a page it would throw away', async () => {
    h = await startHarness();
    const posted = await postTweets(h.client, 23, 'limit');
    const newestFirst = [...posted].reverse();
    const path = tweetsPath(h.sb.user.id);
    const paginator = userTweets(h.client, h.sb.user.id, { max_results: 5 });

    const ten = await paginator.toArray({ limit: 10 });
    expect(ten.map((t) => t.id)).toEqual(newestFirst.slice(0, 10));
    expect(h.sentTo(path)).toHaveLength(2);

    const seven = await paginator.toArray({ limit: 7 });
    expect(seven.map((t) => t.id)).toEqual(newestFirst.slice(0, 7));
    expect(h.sentTo(path)).toHaveLength(4);

    expect(await paginator.toArray({ limit: 0 })).toEqual([]);
    expect(h.sentTo(path)).toHaveLength(4);

    const all = await paginator.toArray({ limit: 1000 });
    expect(all).toHaveLength(23);
    expect(h.sentTo(path)).toHaveLength(9);
  });

  it('breaking out of a loop sends no further request', async () => {
    h = await startHarness();
    await postTweets(h.client, 12, 'break');
    let count = 0;
    for await (const _tweet of userTweets(h.client, h.sb.user.id, { max_results: 5 })) {
      if (++count === 5) break;
    }
    expect(h.sentTo(tweetsPath(h.sb.user.id))).toHaveLength(1);
  });

  it('refuses a collect without a bound, and bad ids at the call site', async () => {
    h = await startHarness();
    const paginator = userTweets(h.client, h.sb.user.id);
    // @ts-expect-error: the limit is required.
    await expect(paginator.toArray({})).rejects.toThrow(InvalidRequestError);
    await expect(paginator.toArray({ limit: Number.POSITIVE_INFINITY })).rejects.toThrow(InvalidRequestError);
    await expect(paginator.toArray({ limit: -1 })).rejects.toThrow(/limit/);
    expect(() => userTweets(h!.client, '../me')).toThrow(InvalidRequestError);
    expect(() => searchRecent(h!.client, '  ')).toThrow(InvalidRequestError);
    expect(h.sent).toHaveLength(0);
  });

  it('an unknown user (a 200 with only errors) is an error, not an empty list', async () => {
    h = await startHarness();
    const walk = userTweets(h.client, '1234567', { max_results: 5 }).toArray({ limit: 10 });
    const error = await walk.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).errors[0]?.resource_id).toBe('1234567');
  });

  it('passes a page’s partial errors on with the page', async () => {
    h = await startHarness();
    const parent = await h.client.tweet('a parent that will be deleted');
    const reply = await h.client.tweet({ text: 'a reply', replyTo: parent.id });
    await h.client.deleteTweet(parent.id);
    const page = await userTweets(h.client, h.sb.user.id, {
      max_results: 5,
      expansions: ['referenced_tweets.id'],
    }).firstPage();
    expect(page.data.map((t) => t.id)).toEqual([reply.id]);
    expect(page.errors?.[0]?.resource_id).toBe(parent.id);
  });
});

describe('v2 search walks with next_token', () => {
  it('walks search results to the end, sending next_token (not pagination_token)', async () => {
    h = await startHarness();
    const matching = await postTweets(h.client, 14, 'snowdrop');
    await postTweets(h.client, 3, 'other words');
    const found = await searchRecent(h.client, 'snowdrop', { max_results: 10 }).toArray({ limit: 100 });
    expect(found.map((t) => t.id)).toEqual([...matching].reverse());
    const requests = h.sentTo('/2/tweets/search/recent');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.searchParams.get('next_token')).toMatch(/^n/);
    expect(requests[1]?.searchParams.has('pagination_token')).toBe(false);
    expect(requests[1]?.searchParams.get('query')).toBe('snowdrop');
  });

  it('paginate() picks next_token for search and pagination_token elsewhere from the path', async () => {
    h = await startHarness();
    await postTweets(h.client, 12, 'crocus');
    const found = await paginate(h.client, {
      subApi: V2_API,
      segments: ['tweets', 'search', 'recent'],
      params: { query: 'crocus', max_results: 10 },
    }).toArray({ limit: 50 });
    expect(found).toHaveLength(12);
    expect(h.sentTo('/2/tweets/search/recent')[1]?.searchParams.has('next_token')).toBe(true);
  });
});
