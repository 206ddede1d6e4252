import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { api, type Person, person } from './people.js';

let sb: Sandbox;
let x: ReturnType<typeof api>;
let alice: Person;
let bob: Person;
let carol: Person;

beforeAll(async () => {
  sb = await startSandbox();
  x = api(sb);
  alice = person(sb);
  bob = person(sb, 'bob_social');
  carol = person(sb, 'carol_social');
});
afterAll(() => sb.close());

const metrics = async (id: string) =>
  (await x.get(`/2/tweets/${id}`, alice.auth, { 'tweet.fields': 'public_metrics' })).body.data.public_metrics;

describe('likes', () => {
  it('a like shows in liking_users, liked_tweets and like_count; an unlike takes it back', async () => {
    const id = await x.tweet(alice, 'likeable post');
    const liked = await x.post(`/2/users/${bob.id}/likes`, bob.auth, { tweet_id: id });
    expect(liked.status).toBe(200);
    expect(liked.body).toEqual({ data: { liked: true } });
    await x.post(`/2/users/${carol.id}/likes`, carol.oauth2, { tweet_id: id });

    const likers = await x.get(`/2/tweets/${id}/liking_users`, alice.auth);
    expect(likers.body.data.map((user: { username: string }) => user.username)).toEqual([
      'carol_social',
      'bob_social',
    ]);
    expect(likers.body.meta.result_count).toBe(2);
    const bobsLikes = await x.get(`/2/users/${bob.id}/liked_tweets`, bob.auth);
    expect(bobsLikes.body.data.map((tweet: { id: string }) => tweet.id)).toEqual([id]);
    expect((await metrics(id)).like_count).toBe(2);
    const v1 = await x.get('/1.1/statuses/show.json', alice.auth, { id });
    expect(v1.body).toMatchObject({ favorite_count: 2, retweet_count: 0 });

    const unliked = await x.delete(`/2/users/${bob.id}/likes/${id}`, bob.auth);
    expect(unliked.body).toEqual({ data: { liked: false } });
    expect((await metrics(id)).like_count).toBe(1);
    expect((await x.get(`/2/users/${bob.id}/liked_tweets`, bob.auth)).body).toEqual({
      meta: { result_count: 0 },
    });
  });

  it('refuses to like on behalf of another user, and without like.write', async () => {
    const id = await x.tweet(alice, 'not yours to like');
    const forged = await x.post(`/2/users/${carol.id}/likes`, bob.auth, { tweet_id: id });
    expect(forged.status).toBe(403);
    const token = 'read-only-token';
    sb.context.store.oauth2AccessTokens.set(token, {
      token,
      clientId: sb.credentials.clientId,
      userId: bob.id,
      scopes: new Set(['tweet.read', 'users.read', 'like.read']),
      expiresAt: sb.context.now() + 60_000,
    });
    const unscoped = await x.post(`/2/users/${bob.id}/likes`, { bearer: token }, { tweet_id: id });
    expect(unscoped.status).toBe(403);
    expect((await metrics(id)).like_count).toBe(0);
  });

  it('pages liking_users with pagination_token', async () => {
    const id = await x.tweet(alice, 'popular post');
    const likers: Person[] = [];
    for (let index = 0; index < 5; index++) likers.push(person(sb, `liker_${index}`));
    for (const liker of likers) await x.post(`/2/users/${liker.id}/likes`, liker.auth, { tweet_id: id });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await x.get(`/2/tweets/${id}/liking_users`, alice.auth, {
        max_results: 2,
        ...(token ? { pagination_token: token } : {}),
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((user: { username: string }) => user.username));
      token = page.body.meta.next_token;
    } while (token);
    expect(seen).toEqual(['liker_4', 'liker_3', 'liker_2', 'liker_1', 'liker_0']);
  });

  it('a deleted post leaves liked_tweets, and its likers answer X not-found', async () => {
    const id = await x.tweet(alice, 'soon gone');
    await x.post(`/2/users/${bob.id}/likes`, bob.auth, { tweet_id: id });
    expect((await x.delete(`/2/tweets/${id}`, alice.auth)).status).toBe(200);
    const likes = await x.get(`/2/users/${bob.id}/liked_tweets`, bob.auth);
    expect((likes.body.data ?? []).map((tweet: { id: string }) => tweet.id)).not.toContain(id);
    const likers = await x.get(`/2/tweets/${id}/liking_users`, alice.auth);
    expect(likers.status).toBe(200);
    expect(likers.body.data).toBeUndefined();
    expect(likers.body.errors[0]).toMatchObject({
      resource_id: id,
      resource_type: 'tweet',
      title: 'Not Found Error',
    });
    expect(likers.body.errors[0].type).toMatch(/\/2\/problems\/resource-not-found$/);
    const again = await x.post(`/2/users/${bob.id}/likes`, bob.auth, { tweet_id: id });
    expect(again.body.data).toEqual({ liked: false });
    expect(again.body.errors[0]).toMatchObject({ resource_id: id, parameter: 'tweet_id' });
  });
});

describe('reposts and quotes', () => {
  it('a repost shows in retweeted_by, retweets, reposts_of_me and retweet_count, and leaves with unrepost', async () => {
    const id = await x.tweet(alice, 'worth a repost');
    const reposted = await x.post(`/2/users/${bob.id}/retweets`, bob.auth, { tweet_id: id });
    expect(reposted.status).toBe(200);
    expect(reposted.body.data.retweeted).toBe(true);
    const repostId = reposted.body.data.rest_id as string;

    const by = await x.get(`/2/tweets/${id}/retweeted_by`, alice.auth);
    expect(by.body.data.map((user: { id: string }) => user.id)).toEqual([bob.id]);
    const reposts = await x.get(`/2/tweets/${id}/retweets`, alice.auth, {
      'tweet.fields': 'referenced_tweets,author_id',
    });
    expect(reposts.body.data).toEqual([
      {
        id: repostId,
        text: `RT @XDevelopers: worth a repost`,
        author_id: bob.id,
        edit_history_tweet_ids: [repostId],
        referenced_tweets: [{ type: 'retweeted', id }],
      },
    ]);
    const ofMe = await x.get('/2/users/reposts_of_me', alice.auth);
    expect(ofMe.body.data.map((tweet: { id: string }) => tweet.id)).toContain(repostId);
    expect((await metrics(id)).retweet_count).toBe(1);
    const timeline = await x.get(`/2/users/${bob.id}/tweets`, bob.auth, { exclude: 'retweets' });
    expect((timeline.body.data ?? []).map((tweet: { id: string }) => tweet.id)).not.toContain(repostId);

    expect((await x.delete(`/2/users/${bob.id}/retweets/${id}`, bob.auth)).body).toEqual({
      data: { retweeted: false },
    });
    expect((await metrics(id)).retweet_count).toBe(0);
    expect((await x.get(`/2/tweets/${id}/retweeted_by`, alice.auth)).body).toEqual({
      meta: { result_count: 0 },
    });
    expect((await x.get(`/2/tweets/${repostId}`, alice.auth)).body.errors[0].resource_id).toBe(repostId);
  });

  it('deleting the original deletes its reposts', async () => {
    const id = await x.tweet(alice, 'original to delete');
    const repostId = (await x.post(`/2/users/${carol.id}/retweets`, carol.auth, { tweet_id: id })).body.data
      .rest_id;
    await x.delete(`/2/tweets/${id}`, alice.auth);
    const lookup = await x.get('/2/tweets', alice.auth, { ids: `${id},${repostId}` });
    expect(lookup.body.data).toBeUndefined();
    expect(lookup.body.errors.map((error: { resource_id: string }) => error.resource_id).sort()).toEqual(
      [id, repostId].sort(),
    );
    expect((await x.get('/2/users/reposts_of_me', alice.auth)).body.data ?? []).not.toContainEqual(
      expect.objectContaining({ id: repostId }),
    );
  });

  it('quotes show in quote_tweets and quote_count; replies carry conversation_id and in_reply_to_user_id', async () => {
    const id = await x.tweet(alice, 'quote me');
    const quoteId = await x.tweet(bob, 'so true', { quote_tweet_id: id });
    const replyId = await x.tweet(carol, 'I disagree', { reply: { in_reply_to_tweet_id: id } });
    const deeper = await x.tweet(alice, 'why?', { reply: { in_reply_to_tweet_id: replyId } });
    const quotes = await x.get(`/2/tweets/${id}/quote_tweets`, alice.auth);
    expect(quotes.body.data.map((tweet: { id: string }) => tweet.id)).toEqual([quoteId]);
    const counted = await metrics(id);
    expect(counted.quote_count).toBe(1);
    expect(counted.reply_count).toBe(1);
    const reply = await x.get(`/2/tweets/${deeper}`, alice.auth, {
      'tweet.fields': 'conversation_id,in_reply_to_user_id',
    });
    expect(reply.body.data).toMatchObject({ conversation_id: id, in_reply_to_user_id: carol.id });
  });
});

describe('rate limits', () => {
  it("each operation counts in its own window with X's published limit", async () => {
    const id = await x.tweet(alice, 'rate limited post');
    const likers = await x.get(`/2/tweets/${id}/liking_users`, alice.auth);
    expect(likers.headers.get('x-rate-limit-limit')).toBe('75');
    const followers = await x.get(`/2/users/${alice.id}/followers`, alice.auth);
    expect(followers.headers.get('x-rate-limit-limit')).toBe('15');
    const again = await x.get(`/2/users/${alice.id}/followers`, alice.auth);
    expect(Number(again.headers.get('x-rate-limit-remaining'))).toBe(
      Number(followers.headers.get('x-rate-limit-remaining')) - 1,
    );
    const search = await x.get(
      '/2/tweets/search/all',
      { bearer: sb.credentials.bearerToken },
      { query: 'rate' },
    );
    expect(search.headers.get('x-rate-limit-limit')).toBe('300');

    const fresh = person(sb, 'fresh_liker');
    sb.rateLimits.set('POST /2/users/:id/likes', { user: 1 });
    expect((await x.post(`/2/users/${fresh.id}/likes`, fresh.auth, { tweet_id: id })).status).toBe(200);
    const limited = await x.post(`/2/users/${fresh.id}/likes`, fresh.auth, { tweet_id: id });
    expect(limited.status).toBe(429);
    expect(limited.body.title).toBe('Too Many Requests');
  });
});
