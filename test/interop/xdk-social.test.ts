// X's official SDK (@xdevplatform/xdk), changed only in its base URL, through likes, reposts, follows, mutes,
// bookmarks, lists, DMs, the home timeline and a quote/reply thread, with an OAuth 2.0 user token, OAuth 1.0a
// and the app's bearer token. A proxy checks every answer against X's OpenAPI document.
import { Client } from '@xdevplatform/xdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedUser, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { appAndUserClient, oauth2UserToken } from './xdk-setup.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let mine: Client;
let app: Client;
let friend: CreatedUser;
let friendSdk: Client;
let me: string;

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  friend = sb.createUser({ screenName: 'xdk_friend' });
  const token = await oauth2UserToken(sb, [
    ...[
      'tweet.read',
      'tweet.write',
      'users.read',
      'like.read',
      'like.write',
      'follows.read',
      'follows.write',
    ],
    ...['list.read', 'list.write', 'dm.read', 'dm.write', 'bookmark.read', 'bookmark.write'],
    ...['mute.read', 'mute.write', 'block.read'],
  ]);
  mine = new Client({ baseUrl: proxy.url, accessToken: token });
  app = new Client({ baseUrl: proxy.url, bearerToken: sb.credentials.bearerToken });
  friendSdk = appAndUserClient({ ...sb, url: proxy.url }, friend);
  me = sb.user.id;
});
afterAll(async () => {
  await proxy?.close();
  await sb?.close();
});

describe('the official X SDK through social, list and DM flows', () => {
  it('likes, reposts, bookmarks, follows and mutes, then undoes them', async () => {
    const post = (await friendSdk.posts.create({ text: 'an SDK post to like' })).data?.id ?? '';
    expect((await mine.users.likePost(me, { tweetId: post })).data?.liked).toBe(true);
    expect((await mine.users.repostPost(me, { tweetId: post })).data?.retweeted).toBe(true);
    expect((await app.posts.getRepostedBy(post)).data?.map((user) => user.id)).toEqual([me]);
    expect((await app.posts.getReposts(post)).data?.[0]?.text).toBe('RT @xdk_friend: an SDK post to like');
    expect((await mine.users.createBookmark(me, { tweetId: post })).data?.bookmarked).toBe(true);
    const bookmarks = await mine.users.getBookmarks(me, { expansions: ['author_id'] });
    expect(bookmarks.data?.[0]).toMatchObject({ id: post, authorId: friend.user.id });
    expect(bookmarks.includes?.users?.map((user) => user.username)).toEqual(['xdk_friend']);

    expect((await mine.users.followUser(me, { targetUserId: friend.user.id })).data?.following).toBe(true);
    expect((await app.users.getFollowers(friend.user.id)).data?.map((user) => user.id)).toEqual([me]);
    expect((await mine.users.muteUser(me, { targetUserId: friend.user.id })).data?.muting).toBe(true);
    expect((await mine.users.getMuting(me)).data?.map((user) => user.id)).toEqual([friend.user.id]);
    expect((await mine.users.unmuteUser(me, friend.user.id)).data?.muting).toBe(false);
    expect((await mine.users.getBlocking(me)).meta?.resultCount).toBe(0);

    const home = await mine.users.getTimeline(me, { maxResults: 5 });
    expect(home.data?.map((entry) => entry.text)).toEqual([
      'RT @xdk_friend: an SDK post to like',
      'an SDK post to like',
    ]);
    expect((await mine.users.unlikePost(me, post)).data?.liked).toBe(false);
    expect((await mine.users.unrepostPost(me, post)).data?.retweeted).toBe(false);
    expect((await mine.users.deleteBookmark(me, post)).data?.bookmarked).toBe(false);
    expect((await mine.users.unfollowUser(me, friend.user.id)).data?.following).toBe(false);
    expect(proxy.violations()).toEqual([]);
  });

  it('quotes and replies, and reads the thread with expansions', async () => {
    const root = (await friendSdk.posts.create({ text: 'a thread root' })).data?.id ?? '';
    const quote = (await mine.posts.create({ text: 'quoting it', quoteTweetId: root })).data?.id;
    const reply = (await mine.posts.create({ text: 'replying', reply: { inReplyToTweetId: root } })).data?.id;
    const quoted = await app.posts.getQuoted(root, { expansions: ['author_id'] });
    expect(quoted.data?.map((entry) => entry.id)).toEqual([quote]);
    expect(quoted.includes?.users?.map((user) => user.id)).toEqual([me]);
    const thread = await app.posts.searchRecent(`conversation_id:${root}`, {
      expansions: ['in_reply_to_user_id'],
      postFields: ['conversation_id'],
    });
    expect(thread.data?.map((entry) => entry.id)).toEqual([reply, root]);
    expect(thread.data?.[0]).toMatchObject({ conversationId: root, inReplyToUserId: friend.user.id });
    expect(thread.includes?.users?.map((user) => user.username)).toEqual(['xdk_friend']);
    expect(proxy.violations()).toEqual([]);
  });

  it('creates, fills, follows and pins a list, and sends and lists DMs', async () => {
    const list = (await mine.lists.create({ name: 'SDK list', private: false })).data?.id ?? '';
    expect((await mine.lists.addMember(list, { userId: friend.user.id })).data?.isMember).toBe(true);
    const read = await app.lists.getById(list, { listFields: ['member_count'], expansions: ['owner_id'] });
    expect(read.data).toMatchObject({ id: list, memberCount: 1, ownerId: me });
    expect((await app.lists.getMembers(list)).data?.map((user) => user.id)).toEqual([friend.user.id]);
    expect((await mine.users.followList(me, { listId: list })).data?.following).toBe(true);
    expect((await mine.users.pinList(me, { listId: list })).data?.pinned).toBe(true);
    expect((await mine.users.getPinnedLists(me)).data?.map((entry) => entry.id)).toEqual([list]);
    expect((await app.users.getListMemberships(friend.user.id)).data?.map((entry) => entry.id)).toEqual([
      list,
    ]);
    expect((await mine.lists.delete(list)).data?.deleted).toBe(true);

    const first = await mine.directMessages.createByParticipantId(friend.user.id, {
      text: 'hello from the SDK',
    });
    const conversation = first.data?.dmConversationId ?? '';
    await mine.directMessages.createByConversationId(conversation, { text: 'and again' });
    const events = await mine.directMessages.getEvents({
      expansions: ['sender_id'],
      dmEventFields: ['created_at', 'dm_conversation_id'],
    });
    expect(events.data?.map((event) => event.text)).toEqual(['and again', 'hello from the SDK']);
    expect(events.data?.[0]).toMatchObject({ dmConversationId: conversation, senderId: me });
    const paged = await mine.directMessages.getEventsByParticipantId(friend.user.id, { maxResults: 1 });
    expect(paged.meta?.nextToken).toMatch(/^\w{16}$/);
    expect(proxy.violations()).toEqual([]);
  });

  it('grants timeline.read, the document scope reposts_of_me needs, and reads the reposts of my posts', async () => {
    const token = await oauth2UserToken(sb, ['tweet.read', 'users.read', 'timeline.read']);
    const reader = new Client({ baseUrl: proxy.url, accessToken: token });
    const mine = (await appAndUserClient({ ...sb, url: proxy.url }).posts.create({ text: 'repost this' }))
      .data?.id;
    const repost = await friendSdk.users.repostPost(friend.user.id, { tweetId: mine ?? '' });
    const reposts = await reader.users.getRepostsOfMe();
    expect(reposts.data?.map((post) => [post.id, post.text])).toEqual([
      [repost.data?.restId, 'RT @XDevelopers: repost this'],
    ]);
    expect(proxy.violations()).toEqual([]);
  });
});
