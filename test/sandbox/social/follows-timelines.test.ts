import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { call } from '../tweets/signed-client.js';
import { api, type Body, type Person, person } from './people.js';

let sb: Sandbox;
let x: ReturnType<typeof api>;
let me: Person;
let dana: Person;
let eve: Person;
let frank: Person;

beforeAll(async () => {
  sb = await startSandbox();
  x = api(sb);
  me = person(sb);
  dana = person(sb, 'dana_follow');
  eve = person(sb, 'eve_follow');
  frank = person(sb, 'frank_follow');
});
afterAll(() => sb.close());

const texts = (body: Body): string[] => (body.data ?? []).map((tweet: { text: string }) => tweet.text);
const usernames = (body: Body): string[] =>
  (body.data ?? []).map((user: { username: string }) => user.username);

describe('follows', () => {
  it('a follow shows in followers and following, and in the follower count; unfollow undoes it', async () => {
    const followed = await x.post(`/2/users/${dana.id}/following`, dana.auth, { target_user_id: eve.id });
    expect(followed.body).toEqual({ data: { following: true, pending_follow: false } });
    expect(usernames((await x.get(`/2/users/${eve.id}/followers`, dana.auth)).body)).toEqual(['dana_follow']);
    expect(usernames((await x.get(`/2/users/${dana.id}/following`, dana.auth)).body)).toEqual(['eve_follow']);
    const eveNow = await x.get(`/2/users/${eve.id}`, dana.auth, { 'user.fields': 'public_metrics' });
    expect(eveNow.body.data.public_metrics.followers_count).toBe(1);

    const unfollowed = await x.delete(`/2/users/${dana.id}/following/${eve.id}`, dana.auth);
    expect(unfollowed.body).toEqual({ data: { following: false } });
    expect((await x.get(`/2/users/${eve.id}/followers`, dana.auth)).body).toEqual({
      meta: { result_count: 0 },
    });
  });

  it('a protected account leaves the follow pending', async () => {
    const locked = sb.createUser({ screenName: 'locked_acct', protected: true });
    const followed = await x.post(`/2/users/${dana.id}/following`, dana.auth, {
      target_user_id: locked.user.id,
    });
    expect(followed.body).toEqual({ data: { following: false, pending_follow: true } });
    expect(usernames((await x.get(`/2/users/${dana.id}/following`, dana.auth)).body)).not.toContain(
      'locked_acct',
    );
  });

  it('pages the seeded followers with pagination_token, each user once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await x.get(`/2/users/${me.id}/followers`, me.auth, {
        max_results: 10,
        ...(token ? { pagination_token: token } : {}),
      });
      seen.push(...usernames(page.body));
      token = page.body.meta.next_token;
    } while (token);
    expect(seen.length).toBe(sb.user.followers.size);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('the home timeline and mentions', () => {
  it('the home timeline holds my posts and those of whom I follow, newest first', async () => {
    await x.post(`/2/users/${frank.id}/following`, frank.auth, { target_user_id: dana.id });
    await x.tweet(dana, 'dana says hi');
    await x.tweet(eve, 'eve is not followed');
    await x.tweet(frank, 'frank posts');
    const home = await x.get(`/2/users/${frank.id}/timelines/reverse_chronological`, frank.auth);
    expect(home.status).toBe(200);
    expect(texts(home.body)).toEqual(['frank posts', 'dana says hi']);
    const notMine = await x.get(`/2/users/${dana.id}/timelines/reverse_chronological`, frank.auth);
    expect(notMine.status).toBe(403);
  });

  it('mentions come from the text', async () => {
    await x.tweet(dana, 'hey @frank_follow, look');
    await x.tweet(eve, 'no mention of frank_follow here');
    const mentions = await x.get(`/2/users/${frank.id}/mentions`, frank.auth, {
      expansions: 'author_id',
      'tweet.fields': 'entities',
    });
    expect(texts(mentions.body)).toEqual(['hey @frank_follow, look']);
    expect(mentions.body.data[0].entities.mentions[0]).toMatchObject({
      username: 'frank_follow',
      id: frank.id,
    });
    expect(mentions.body.includes.users[0].username).toBe('dana_follow');
  });

  it('a mute hides the author from the home timeline, mentions and search; unmute brings them back', async () => {
    await x.post(`/2/users/${frank.id}/following`, frank.auth, { target_user_id: eve.id });
    await x.tweet(eve, 'muteable words @frank_follow');
    const homeBefore = texts(
      (await x.get(`/2/users/${frank.id}/timelines/reverse_chronological`, frank.auth)).body,
    );
    expect(homeBefore).toContain('muteable words @frank_follow');

    expect(
      (await x.post(`/2/users/${frank.id}/muting`, frank.auth, { target_user_id: eve.id })).body,
    ).toEqual({
      data: { muting: true },
    });
    expect(usernames((await x.get(`/2/users/${frank.id}/muting`, frank.auth)).body)).toEqual(['eve_follow']);
    const home = texts(
      (await x.get(`/2/users/${frank.id}/timelines/reverse_chronological`, frank.auth)).body,
    );
    expect(home).not.toContain('muteable words @frank_follow');
    expect(texts((await x.get(`/2/users/${frank.id}/mentions`, frank.auth)).body)).not.toContain(
      'muteable words @frank_follow',
    );
    const searched = await x.get('/2/tweets/search/recent', frank.auth, { query: 'muteable' });
    expect(texts(searched.body)).toEqual([]);
    const asApp = await x.get(
      '/2/tweets/search/recent',
      { bearer: sb.credentials.bearerToken },
      { query: 'muteable' },
    );
    expect(texts(asApp.body)).toEqual(['muteable words @frank_follow']);

    await x.delete(`/2/users/${frank.id}/muting/${eve.id}`, frank.auth);
    expect(texts((await x.get('/2/tweets/search/recent', frank.auth, { query: 'muteable' })).body)).toEqual([
      'muteable words @frank_follow',
    ]);
  });

  it('a block (v1.1 blocks/create) ends follows, lists in blocking and hides the author', async () => {
    await x.tweet(dana, 'blockable words');
    const blocked = await call<Body>(sb.url, 'POST', '/1.1/blocks/create.json', {
      auth: frank.auth,
      form: { screen_name: 'dana_follow' },
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body.screen_name).toBe('dana_follow');
    expect(usernames((await x.get(`/2/users/${frank.id}/blocking`, frank.auth)).body)).toEqual([
      'dana_follow',
    ]);
    expect(usernames((await x.get(`/2/users/${frank.id}/following`, frank.auth)).body)).not.toContain(
      'dana_follow',
    );
    expect(texts((await x.get('/2/tweets/search/recent', frank.auth, { query: 'blockable' })).body)).toEqual(
      [],
    );
    await call(sb.url, 'POST', '/1.1/blocks/destroy.json', { auth: frank.auth, form: { user_id: dana.id } });
    expect((await x.get(`/2/users/${frank.id}/blocking`, frank.auth)).body).toEqual({
      meta: { result_count: 0 },
    });
  });
});

describe('user lookups', () => {
  it('by ids and by usernames, with X partial errors for the missing', async () => {
    const byIds = await x.get('/2/users', me.auth, { ids: `${dana.id},999999999,${eve.id}` });
    expect(usernames(byIds.body)).toEqual(['dana_follow', 'eve_follow']);
    expect(byIds.body.errors).toEqual([
      expect.objectContaining({
        value: '999999999',
        parameter: 'ids',
        resource_type: 'user',
        title: 'Not Found Error',
      }),
    ]);
    const byNames = await x.get('/2/users/by', me.auth, {
      usernames: 'EVE_FOLLOW,nobody_here',
      'user.fields': 'created_at',
    });
    expect(byNames.body.data).toEqual([
      expect.objectContaining({ username: 'eve_follow', created_at: expect.any(String) }),
    ]);
    expect(byNames.body.errors[0]).toMatchObject({ value: 'nobody_here', parameter: 'usernames' });
  });

  it('search finds users by username or name; fixed paths are not taken for ids', async () => {
    const found = await x.get('/2/users/search', me.auth, { query: 'follow' });
    expect(found.status).toBe(200);
    expect(usernames(found.body)).toEqual(['dana_follow', 'eve_follow', 'frank_follow']);
    const crowd = await x.get('/2/users/search', me.auth, { query: 'sandbox crowd', max_results: 10 });
    expect(crowd.body.data).toHaveLength(10);
    const rest = await x.get('/2/users/search', me.auth, {
      query: 'sandbox crowd',
      next_token: crowd.body.meta.next_token,
    });
    expect(rest.body.data.length).toBeGreaterThan(0);
    expect(rest.body.data[0].id).not.toBe(crowd.body.data[0].id);
  });
});
