import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { api, type Body, type Person, person } from './people.js';

let sb: Sandbox;
let x: ReturnType<typeof api>;
let me: Person;
let gina: Person;
const app = () => ({ bearer: sb.credentials.bearerToken });

beforeAll(async () => {
  sb = await startSandbox();
  x = api(sb);
  me = person(sb);
  gina = person(sb, 'gina_search');
});
afterAll(() => sb.close());

const ids = (body: Body): string[] => (body.data ?? []).map((item: { id: string }) => item.id);

describe('bookmarks', () => {
  it('bookmarks (OAuth 2.0 only) list newest first, count in bookmark_count, and file into folders', async () => {
    const first = await x.tweet(gina, 'bookmark one');
    const second = await x.tweet(gina, 'bookmark two');
    const refused = await x.post(`/2/users/${me.id}/bookmarks`, me.auth, { tweet_id: first });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/unsupported-authentication$/);

    const folder = await x.post(`/2/users/${me.id}/bookmarks/folders`, me.oauth2, { name: 'Reading' });
    expect(folder.status).toBe(201);
    expect(folder.body.data).toEqual({ id: expect.stringMatching(/^[0-9]+$/), name: 'Reading' });
    const folderId = folder.body.data.id as string;
    expect((await x.get(`/2/users/${me.id}/bookmarks/folders`, me.oauth2)).body.data).toEqual([
      folder.body.data,
    ]);

    expect((await x.post(`/2/users/${me.id}/bookmarks`, me.oauth2, { tweet_id: first })).body).toEqual({
      data: { bookmarked: true },
    });
    await x.post(`/2/users/${me.id}/bookmarks`, me.oauth2, { tweet_id: second, folder_id: folderId });
    expect(ids((await x.get(`/2/users/${me.id}/bookmarks`, me.oauth2)).body)).toEqual([second, first]);
    expect((await x.get(`/2/users/${me.id}/bookmarks/folders/${folderId}`, me.oauth2)).body.data).toEqual([
      { id: second },
    ]);
    const counted = await x.get(`/2/tweets/${second}`, me.auth, { 'tweet.fields': 'public_metrics' });
    expect(counted.body.data.public_metrics.bookmark_count).toBe(1);

    expect((await x.delete(`/2/users/${me.id}/bookmarks/${second}`, me.oauth2)).body).toEqual({
      data: { bookmarked: false },
    });
    await x.delete(`/2/tweets/${first}`, gina.auth);
    expect((await x.get(`/2/users/${me.id}/bookmarks`, me.oauth2)).body).toEqual({
      meta: { result_count: 0 },
    });
    const missing = await x.get(`/2/users/${me.id}/bookmarks/folders/123`, me.oauth2);
    expect(missing.status).toBe(404);
  });

  it("one cannot read another user's bookmarks", async () => {
    expect((await x.get(`/2/users/${gina.id}/bookmarks`, me.oauth2)).status).toBe(403);
  });
});

describe('search and counts', () => {
  let root: string;
  let reply: string;
  let quote: string;
  let repost: string;
  let linked: string;

  beforeAll(async () => {
    root = await x.tweet(me, 'otters #river hold hands');
    reply = await x.tweet(gina, '@XDevelopers otters are great', { reply: { in_reply_to_tweet_id: root } });
    quote = await x.tweet(gina, 'look at these otters', { quote_tweet_id: root });
    repost = (await x.post(`/2/users/${gina.id}/retweets`, gina.auth, { tweet_id: root })).body.data.rest_id;
    linked = await x.tweet(me, 'otters explained https://example.com/otters');
  });

  const search = async (query: string) => {
    const response = await x.get('/2/tweets/search/recent', app(), { query });
    expect(response.status, response.text).toBe(200);
    return ids(response.body);
  };

  it("understands X's everyday operators through the stream rules' parser", async () => {
    expect(await search(`conversation_id:${root}`)).toEqual([reply, root]);
    expect(await search('otters is:reply')).toEqual([reply]);
    expect(await search('otters is:quote')).toEqual([quote]);
    expect(await search('otters is:retweet')).toEqual([repost]);
    expect(await search('otters -is:retweet -is:reply -is:quote')).toEqual([linked, root]);
    expect(await search('otters has:links')).toEqual([linked]);
    expect(await search('to:XDevelopers')).toEqual([reply]);
    expect(await search('@XDevelopers otters -is:retweet')).toEqual([reply]);
    expect(await search('#river -is:retweet')).toEqual([root]);
    expect(await search('from:gina_search (is:quote OR is:reply)')).toEqual([quote, reply]);
    expect(await search('otters lang:en from:XDevelopers')).toEqual([linked, root]);
    expect(await search('otters lang:fr')).toEqual([]);
    expect(await search('retweets_of:XDevelopers')).toEqual([repost]);
    const bad = await x.get('/2/tweets/search/recent', app(), { query: 'lang:en' });
    expect(bad.status).toBe(400);
  });

  it('counts answer buckets of the granularity with the total', async () => {
    const hourly = await x.get('/2/tweets/counts/recent', app(), { query: 'otters' });
    expect(hourly.status).toBe(200);
    expect(hourly.body.meta.total_tweet_count).toBe(5);
    const buckets = hourly.body.data as { start: string; end: string; tweet_count: number }[];
    expect(buckets.reduce((sum, bucket) => sum + bucket.tweet_count, 0)).toBe(5);
    expect(buckets.length).toBeGreaterThanOrEqual(168);
    expect(buckets.length).toBeLessThanOrEqual(169);
    for (const bucket of buckets.slice(1, -1)) expect(bucket.start).toMatch(/T\d\d:00:00\.000Z$/);
    expect(buckets.at(-1)?.tweet_count).toBe(5);
    const start = new Date(sb.clock.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const daily = await x.get('/2/tweets/counts/recent', app(), {
      query: 'otters is:reply',
      granularity: 'day',
      start_time: `${start}T00:00:00Z`,
    });
    expect(daily.body.data[0].start).toBe(`${start}T00:00:00.000Z`);
    expect(daily.body.data.length).toBe(4);
    expect(daily.body.meta.total_tweet_count).toBe(1);
  });

  it('search/all reaches past 7 days with app-only auth; recent does not', async () => {
    // Asked before the clock moves: OAuth 1.0a timestamps follow the real clock.
    const asUser = await x.get('/2/tweets/search/all', me.auth, { query: 'otters' });
    expect(asUser.status).toBe(403);
    sb.clock.advance(10 * 86_400_000);
    expect(await search('otters')).toEqual([]);
    const all = await x.get('/2/tweets/search/all', app(), { query: 'otters', max_results: 10 });
    expect(ids(all.body)).toEqual([linked, repost, quote, reply, root]);
    const counted = await x.get('/2/tweets/counts/all', app(), { query: 'otters', granularity: 'day' });
    expect(counted.body.meta.total_tweet_count).toBe(5);
  });
});
