// twitter-api-v2's social calls against the sandbox, unchanged but for the host: likes, reposts, follows,
// mentions, the home timeline and search with their paginators, user lookups, and counts; every answer is
// checked against X's OpenAPI document by the checking proxy.
import http from 'node:http';
import type { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { sandboxClient, userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let me: TwitterApi;
let friend: TwitterApi;
let app: TwitterApi;
let friendId: string;

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  agent = new http.Agent({ keepAlive: true });
  const made = sb.createUser({ screenName: 'interop_friend' });
  friendId = made.user.id;
  me = userClient(sb, agent, sb.credentials, proxy.url);
  friend = userClient(sb, agent, made, proxy.url);
  app = sandboxClient(sb, agent, sb.credentials.bearerToken, proxy.url);
});
afterAll(async () => {
  agent?.destroy();
  await proxy?.close();
  await sb?.close();
});

describe('twitter-api-v2 social calls against the sandbox', () => {
  it('likes, reposts and their lists', async () => {
    const { data: posted } = await me.v2.tweet('interop: like and repost me');
    expect((await friend.v2.like(friendId, posted.id)).data.liked).toBe(true);
    expect((await friend.v2.retweet(friendId, posted.id)).data.retweeted).toBe(true);
    const likers = await me.v2.tweetLikedBy(posted.id);
    expect(likers.data.map((user) => user.username)).toEqual(['interop_friend']);
    const liked = await friend.v2.userLikedTweets(friendId);
    expect(liked.tweets.map((tweet) => tweet.id)).toEqual([posted.id]);
    const reposters = await me.v2.tweetRetweetedBy(posted.id);
    expect(reposters.data.map((user) => user.id)).toEqual([friendId]);
    const { data: withMetrics } = await me.v2.singleTweet(posted.id, { 'tweet.fields': ['public_metrics'] });
    expect(withMetrics.public_metrics).toMatchObject({ like_count: 1, retweet_count: 1 });
    expect((await friend.v2.unlike(friendId, posted.id)).data.liked).toBe(false);
    expect((await friend.v2.unretweet(friendId, posted.id)).data.retweeted).toBe(false);
    expect(proxy.violations()).toEqual([]);
  });

  it('follows, the home timeline and mentions, walked with the library paginators', async () => {
    const { data: self } = await friend.v2.me();
    expect((await friend.v2.follow(self.id, sb.user.id)).data.following).toBe(true);
    const followers = await me.v2.followers(sb.user.id, { max_results: 10, asPaginator: true });
    await followers.fetchLast(100);
    expect(followers.users.map((user) => user.username)).toContain('interop_friend');
    expect(new Set(followers.users.map((user) => user.id)).size).toBe(followers.users.length);

    for (let index = 0; index < 7; index++) await me.v2.tweet(`interop home ${index} @interop_friend`);
    const home = await friend.v2.homeTimeline({ max_results: 5 });
    await home.fetchNext();
    expect(home.tweets.map((tweet) => tweet.text).slice(0, 7)).toEqual(
      [6, 5, 4, 3, 2, 1, 0].map((index) => `interop home ${index} @interop_friend`),
    );
    const mentions = await me.v2.userMentionTimeline(friendId, { max_results: 5 });
    await mentions.fetchLast(10);
    expect(mentions.tweets.length).toBe(7);
    expect((await friend.v2.unfollow(self.id, sb.user.id)).data.following).toBe(false);
    expect(proxy.violations()).toEqual([]);
  });

  it('search, counts and user lookups', async () => {
    const search = await app.v2.search('interop home -is:retweet', { max_results: 10 });
    expect(search.tweets.length).toBe(7);
    const counts = await app.v2.tweetCountRecent('interop home', { granularity: 'day' });
    expect(counts.meta.total_tweet_count).toBe(7);
    const users = await app.v2.usersByUsernames(['interop_friend', 'XDevelopers']);
    expect(users.data.map((user) => user.id)).toEqual([friendId, sb.user.id]);
    const byIds = await app.v2.users([sb.user.id]);
    expect(byIds.data[0]?.username).toBe('XDevelopers');
    expect(proxy.violations()).toEqual([]);
  });
});
