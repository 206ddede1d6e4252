// twitter-api-v2's Direct Message and List calls against the sandbox, unchanged but for the host, through a
// proxy that checks every answer against X's OpenAPI document. Field and expansion names are the ones X's API
// reference and the library use (`dm_event.fields=sender_id`, `expansions=referenced_tweets.id`,
// `list.fields=owner_id`), which the document's parameter enums leave out.
import http from 'node:http';
import { ApiResponseError, type TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { png } from '../sandbox/media/fixtures.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { sandboxClient, userClient } from './twitter-api-v2-wiring.js';
import { oauth2UserToken } from './xdk-setup.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let me: TwitterApi;
let friend: TwitterApi;
let friendId: string;
let thirdId: string;

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  agent = new http.Agent({ keepAlive: true });
  const made = sb.createUser({ screenName: 'dm_friend' });
  friendId = made.user.id;
  thirdId = sb.createUser({ screenName: 'dm_third' }).user.id;
  me = userClient(sb, agent, sb.credentials, proxy.url);
  friend = userClient(sb, agent, made, proxy.url);
});
afterAll(async () => {
  agent?.destroy();
  await proxy?.close();
  await sb?.close();
});

/** The library types a DM answer without its `data` wrapper; X (and the document) wrap it. */
function sent(answer: unknown): { dm_conversation_id: string; dm_event_id: string } {
  return (answer as { data: { dm_conversation_id: string; dm_event_id: string } }).data;
}

describe('twitter-api-v2 DMs and Lists against the sandbox', () => {
  it('sends DMs one to one and to a group, and reads them with fields, expansions and paginators', async () => {
    const { data: post } = await me.v2.tweet('a post to share in a DM');
    const first = sent(
      await me.v2.sendDmToParticipant(friendId, { text: `look https://x.com/XDevelopers/status/${post.id}` }),
    );
    expect(first.dm_conversation_id).toBe(`${sb.user.id}-${friendId}`.split('-').sort().join('-'));
    for (let index = 0; index < 4; index++) {
      await friend.v2.sendDmInConversation(first.dm_conversation_id, { text: `answer ${index}` });
    }
    const group = sent(
      await me.v2.createDmConversation({
        conversation_type: 'Group',
        participant_ids: [friendId, thirdId],
        message: { text: 'hello group' },
      }),
    );
    expect(group.dm_conversation_id).toMatch(/^\d{15,19}$/);

    const all = await me.v2.listDmEvents({
      'dm_event.fields': [
        'created_at',
        'sender_id',
        'dm_conversation_id',
        'referenced_tweets',
        'participant_ids',
      ],
      expansions: ['sender_id', 'referenced_tweets.id', 'participant_ids'],
      'user.fields': ['username'],
      event_types: 'MessageCreate',
      max_results: 3,
    });
    await all.fetchLast(10);
    expect(all.events.map((event) => (event.event_type === 'MessageCreate' ? event.text : ''))).toEqual([
      'hello group',
      'answer 3',
      'answer 2',
      'answer 1',
      'answer 0',
      // X sends the link as a t.co link; the post it points at is still found.
      expect.stringMatching(/^look https:\/\/t\.co\/[A-Za-z0-9]{10}$/),
    ]);
    const shared = all.events[5];
    expect(shared).toMatchObject({
      sender_id: sb.user.id,
      dm_conversation_id: first.dm_conversation_id,
      referenced_tweets: [{ id: post.id }],
    });
    expect(all.events[1]?.sender_id).toBe(friendId);
    // Each page carries its own includes; the paginator concatenates them.
    const senders = new Set(all.includes.users.map((user) => user.username));
    expect([...senders].sort()).toEqual(['XDevelopers', 'dm_friend']);
    expect(new Set(all.includes.tweets.map((tweet) => tweet.id))).toEqual(new Set([post.id]));

    const withFriend = await friend.v2.listDmEventsWithParticipant(sb.user.id, { max_results: 2 });
    await withFriend.fetchLast(10);
    expect(withFriend.events.length).toBe(5);
    const inGroup = await friend.v2.listDmEventsOfConversation(group.dm_conversation_id, {
      'dm_event.fields': ['participant_ids', 'sender_id'],
    });
    expect(inGroup.events.map((event) => event.event_type)).toEqual(['MessageCreate', 'ParticipantsJoin']);
    expect(inGroup.events[1]).toMatchObject({ sender_id: sb.user.id, participant_ids: [friendId, thirdId] });
    expect(proxy.violations()).toEqual([]);
  });

  it('creates a list, adds members, follows and pins it, reads it with owner_id, then tears it down', async () => {
    const { data: created } = await me.v2.createList({
      name: 'interop',
      description: 'friends',
      private: false,
    });
    expect((await me.v2.updateList(created.id, { name: 'interop list' })).data.updated).toBe(true);
    expect((await me.v2.addListMember(created.id, friendId)).data.is_member).toBe(true);
    expect((await me.v2.addListMember(created.id, thirdId)).data.is_member).toBe(true);

    const { data: list, includes } = await friend.v2.list(created.id, {
      'list.fields': ['owner_id', 'member_count', 'follower_count', 'description', 'private', 'created_at'],
      expansions: ['owner_id'],
      'user.fields': ['username'],
    });
    expect(list).toMatchObject({
      id: created.id,
      name: 'interop list',
      owner_id: sb.user.id,
      member_count: 2,
      follower_count: 0,
      description: 'friends',
      private: false,
    });
    expect(includes?.users?.map((user) => user.username)).toEqual(['XDevelopers']);
    const owned = await friend.v2.listsOwned(sb.user.id, { 'list.fields': ['owner_id'] });
    expect(owned.lists.map((entry) => entry.owner_id)).toEqual([sb.user.id]);

    expect((await friend.v2.subscribeToList(friendId, created.id)).data.following).toBe(true);
    expect((await friend.v2.pinList(friendId, created.id)).data.pinned).toBe(true);
    const members = await friend.v2.listMembers(created.id, { max_results: 1 });
    await members.fetchLast(5);
    expect(members.users.map((user) => user.id)).toEqual([friendId, thirdId]);
    const followers = await me.v2.listFollowers(created.id);
    expect(followers.users.map((user) => user.username)).toEqual(['dm_friend']);
    const followed = await friend.v2.listFollowed(friendId, { 'list.fields': ['member_count'] });
    expect(followed.lists).toEqual([{ id: created.id, name: 'interop list', member_count: 2 }]);
    const memberships = await friend.v2.listMemberships(thirdId);
    expect(memberships.lists.map((entry) => entry.id)).toEqual([created.id]);

    await friend.v2.tweet('a post by a member');
    const posts = await me.v2.listTweets(created.id, { expansions: ['author_id'] });
    expect(posts.tweets.map((tweet) => tweet.text)).toEqual(['a post by a member']);
    expect(
      posts.includes.author(posts.tweets[0] ?? { id: '', text: '', edit_history_tweet_ids: [] })?.id,
    ).toBe(friendId);

    expect((await friend.v2.unpinList(friendId, created.id)).data.pinned).toBe(false);
    expect((await friend.v2.unsubscribeOfList(friendId, created.id)).data.following).toBe(false);
    expect((await me.v2.removeListMember(created.id, thirdId)).data.is_member).toBe(false);
    expect((await me.v2.removeList(created.id)).data.deleted).toBe(true);
    expect(proxy.violations()).toEqual([]);
  });

  it('downloads DM media with an OAuth 2.0 user token, and refuses OAuth 1.0a as the document lists only OAuth 2.0', async () => {
    const mediaId = await me.v1.uploadMedia(png(16, 16, 500), { mimeType: 'image/png', target: 'dm' });
    const message = sent(
      await me.v2.sendDmToParticipant(friendId, { text: 'a picture', attachments: [{ media_id: mediaId }] }),
    );
    const path = `dm_conversations/media/${message.dm_event_id}/${mediaId}/picture.png`;

    const oauth1 = await friend.v2.get(path).catch((error: unknown) => error);
    expect(oauth1).toBeInstanceOf(ApiResponseError);
    expect((oauth1 as ApiResponseError).data).toMatchObject({
      type: 'https://api.x.com/2/problems/unsupported-authentication',
    });

    const token = await oauth2UserToken(sb, ['dm.read', 'tweet.read', 'users.read'], friendId);
    const oauth2 = sandboxClient(sb, agent, token, proxy.url);
    const bytes = await oauth2.v2.get<Buffer>(path, undefined, { forceParseMode: 'buffer' });
    expect(bytes.length).toBeGreaterThan(0);
  });
});
