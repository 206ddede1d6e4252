// Hidden replies and post analytics.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { iso } from '../tweets/v2-render.js';
import { forbidden, notFound, notFoundProblem } from '../v2-kit/problems.js';
import { route } from './common.js';
import { socialGraph } from './graph.js';

export function registerPostRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const social = socialGraph(ctx);
  const { store, world } = tweetService(ctx);

  route(
    app,
    ctx,
    'PUT',
    '/2/tweets/:tweet_id/hidden',
    { need: 'user', scopes: ['tweet.moderate.write', 'tweet.read', 'users.read'] },
    ({ auth, path, request }) => {
      const id = path['tweet_id'] ?? '';
      const reply = store.get(id);
      if (!reply) {
        throw notFoundProblem(id, 'tweet_id', 'tweet');
      }
      // Only the author of the conversation's first post may hide replies in it.
      const root = store.get(reply.conversationId);
      if (!reply.inReplyTo || root?.authorId !== auth.user?.id || reply.authorId === auth.user?.id) {
        throw forbidden('You can only hide or unhide replies to conversations you authored.', {
          type: 'tweet',
          id,
          parameter: 'tweet_id',
        });
      }
      const body = request.body as { hidden?: unknown } | undefined;
      if (body?.hidden === true) social.hiddenReplies.add(id);
      else social.hiddenReplies.delete(id);
      return { data: { hidden: social.hiddenReplies.has(id) } };
    },
  );

  route(
    app,
    ctx,
    'GET',
    '/2/tweets/analytics',
    { need: 'user', scopes: ['tweet.read', 'users.read'] },
    ({ auth, params }) => {
      // UNCONFIRMED: one total per post (whatever the granularity), the caller's own posts only, and zero
      // for everything the sandbox does not track (impressions, clicks…).
      const wanted = new Set((params['analytics.fields'] ?? '').split(',').filter(Boolean));
      const data: Record<string, unknown>[] = [];
      const errors: Record<string, unknown>[] = [];
      for (const id of new Set((params['ids'] ?? '').split(',').filter(Boolean))) {
        const tweet = store.get(id);
        if (!tweet || tweet.authorId !== auth.user?.id) {
          errors.push(notFound(id, 'ids', 'tweet'));
          continue;
        }
        const tracked: Record<string, number> = {
          likes: world.likeCount(id),
          retweets: world.retweetCount(id),
          replies: world.replyCount(id),
          quote_tweets: world.quoteCount(id),
          bookmarks: world.bookmarkCount(id),
        };
        const entry: Record<string, unknown> = { id };
        for (const field of wanted) {
          if (field === 'id' || field === 'timestamped_metrics') continue;
          entry[field] =
            field === 'timestamp'
              ? iso(Date.parse(params['start_time'] ?? '') || tweet.createdAt)
              : (tracked[field] ?? 0);
        }
        data.push(entry);
      }
      return { ...(data.length > 0 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) };
    },
  );
}
