// The three ways a protected account's post used to slip past its protection, as twitter-api-v2 sees them: a
// bookmark made before the account went protected, a repost of it (the repost itself, and who reposted or liked
// it), and a quote's `referenced_tweets.id` expansion. After the account goes protected, a reader who does not
// follow it, and an app-only caller, find none of them: lists leave the post out, lookups answer X's
// not-authorized partial error, and expansions leave it out of `includes.tweets` with such an error beside.
import http from 'node:http';
import type { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedUser, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { sandboxClient, userClient } from './twitter-api-v2-wiring.js';
import { oauth2UserToken } from './xdk-setup.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let soonLocked: CreatedUser;
let author: TwitterApi;
let reader: TwitterApi;
let readerOAuth2: TwitterApi;
let app: TwitterApi;
let postId: string;
let repostId: string;
let quoteId: string;

const notAuthorized = (id: string, parameter: string) => ({
  value: id,
  detail: `Sorry, you are not authorized to see the Tweet with ${parameter}: [${id}].`,
  title: 'Authorization Error',
  resource_type: 'tweet',
  parameter,
  resource_id: id,
  type: 'https://api.x.com/2/problems/not-authorized-for-resource',
});

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  agent = new http.Agent({ keepAlive: true });
  soonLocked = sb.createUser({ screenName: 'soon_locked' });
  author = userClient(sb, agent, soonLocked, proxy.url);
  reader = userClient(sb, agent, sb.credentials, proxy.url);
  const token = await oauth2UserToken(sb, ['bookmark.read', 'bookmark.write', 'tweet.read', 'users.read']);
  readerOAuth2 = sandboxClient(sb, agent, token, proxy.url);
  app = sandboxClient(sb, agent, sb.credentials.bearerToken, proxy.url);

  // While the account is public, the reader bookmarks, reposts, likes and quotes its post.
  postId = (await author.v2.tweet('said in public, soon locked away')).data.id;
  await readerOAuth2.v2.bookmark(postId);
  // X answers the repost's id as `rest_id`, which twitter-api-v2's type does not list.
  const reposted = (await reader.v2.retweet(sb.user.id, postId)).data as { rest_id?: string };
  repostId = reposted.rest_id ?? '';
  expect(repostId).not.toBe('');
  await reader.v2.like(sb.user.id, postId);
  quoteId = (await reader.v2.quote('look at this', postId)).data.id;
  // The account then goes protected (a setting X's API has no call for); the reader does not follow it.
  soonLocked.user.protected = true;
});
afterAll(async () => {
  agent?.destroy();
  await proxy?.close();
  await sb?.close();
});

describe("a protected account's post after it went protected", () => {
  it('leaves the reader’s bookmarks', async () => {
    const bookmarks = await readerOAuth2.v2.bookmarks();
    expect(bookmarks.tweets.map((tweet) => tweet.id)).toEqual([]);
    expect(proxy.violations()).toEqual([]);
  });

  it('takes its reposts with it: lookups, timelines, and who reposted or liked it', async () => {
    for (const viewer of [reader, app]) {
      const lookup = await viewer.v2.singleTweet(repostId);
      expect(lookup.data).toBeUndefined();
      expect(lookup.errors).toEqual([notAuthorized(repostId, 'id')]);
      const many = await viewer.v2.tweets([repostId, quoteId]);
      expect(many.data.map((tweet) => tweet.id)).toEqual([quoteId]);
      expect(many.errors).toEqual([notAuthorized(repostId, 'ids')]);
      const timeline = await viewer.v2.userTimeline(sb.user.id);
      expect(timeline.tweets.map((tweet) => tweet.id)).toEqual([quoteId]);
      const reposters = await viewer.v2.tweetRetweetedBy(postId);
      expect(reposters.data).toBeUndefined();
      expect(reposters.errors).toEqual([notAuthorized(postId, 'id')]);
    }
    // Who liked it is user-context only.
    const likers = await reader.v2.tweetLikedBy(postId);
    expect(likers.data).toBeUndefined();
    expect(likers.errors).toEqual([notAuthorized(postId, 'id')]);
    // The author still sees who reposted it.
    const reposters = await author.v2.tweetRetweetedBy(postId);
    expect(reposters.data.map((user) => user.id)).toEqual([sb.user.id]);
    expect(proxy.violations()).toEqual([]);
  });

  it('is left out of a quote’s expansions, with an error saying so', async () => {
    const expansions = ['referenced_tweets.id', 'referenced_tweets.id.author_id'] as const;
    for (const viewer of [reader, app]) {
      const quote = await viewer.v2.singleTweet(quoteId, { expansions: [...expansions] });
      expect(quote.data.id).toBe(quoteId);
      expect(quote.includes?.tweets ?? []).toEqual([]);
      expect(quote.includes?.users ?? []).toEqual([]);
      expect(quote.errors).toEqual([notAuthorized(postId, 'referenced_tweets.id')]);
      const timeline = await viewer.v2.userTimeline(sb.user.id, { expansions: ['referenced_tweets.id'] });
      expect(timeline.includes.tweets).toEqual([]);
    }
    // The author, who may see it, gets it.
    const own = await author.v2.singleTweet(quoteId, { expansions: ['referenced_tweets.id'] });
    expect(own.includes?.tweets?.map((tweet) => tweet.id)).toEqual([postId]);
    expect(own.errors).toBeUndefined();
    expect(proxy.violations()).toEqual([]);
  });

  it('is gone from v1.1 too: lookups, timelines and a quote’s quoted_status', async () => {
    const quote = await reader.v1.singleTweet(quoteId);
    expect(quote.quoted_status_id_str).toBe(postId);
    expect(quote.quoted_status).toBeUndefined();
    const looked = await reader.v1.tweets([postId, repostId, quoteId]);
    expect(looked.map((tweet) => tweet.id_str)).toEqual([quoteId]);
    const timeline = await reader.v1.userTimeline(sb.user.id);
    expect(timeline.tweets.map((tweet) => tweet.id_str)).toEqual([quoteId]);
    const home = await reader.v1.homeTimeline();
    expect(home.tweets.map((tweet) => tweet.id_str)).toEqual([quoteId]);
    // The author still sees the quoted post embedded.
    expect((await author.v1.singleTweet(quoteId)).quoted_status?.id_str).toBe(postId);
    expect(proxy.violations()).toEqual([]);
  });
});
