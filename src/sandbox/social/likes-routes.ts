// Likes: like and unlike as oneself, the users who liked a post, the posts a user liked. A like counts in
// the post's `public_metrics.like_count`; a deleted post leaves every list.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { requireSelf } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import {
  bodyField,
  findPost,
  findUser,
  findVisiblePost,
  postList,
  postsOf,
  route,
  userList,
  usersOf,
} from './common.js';
import { socialGraph } from './graph.js';
import { seenBy } from './post-filters.js';

const READ = { need: 'user', scopes: ['tweet.read', 'like.read', 'users.read'] } as const;
const WRITE = { need: 'user', scopes: ['tweet.read', 'like.write', 'users.read'] } as const;

export function registerLikeRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const social = socialGraph(ctx);

  route(app, ctx, 'POST', '/2/users/:id/likes', WRITE, ({ auth, path, request }) => {
    const user = requireSelf(auth, path['id']);
    const found = findPost(ctx, bodyField(request, 'tweet_id'), 'tweet_id');
    // UNCONFIRMED: liking a post that does not exist answers 200 with liked:false and the not-found error.
    if ('error' in found) return { data: { liked: false }, errors: [found.error] };
    const at = ctx.now();
    // The likes streams hear of a new like (not of liking again).
    if (social.like(user.id, found.tweet.id, at))
      ctx.events.emit('like', { userId: user.id, tweet: found.tweet, at });
    return { data: { liked: true } };
  });

  route(app, ctx, 'DELETE', '/2/users/:id/likes/:tweet_id', WRITE, ({ auth, path }) => {
    const user = requireSelf(auth, path['id']);
    const tweetId = path['tweet_id'] ?? '';
    if (social.unlike(user.id, tweetId)) ctx.events.emit('unlike', { userId: user.id, tweetId });
    return { data: { liked: false } };
  });

  route(app, ctx, 'GET', '/2/tweets/:id/liking_users', READ, ({ auth, path, params }) => {
    const found = findVisiblePost(ctx, path['id'] ?? '', 'id', auth.user?.id);
    if ('error' in found) return { errors: [found.error] };
    const page = offsetPage(usersOf(ctx, social.likers.newestFirst(found.tweet.id)), params, 100);
    return userList(ctx, page.items, params, page.meta);
  });

  route(app, ctx, 'GET', '/2/users/:id/liked_tweets', READ, ({ auth, path, params }) => {
    const found = findUser(ctx, path['id'] ?? '', 'id');
    if ('error' in found) return { errors: [found.error] };
    const liked = postsOf(ctx, social.likes.newestFirst(found.user.id)).filter(seenBy(ctx, auth.user?.id));
    const page = offsetPage(liked, params, 100);
    return postList(ctx, auth.user?.id, page.items, params, page.meta);
  });
}
