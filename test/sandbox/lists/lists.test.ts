import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

type Json = Record<string, unknown>;
interface Page {
  data?: (Json & { id: string })[];
  includes?: { users?: Json[] };
  errors?: Json[];
  meta: { result_count: number; next_token?: string; previous_token?: string };
}

let sb: Sandbox;
let owner: Auth;
let reader: Auth;
let bearer: Auth;
let readerId: string;
const ownerId = '2244994945';

beforeAll(async () => {
  sb = await startSandbox();
  owner = { user: sb.credentials };
  bearer = { bearer: sb.credentials.bearerToken };
  const created = sb.createUser({ screenName: 'list_reader' });
  reader = { user: { ...sb.credentials, ...created } };
  readerId = created.user.id;
});
afterAll(() => sb.close());

const get = <T = Page>(as: Auth, path: string, query: Record<string, string> = {}) =>
  call<T>(sb.url, 'GET', path, { auth: as, query });

async function createList(json: Json): Promise<string> {
  const created = await call<{ data: { id: string; name: string } }>(sb.url, 'POST', '/2/lists', {
    auth: owner,
    json,
  });
  expect(created.status).toBe(201);
  expect(created.body.data.name).toBe(json['name']);
  return created.body.data.id;
}

describe('lists', () => {
  it('creates, reads with fields and the owner expansion, updates and deletes', async () => {
    const id = await createList({ name: 'Sandbox news', description: 'All about it' });
    const read = await get<{ data: Json; includes: { users: Json[] } }>(bearer, `/2/lists/${id}`, {
      'list.fields': 'description,member_count,follower_count,private,created_at',
      expansions: 'owner_id',
    });
    expect(read.body.data).toEqual({
      id,
      name: 'Sandbox news',
      description: 'All about it',
      member_count: 0,
      follower_count: 0,
      private: false,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      owner_id: ownerId,
    });
    expect(read.body.includes.users).toEqual([expect.objectContaining({ id: ownerId })]);

    const updated = await call(sb.url, 'PUT', `/2/lists/${id}`, { auth: owner, json: { name: 'Renamed' } });
    expect(updated.body).toEqual({ data: { updated: true } });
    expect((await get<{ data: Json }>(bearer, `/2/lists/${id}`)).body.data).toEqual({ id, name: 'Renamed' });

    const notMine = await call(sb.url, 'DELETE', `/2/lists/${id}`, { auth: reader });
    expect(notMine.status).toBe(403);
    const deleted = await call(sb.url, 'DELETE', `/2/lists/${id}`, { auth: owner });
    expect(deleted.body).toEqual({ data: { deleted: true } });
    const gone = await get<{ errors: Json[] }>(bearer, `/2/lists/${id}`);
    expect(gone.body.errors[0]).toMatchObject({ resource_type: 'list', resource_id: id });
  });

  it('shows membership from both sides and pages members', async () => {
    const id = await createList({ name: 'Crowd' });
    const crowd = [...sb.users.values()].filter((user) => user.username.startsWith('sandbox_crowd_'));
    for (const user of crowd.slice(0, 5)) {
      const added = await call(sb.url, 'POST', `/2/lists/${id}/members`, {
        auth: owner,
        json: { user_id: user.id },
      });
      expect(added.body).toEqual({ data: { is_member: true } });
    }
    const first = await get(bearer, `/2/lists/${id}/members`, {
      max_results: '3',
      'user.fields': 'created_at',
    });
    expect(first.body.data?.map((user) => user.id)).toEqual(crowd.slice(0, 3).map((user) => user.id));
    expect(first.body.data?.[0]).toHaveProperty('created_at');
    const second = await get(bearer, `/2/lists/${id}/members`, {
      max_results: '3',
      pagination_token: first.body.meta.next_token ?? '',
    });
    expect(second.body.data?.map((user) => user.id)).toEqual(crowd.slice(3, 5).map((user) => user.id));
    expect(second.body.meta.next_token).toBeUndefined();
    expect(second.body.meta.previous_token).toBeDefined();

    const memberId = crowd[0]?.id ?? '';
    const memberships = await get(bearer, `/2/users/${memberId}/list_memberships`);
    expect(memberships.body.data?.map((list) => list.id)).toContain(id);
    await call(sb.url, 'DELETE', `/2/lists/${id}/members/${memberId}`, { auth: owner });
    const after = await get(bearer, `/2/users/${memberId}/list_memberships`);
    expect(after.body.data?.map((list) => list.id) ?? []).not.toContain(id);
    const count = await get<{ data: Json }>(bearer, `/2/lists/${id}`, { 'list.fields': 'member_count' });
    expect(count.body.data['member_count']).toBe(4);
  });

  it('lists the posts of its members, newest first', async () => {
    const id = await createList({ name: 'Timeline' });
    await call(sb.url, 'POST', `/2/lists/${id}/members`, { auth: owner, json: { user_id: readerId } });
    const posted: string[] = [];
    for (const text of ['first from reader', 'second from reader']) {
      const post = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
        auth: reader,
        json: { text },
      });
      posted.push(post.body.data.id);
    }
    await call(sb.url, 'POST', '/2/tweets', { auth: owner, json: { text: 'owner is not a member' } });
    const page = await get(bearer, `/2/lists/${id}/tweets`, { expansions: 'author_id', max_results: '1' });
    expect(page.body.data?.map((tweet) => tweet.id)).toEqual([posted[1]]);
    expect(page.body.includes?.users).toEqual([expect.objectContaining({ id: readerId })]);
    const next = await get(bearer, `/2/lists/${id}/tweets`, {
      max_results: '1',
      pagination_token: page.body.meta.next_token ?? '',
    });
    expect(next.body.data?.map((tweet) => tweet.id)).toEqual([posted[0]]);
  });

  it('follows, pins and hides private lists', async () => {
    const id = await createList({ name: 'Followed' });
    const follow = await call(sb.url, 'POST', `/2/users/${readerId}/followed_lists`, {
      auth: reader,
      json: { list_id: id },
    });
    expect(follow.body).toEqual({ data: { following: true } });
    const followers = await get(bearer, `/2/lists/${id}/followers`);
    expect(followers.body.data?.map((user) => user.id)).toEqual([readerId]);
    const followed = await get(bearer, `/2/users/${readerId}/followed_lists`);
    expect(followed.body.data?.map((list) => list.id)).toEqual([id]);

    const pin = await call(sb.url, 'POST', `/2/users/${readerId}/pinned_lists`, {
      auth: reader,
      json: { list_id: id },
    });
    expect(pin.body).toEqual({ data: { pinned: true } });
    const pinned = await get(reader, `/2/users/${readerId}/pinned_lists`, {
      'list.fields': 'follower_count',
    });
    expect(pinned.body).toEqual({
      data: [{ id, name: 'Followed', follower_count: 1 }],
      meta: { result_count: 1 },
    });
    const onBehalf = await call(sb.url, 'POST', `/2/users/${ownerId}/pinned_lists`, {
      auth: reader,
      json: { list_id: id },
    });
    expect(onBehalf.status).toBe(403);
    await call(sb.url, 'DELETE', `/2/users/${readerId}/pinned_lists/${id}`, { auth: reader });
    await call(sb.url, 'DELETE', `/2/users/${readerId}/followed_lists/${id}`, { auth: reader });
    expect((await get(bearer, `/2/lists/${id}/followers`)).body).toEqual({ meta: { result_count: 0 } });

    const secret = await createList({ name: 'Secret', private: true });
    expect((await get(owner, `/2/users/${ownerId}/owned_lists`)).body.data?.map((list) => list.id)).toContain(
      secret,
    );
    expect(
      (await get(reader, `/2/users/${ownerId}/owned_lists`)).body.data?.map((list) => list.id),
    ).not.toContain(secret);
    expect((await get(reader, `/2/lists/${secret}/members`)).status).toBe(404);
  });

  it('needs user context to write', async () => {
    const refused = await call(sb.url, 'POST', '/2/lists', { auth: bearer, json: { name: 'x' } });
    expect(refused.status).toBe(403);
  });
});
