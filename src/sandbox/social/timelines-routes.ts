// A user's mentions (from the text's @names) and the home timeline (the user's own posts and those of
// everyone they follow), newest first; the viewer's mutes and blocks hide authors from both.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { requireSelf } from '../v2-kit/guard.js';
import { idPage } from '../v2-kit/paging.js';
import { findUser, postList, route } from './common.js';
import { excluded, inWindow, postWindow, visibleTo } from './post-filters.js';

export function registerTimelineRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { store } = tweetService(ctx);

  route(
    app,
    ctx,
    'GET',
    '/2/users/:id/mentions',
    { need: 'any', scopes: ['tweet.read', 'users.read'] },
    ({ auth, path, params }) => {
      const found = findUser(ctx, path['id'] ?? '', 'id');
      if ('error' in found) return { errors: [found.error] };
      const username = found.user.username.toLowerCase();
      const window = postWindow(params, ctx.now());
      const visible = visibleTo(ctx, auth.user?.id);
      // A repost's "RT @name:" is not a mention: reposts of one's posts are in reposts_of_me instead.
      const mentions = store.newestFirst(
        (tweet) =>
          tweet.retweetOf === undefined &&
          tweet.entities.mentions.some((mention) => mention.username.toLowerCase() === username) &&
          inWindow(tweet, window) &&
          visible(tweet),
      );
      const page = idPage(mentions, params, 10, { ids: true });
      return postList(ctx, auth.user?.id, page.items, params, page.meta);
    },
  );

  route(
    app,
    ctx,
    'GET',
    '/2/users/:id/timelines/reverse_chronological',
    { need: 'user', scopes: ['tweet.read', 'users.read'] },
    ({ auth, path, params }) => {
      const user = requireSelf(auth, path['id']);
      const window = postWindow(params, ctx.now());
      const visible = visibleTo(ctx, user.id);
      const home = store.newestFirst(
        (tweet) =>
          (tweet.authorId === user.id || user.friends.has(tweet.authorId)) &&
          !excluded(tweet, params) &&
          inWindow(tweet, window) &&
          visible(tweet),
      );
      const page = idPage(home, params, 100, { ids: true });
      return postList(ctx, user.id, page.items, params, page.meta);
    },
  );
}
