// twitter-api-v2's v1.1 calls against the sandbox, unchanged but for the host: statuses (update, reply, show,
// destroy), the home and user timelines walked with its v1 paginators (max_id), user lookups, follower ids
// with cursors, and friendships (create, destroy, show, lookup).
import http from 'node:http';
import { ApiResponseError, type TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { sandboxClient, userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let agent: http.Agent;
let me: TwitterApi;
let friend: TwitterApi;
let friendId: string;

beforeAll(async () => {
  sb = await startSandbox();
  agent = new http.Agent({ keepAlive: true });
  const made = sb.createUser({ screenName: 'v1_friend' });
  friendId = made.user.id;
  me = userClient(sb, agent);
  friend = userClient(sb, agent, made);
});
afterAll(async () => {
  agent?.destroy();
  await sb?.close();
});

describe('twitter-api-v2 v1.1 calls against the sandbox', () => {
  it('posts, replies, reads and deletes statuses, and pages timelines with max_id', async () => {
    const posted = await me.v1.tweet('v1.1 status one');
    expect(posted.full_text).toBe('v1.1 status one');
    const reply = await friend.v1.reply('a v1.1 reply', posted.id_str);
    expect(reply).toMatchObject({
      in_reply_to_status_id_str: posted.id_str,
      in_reply_to_screen_name: 'XDevelopers',
    });
    const ids = [posted.id_str];
    for (let index = 0; index < 6; index++) ids.push((await me.v1.tweet(`v1.1 status ${index + 2}`)).id_str);

    const timeline = await me.v1.userTimeline(sb.user.id, { count: 3 });
    await timeline.fetchLast(10);
    expect(timeline.tweets.map((tweet) => tweet.id_str)).toEqual([...ids].reverse());
    expect((await me.v1.singleTweet(reply.id_str)).user.screen_name).toBe('v1_friend');

    const deleted = await me.v1.deleteTweet(ids[6] ?? '');
    expect(deleted.id_str).toBe(ids[6]);
    const gone = await me.v1.singleTweet(ids[6] ?? '').catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ApiResponseError);
    expect((gone as ApiResponseError).errors).toEqual([
      { code: 144, message: 'No status found with that ID.' },
    ]);
  });

  it('follows and unfollows with friendships/create and destroy, and reads the relation', async () => {
    const followed = await me.v1.createFriendship({ user_id: friendId });
    expect(followed).toMatchObject({ id_str: friendId, screen_name: 'v1_friend' });
    const byName = await friend.v1.createFriendship({ screen_name: 'XDevelopers' });
    expect(byName.id_str).toBe(sb.user.id);

    const { relationship } = await me.v1.friendship({
      source_id: sb.user.id,
      target_screen_name: 'v1_friend',
    });
    expect(relationship.source).toMatchObject({
      id_str: sb.user.id,
      screen_name: 'XDevelopers',
      following: true,
      followed_by: true,
      blocking: false,
      muting: false,
    });
    expect(relationship.target).toMatchObject({ id_str: friendId, following: true, followed_by: true });
    const app = sandboxClient(sb, agent, sb.credentials.bearerToken);
    const seenByApp = await app.v1.friendship({ source_screen_name: 'v1_friend', target_id: sb.user.id });
    expect(seenByApp.relationship.source.following).toBe(true);

    const stranger = sb.createUser({ screenName: 'v1_stranger' }).user.id;
    const lookup = await me.v1.friendships({ user_id: [friendId, stranger] });
    expect(lookup.map((entry) => [entry.screen_name, entry.connections])).toEqual([
      ['v1_friend', ['following', 'followed_by']],
      ['v1_stranger', ['none']],
    ]);
    const followers = await me.v1.userFollowerIds({ user_id: sb.user.id });
    expect(followers.ids).toContain(friendId);

    const unfollowed = await me.v1.destroyFriendship({ user_id: friendId });
    expect(unfollowed.id_str).toBe(friendId);
    const after = await me.v1.friendship({ source_id: sb.user.id, target_id: friendId });
    expect(after.relationship.source).toMatchObject({ following: false, followed_by: true });

    const unknown = await me.v1
      .createFriendship({ user_id: '999999999999' })
      .catch((error: unknown) => error);
    expect((unknown as ApiResponseError).code).toBe(404);
    expect((unknown as ApiResponseError).errors).toEqual([{ code: 50, message: 'User not found.' }]);
    const self = await me.v1.createFriendship({ user_id: sb.user.id }).catch((error: unknown) => error);
    expect((self as ApiResponseError).code).toBe(403);
    expect((self as ApiResponseError).errors).toEqual([{ code: 158, message: "You can't follow yourself." }]);
  });

  it('leaves a protected account pending, refuses a blocked follow, and names what is missing', async () => {
    const locked = sb.createUser({ screenName: 'v1_locked', protected: true });
    const pending = await me.v1.createFriendship({ screen_name: 'v1_locked' });
    expect(pending).toMatchObject({ id_str: locked.user.id, following: false, follow_request_sent: true });
    const [looked] = await me.v1.friendships({ screen_name: 'v1_locked' });
    expect(looked?.connections).toEqual(['none']);

    const blocker = sb.createUser({ screenName: 'v1_blocker' });
    await userClient(sb, agent, blocker).v1.post('blocks/create.json', { user_id: sb.user.id });
    const blocked = await me.v1
      .createFriendship({ user_id: blocker.user.id })
      .catch((error: unknown) => error);
    expect((blocked as ApiResponseError).errors).toMatchObject([{ code: 162 }]);
    const { relationship } = await me.v1.friendship({ target_id: blocker.user.id });
    expect(relationship.source).toMatchObject({ blocked_by: true, blocking: false, can_dm: false });

    const app = sandboxClient(sb, agent, sb.credentials.bearerToken);
    const noSource = await app.v1.friendship({ target_id: friendId }).catch((error: unknown) => error);
    expect((noSource as ApiResponseError).errors).toEqual([
      { code: 38, message: 'source_id or source_screen_name parameter is missing.' },
    ]);
    const noTarget = await me.v1.destroyFriendship({}).catch((error: unknown) => error);
    expect((noTarget as ApiResponseError).errors).toEqual([
      { code: 38, message: 'screen_name parameter is missing.' },
    ]);
  });

  it('reads mentions, looks statuses and users up in bulk', async () => {
    const mentioner = sb.createUser({ screenName: 'v1_mentioner' });
    const client = userClient(sb, agent, mentioner);
    const first = await client.v1.tweet('hello @XDevelopers');
    const second = await client.v1.tweet('again @xdevelopers, and @v1_friend');
    const mentions = await me.v1.mentionTimeline({ count: 1 });
    await mentions.fetchLast(5);
    expect(mentions.tweets.map((tweet) => tweet.id_str)).toEqual([second.id_str, first.id_str]);

    const statuses = await me.v1.tweets([first.id_str, '1', second.id_str]);
    expect(statuses.map((tweet) => tweet.id_str)).toEqual([first.id_str, second.id_str]);
    const mapped = (await me.v1.tweets([first.id_str, '1'], { map: true })) as unknown as {
      id: Record<string, { id_str: string } | null>;
    };
    expect(mapped.id).toEqual({
      [first.id_str]: expect.objectContaining({ id_str: first.id_str }),
      '1': null,
    });

    const found = await me.v1.users({ screen_name: ['v1_mentioner', 'nobody_at_all'], user_id: friendId });
    expect(found.map((user) => user.screen_name).sort()).toEqual(['v1_friend', 'v1_mentioner']);
    const none = await me.v1.users({ user_id: '999999999999' }).catch((error: unknown) => error);
    expect((none as ApiResponseError).code).toBe(404);
    expect((none as ApiResponseError).errors).toEqual([
      { code: 17, message: 'No user matches for specified terms.' },
    ]);
  });

  it('leaves muted and blocked authors out of the v1.1 home timeline, as v2 does', async () => {
    const loud = sb.createUser({ screenName: 'v1_loud' });
    const rude = sb.createUser({ screenName: 'v1_rude' });
    await me.v1.createFriendship({ user_id: loud.user.id });
    await me.v1.createFriendship({ user_id: rude.user.id });
    await userClient(sb, agent, loud).v1.tweet('a loud post');
    await userClient(sb, agent, rude).v1.tweet('a rude post');
    const before = await me.v1.homeTimeline({ count: 5 });
    expect(before.tweets.slice(0, 2).map((tweet) => tweet.full_text)).toEqual(['a rude post', 'a loud post']);

    await me.v2.mute(sb.user.id, loud.user.id);
    await me.v1.post('blocks/create.json', { user_id: rude.user.id });
    const after = await me.v1.homeTimeline({ count: 50 });
    const texts = after.tweets.map((tweet) => tweet.full_text);
    expect(texts).not.toContain('a loud post');
    expect(texts).not.toContain('a rude post');
    const v2Home = await me.v2.homeTimeline({ max_results: 100 });
    expect(v2Home.tweets.map((tweet) => tweet.text)).not.toContain('a loud post');
  });

  it('reports the v1.1 windows with application/rate_limit_status, counting down as calls are made', async () => {
    const before = await me.v1.rateLimitStatuses('statuses', 'friendships');
    expect(before.rate_limit_context).toEqual({ access_token: sb.credentials.accessToken });
    const show = before.resources['statuses']?.['/statuses/show/:id'];
    expect(show).toMatchObject({ limit: 900 });
    // Earlier cases of this file used friendships/show: its window is only checked for its shape here.
    expect(before.resources['friendships']?.['/friendships/show']).toMatchObject({
      limit: 180,
      remaining: expect.any(Number),
      reset: expect.any(Number),
    });
    expect(before.resources['users']).toBeUndefined();

    const posted = await me.v1.tweet('counted by rate_limit_status');
    await me.v1.singleTweet(posted.id_str);
    const after = await me.v1.rateLimitStatuses('statuses');
    expect(after.resources['statuses']?.['/statuses/show/:id']?.remaining).toBe((show?.remaining ?? 0) - 1);

    const app = sandboxClient(sb, agent, sb.credentials.bearerToken);
    const appView = await app.v1.rateLimitStatuses('users');
    expect(appView.rate_limit_context).toEqual({ application: sb.credentials.consumerKey });
    expect(appView.resources['users']?.['/users/show/:id']).toMatchObject({ limit: 900, remaining: 900 });
  });
});
