import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

type Json = Record<string, unknown>;

let sb: Sandbox;
let user: Auth;
let bearer: Auth;

beforeAll(async () => {
  sb = await startSandbox();
  user = { user: sb.credentials };
  bearer = { bearer: sb.credentials.bearerToken };
});
afterAll(() => sb.close());

const post = (text: string, as: Auth = user) =>
  call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', { auth: as, json: { text } });

describe('trends', () => {
  it('counts the hashtags of the last day, most used first', async () => {
    await post('shipping #peony today');
    await post('more #Peony and #sandbox');
    await post('#peony again');
    const trends = await call<{ data: Json[] }>(sb.url, 'GET', '/2/trends/by/woeid/1', {
      auth: bearer,
      query: { max_trends: 2 },
    });
    expect(trends.status).toBe(200);
    expect(trends.body.data).toEqual([
      { trend_name: '#peony', tweet_count: 3 },
      { trend_name: '#sandbox', tweet_count: 1 },
    ]);
    sb.clock.advance(25 * 3_600_000);
    const later = await call<Json>(sb.url, 'GET', '/2/trends/by/woeid/1', { auth: bearer });
    sb.clock.advance(-25 * 3_600_000);
    expect(later.body).toEqual({});
  });

  it('personalizes from the caller and their follows', async () => {
    const stranger = sb.createUser({ screenName: 'trend_stranger' });
    await post('#onlystranger', { user: { ...sb.credentials, ...stranger } });
    const mine = await call<{ data: Json[] }>(sb.url, 'GET', '/2/users/personalized_trends', {
      auth: user,
      query: { 'personalized_trend.fields': 'post_count,trend_name' },
    });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toContainEqual({ trend_name: '#peony', post_count: '3 posts' });
    expect(mine.body.data.map((trend) => trend['trend_name'])).not.toContain('#onlystranger');
  });
});

describe('usage', () => {
  it('counts the posts each app pulled today', async () => {
    const before = await call<{ data: Json }>(sb.url, 'GET', '/2/usage/tweets', {
      auth: bearer,
      query: { days: 1 },
    });
    const used = Number(before.body.data['project_usage']);
    const a = await post('usage one');
    const b = await post('usage two');
    const pulled = await call(sb.url, 'GET', '/2/tweets', {
      auth: bearer,
      query: { ids: `${a.body.data.id},${b.body.data.id}` },
    });
    expect(pulled.status).toBe(200);
    const after = await call<{
      data: { project_usage: string; daily_client_app_usage: { usage: { usage: string }[] }[] };
    }>(sb.url, 'GET', '/2/usage/tweets', { auth: bearer, query: { days: 1 } });
    expect(Number(after.body.data.project_usage)).toBe(used + 2);
    expect(after.body.data.daily_client_app_usage[0]?.usage).toHaveLength(1);
    const onlyCap = await call<{ data: Json }>(sb.url, 'GET', '/2/usage/tweets', {
      auth: bearer,
      query: { 'usage.fields': 'project_cap' },
    });
    expect(onlyCap.body.data).toEqual({ project_cap: expect.stringMatching(/^[0-9]+$/) });
    const asUser = await call(sb.url, 'GET', '/2/usage/tweets', { auth: user });
    expect(asUser.status).toBe(403);
  });
});

describe('news', () => {
  it('searches stories and links the posts of their cluster', async () => {
    const linked = await post('Testing my bots against the sandbox');
    const found = await call<{ data: Json[]; meta: Json }>(sb.url, 'GET', '/2/news/search', {
      auth: bearer,
      query: { query: 'sandbox', 'news.fields': 'category,cluster_posts_results' },
    });
    expect(found.body.meta).toEqual({ result_count: 1 });
    expect(found.body.data[0]).toMatchObject({ category: 'Technology' });
    expect(found.body.data[0]?.['cluster_posts_results']).toContainEqual({ post_id: linked.body.data.id });
    const id = String(found.body.data[0]?.['id']);
    const one = await call<{ data: Json }>(sb.url, 'GET', `/2/news/${id}`, { auth: user });
    expect(one.body.data).toEqual({ id, name: found.body.data[0]?.['name'] });
    const old = await call<Json>(sb.url, 'GET', '/2/news/search', {
      auth: bearer,
      query: { query: 'rate limits', max_age_hours: 24 },
    });
    expect(old.body).toEqual({ meta: { result_count: 0 } });
    const missing = await call<{ errors: Json[] }>(sb.url, 'GET', '/2/news/1', { auth: bearer });
    expect(missing.body.errors[0]).toMatchObject({ resource_id: '1' });
  });
});
