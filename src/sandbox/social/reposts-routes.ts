// Reposts and quotes. A repost is a post of its own (text `RT @author: text`, referenced as `retweeted`),
// so it shows in the reposter's timeline, in search (`is:retweet`), in streams, in `retweeted_by`, `retweets`,
// `reposts_of_me` and the original's `retweet_count`; deleting the original deletes its reposts.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { requireSelf } from '../v2-kit/guard.js';
import { idPage, offsetPage } from '../v2-kit/paging.js';
import { bodyField, findPost, findVisiblePost, postList, route, userList, usersOf } from './common.js';
import { seenBy } from './post-filters.js';

const READ = { need: 'any', scopes: ['tweet.read', 'users.read'] } as const;
const WRITE = { need: 'user', scopes: ['tweet.read', 'tweet.write', 'users.read'] } as const;

export function registerRepostRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const service = tweetService(ctx);
  const { store } = service;
  const repostsOf = (id: string) => store.newestFirst((tweet) => tweet.retweetOf === id);
  const repostBy = (userId: string, id: string) =>
    store.newestFirst((tweet) => tweet.retweetOf === id && tweet.authorId === userId)[0];

  route(app, ctx, 'POST', '/2/users/:id/retweets', WRITE, ({ auth, path, request }) => {
    const user = requireSelf(auth, path['id']);
    const found = findPost(ctx, bodyField(request, 'tweet_id'), 'tweet_id');
    // UNCONFIRMED: reposting a post that does not exist answers 200 with retweeted:false and the not-found error.
    if ('error' in found) return { data: { retweeted: false, rest_id: '' }, errors: [found.error] };
    // Reposting a repost reposts its original, as on X.
    const original: StoredTweet = found.tweet.retweetOf
      ? (store.get(found.tweet.retweetOf) ?? found.tweet)
      : found.tweet;
    // UNCONFIRMED: a second repost of the same post is idempotent (v1.1 answers code 327 instead).
    const existing = repostBy(user.id, original.id);
    if (existing) return { data: { retweeted: true, rest_id: existing.id } };
    const author = service.author(original);
    const repost = service.post({
      authorId: user.id,
      text: `RT @${author?.username ?? 'i'}: ${original.text}`,
      retweetOf: original.id,
    });
    return { data: { retweeted: true, rest_id: repost.id } };
  });

  route(app, ctx, 'DELETE', '/2/users/:id/retweets/:source_tweet_id', WRITE, ({ auth, path }) => {
    const user = requireSelf(auth, path['id']);
    const repost = repostBy(user.id, path['source_tweet_id'] ?? '');
    if (repost) service.remove(repost.id);
    return { data: { retweeted: false } };
  });

  route(app, ctx, 'GET', '/2/tweets/:id/retweeted_by', READ, ({ auth, path, params }) => {
    const found = findVisiblePost(ctx, path['id'] ?? '', 'id', auth.user?.id);
    if ('error' in found) return { errors: [found.error] };
    const seen = seenBy(ctx, auth.user?.id);
    const reposters = usersOf(
      ctx,
      repostsOf(found.tweet.id)
        .filter(seen)
        .map((tweet) => tweet.authorId),
    );
    const page = offsetPage(reposters, params, 100);
    return userList(ctx, page.items, params, page.meta);
  });

  route(app, ctx, 'GET', '/2/tweets/:id/retweets', READ, ({ auth, path, params }) => {
    const found = findVisiblePost(ctx, path['id'] ?? '', 'id', auth.user?.id);
    if ('error' in found) return { errors: [found.error] };
    const seen = seenBy(ctx, auth.user?.id);
    const page = idPage(repostsOf(found.tweet.id).filter(seen), params, 100, { ids: true });
    return postList(ctx, auth.user?.id, page.items, params, page.meta);
  });

  route(
    app,
    ctx,
    'GET',
    '/2/users/reposts_of_me',
    { need: 'user', scopes: ['timeline.read', 'tweet.read'] },
    ({ auth, params }) => {
      const me = auth.user?.id;
      const reposts = store.newestFirst((tweet) => {
        if (tweet.retweetOf === undefined || tweet.authorId === me) return false;
        return store.get(tweet.retweetOf)?.authorId === me;
      });
      const page = idPage(reposts.filter(seenBy(ctx, me)), params, 100, { ids: true });
      return postList(ctx, me, page.items, params, page.meta);
    },
  );

  route(app, ctx, 'GET', '/2/tweets/:id/quote_tweets', READ, ({ auth, path, params }) => {
    const found = findVisiblePost(ctx, path['id'] ?? '', 'id', auth.user?.id);
    if ('error' in found) return { errors: [found.error] };
    const exclude = new Set((params['exclude'] ?? '').split(','));
    const seen = seenBy(ctx, auth.user?.id);
    const quotes = store.newestFirst(
      (tweet) =>
        tweet.quoteTweetId === found.tweet.id &&
        seen(tweet) &&
        !(exclude.has('replies') && tweet.inReplyTo !== undefined) &&
        !(exclude.has('retweets') && tweet.retweetOf !== undefined),
    );
    const page = idPage(quotes, params, 10, { ids: true });
    return postList(ctx, auth.user?.id, page.items, params, page.meta);
  });
}
