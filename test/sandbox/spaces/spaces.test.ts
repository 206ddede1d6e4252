import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

type Json = Record<string, unknown>;
interface Spaces {
  data?: (Json & { id: string; state: string })[];
  includes?: { users?: Json[]; topics?: Json[] };
  errors?: Json[];
  meta?: { result_count: number; next_token?: string };
}

let sb: Sandbox;
let bearer: Auth;

function oauth2(userId: string): Auth {
  const token = `spaces-test-${userId}`;
  sb.context.store.oauth2AccessTokens.set(token, {
    token,
    clientId: sb.credentials.clientId,
    userId,
    scopes: new Set(['space.read', 'tweet.read', 'users.read', 'tweet.write']),
    expiresAt: sb.context.now() + 3_600_000,
  });
  return { bearer: token };
}

beforeAll(async () => {
  sb = await startSandbox();
  bearer = { bearer: sb.credentials.bearerToken };
});
afterAll(() => sb.close());

const get = (path: string, query: Record<string, string> = {}, auth: Auth = bearer) =>
  call<Spaces>(sb.url, 'GET', path, { auth, query });

describe('spaces', () => {
  it('searches live spaces by title with fields and the creator expansion', async () => {
    const found = await get('/2/spaces/search', {
      query: 'x api',
      state: 'live',
      'space.fields': 'title,participant_count,started_at',
      expansions: 'creator_id,topic_ids',
    });
    expect(found.status).toBe(200);
    expect(found.body.data).toEqual([
      expect.objectContaining({ state: 'live', title: 'Building with the X API', creator_id: sb.user.id }),
    ]);
    expect(found.body.data?.[0]?.['participant_count']).toBeGreaterThan(0);
    expect(found.body.includes?.users).toEqual([expect.objectContaining({ id: sb.user.id })]);
    expect(found.body.includes?.topics?.length).toBeGreaterThan(0);
    expect(found.body.meta).toEqual({ result_count: 1 });
  });

  it('looks up by ids and creators, with a partial error for an unknown id', async () => {
    const all = await get('/2/spaces/search', { query: 's' });
    const ids = all.body.data?.map((space) => space.id) ?? [];
    expect(ids.length).toBeGreaterThan(1);
    const byIds = await get('/2/spaces', { ids: `${ids[0]},NoSuchSpace1` });
    expect(byIds.body.data?.map((space) => space.id)).toEqual([ids[0]]);
    expect(byIds.body.errors?.[0]).toMatchObject({ resource_type: 'space', resource_id: 'NoSuchSpace1' });
    const mine = await get('/2/spaces/by/creator_ids', { user_ids: sb.user.id, 'space.fields': 'state' });
    expect(mine.body.data?.map((space) => space.state).sort()).toEqual(['ended', 'live']);
    const one = await get(`/2/spaces/${ids[0]}`);
    expect(one.body.data).toEqual({ id: ids[0], state: expect.any(String) });
  });

  it('lists the posts that link to a space', async () => {
    const live = (await get('/2/spaces/search', { query: 'Building' })).body.data?.[0];
    const id = live?.id ?? '';
    const post = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      auth: { user: sb.credentials },
      json: { text: `Join us https://x.com/i/spaces/${id}` },
    });
    const posts = await get(`/2/spaces/${id}/tweets`);
    expect(posts.body.data?.map((tweet) => tweet.id)).toEqual([post.body.data.id]);
  });

  it('shows ticket buyers to the creator only, and refuses OAuth 1.0a', async () => {
    const ticketed = (await get('/2/spaces/search', { query: 'ticketed', expansions: 'creator_id' })).body
      .data?.[0];
    const creator = String(ticketed?.['creator_id']);
    const buyers = await get(`/2/spaces/${ticketed?.id}/buyers`, { max_results: '4' }, oauth2(creator));
    expect(buyers.status).toBe(200);
    expect(buyers.body.data).toHaveLength(4);
    expect(buyers.body.meta?.next_token).toBeDefined();
    const other = await get(`/2/spaces/${ticketed?.id}/buyers`, {}, oauth2(sb.user.id));
    expect(other.status).toBe(403);
    const oauth1 = await get('/2/spaces/search', { query: 'x' }, { user: sb.credentials });
    expect(oauth1.status).toBe(403);
  });
});
