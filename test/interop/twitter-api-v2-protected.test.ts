// A protected account's posts as twitter-api-v2 sees them: its followers and the author read them; anyone else,
// and app-only callers, get X's not-authorized answers (v2 partial errors, v1.1 code 179) and find nothing in
// search, mentions, likes, quotes or a list's posts.
import http from 'node:http';
import { ApiResponseError, type TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedUser, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { sandboxClient, userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let locked: CreatedUser;
let author: TwitterApi;
let stranger: TwitterApi;
let app: TwitterApi;
let postId: string;

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  agent = new http.Agent({ keepAlive: true });
  locked = sb.createUser({ screenName: 'locked_account', protected: true });
  author = userClient(sb, agent, locked, proxy.url);
  stranger = userClient(sb, agent, sb.credentials, proxy.url);
  app = sandboxClient(sb, agent, sb.credentials.bearerToken, proxy.url);
  postId = (await author.v2.tweet('for my followers only @XDevelopers #lockedpost')).data.id;
});
afterAll(async () => {
  agent?.destroy();
  await proxy?.close();
  await sb?.close();
});

describe("a protected account's posts through twitter-api-v2", () => {
  it('lets the author read them, and answers others with X’s authorization errors', async () => {
    expect((await author.v2.singleTweet(postId)).data.id).toBe(postId);
    for (const reader of [stranger, app]) {
      const single = await reader.v2.singleTweet(postId);
      expect(single.data).toBeUndefined();
      expect(single.errors).toEqual([
        {
          value: postId,
          detail: `Sorry, you are not authorized to see the Tweet with id: [${postId}].`,
          title: 'Authorization Error',
          resource_type: 'tweet',
          parameter: 'id',
          resource_id: postId,
          type: 'https://api.x.com/2/problems/not-authorized-for-resource',
        },
      ]);
      const timeline = await reader.v2.userTimeline(locked.user.id);
      expect(timeline.tweets).toEqual([]);
      expect(timeline.errors[0]).toMatchObject({ resource_type: 'user', resource_id: locked.user.id });
      expect((await reader.v2.search('#lockedpost')).tweets).toEqual([]);
    }
    const mentions = await stranger.v2.userMentionTimeline(sb.user.id);
    expect(mentions.tweets).toEqual([]);

    // Lists that carry other people's posts leave them out too: likes, quotes, a list's posts.
    await author.v2.like(locked.user.id, postId);
    const quote = await author.v2.quote('quoting myself', postId);
    expect((await stranger.v2.userLikedTweets(locked.user.id)).tweets).toEqual([]);
    expect((await author.v2.userLikedTweets(locked.user.id)).tweets.map((tweet) => tweet.id)).toEqual([
      postId,
    ]);
    expect((await stranger.v2.quotes(postId)).tweets).toEqual([]);
    expect((await author.v2.quotes(postId)).tweets.map((tweet) => tweet.id)).toEqual([quote.data.id]);
    const { data: list } = await stranger.v2.createList({ name: 'watching' });
    await stranger.v2.addListMember(list.id, locked.user.id);
    expect((await stranger.v2.listTweets(list.id)).tweets).toEqual([]);
    const v1 = await stranger.v1.singleTweet(postId).catch((error: unknown) => error);
    expect(v1).toBeInstanceOf(ApiResponseError);
    expect((v1 as ApiResponseError).errors).toEqual([
      { code: 179, message: 'Sorry, you are not authorized to see this status.' },
    ]);
    expect(proxy.violations()).toEqual([]);
  });
});
