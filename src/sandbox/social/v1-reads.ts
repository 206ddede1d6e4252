// v1.1 reads that clients written for v1.1 still make (twitter-api-v2's `mentionTimeline`, `tweets`, `users`):
// statuses/mentions_timeline, statuses/lookup (GET or POST, `map=true` keeps unknown ids as null) and
// users/lookup (GET or POST). Mentions are read as the v2 mentions are; the caller's mutes and blocks hide
// authors from them, as on v2.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type SandboxContext, type SandboxUser, v1Error } from '../context.js';
import { isValidId } from '../tweets/ids.js';
import { timelineWindow } from '../tweets/pagination.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { renderV1Status, sendExact, timelineParams } from '../tweets/v1-routes.js';
import { mayViewPost } from '../tweets/visibility.js';
import { v1User } from '../users.js';
import { visibleTo } from './post-filters.js';

/** At most this many ids or names are read from a lookup, as on X. */
const LOOKUP_MAX = 100;

/** Every value of `name` in the query and a form body, comma lists split (clients send either form). */
function listValues(request: FastifyRequest, name: string): string[] {
  const query = request.url.indexOf('?');
  const values: string[] = [];
  for (const source of [query >= 0 ? request.url.slice(query + 1) : '', request.rawFormBody ?? '']) {
    for (const value of new URLSearchParams(source).getAll(name)) values.push(...value.split(','));
  }
  return values.map((value) => value.trim()).filter(Boolean);
}

export function registerV1ReadRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { store, world } = tweetService(ctx);

  app.get('/1.1/statuses/mentions_timeline.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/statuses/mentions_timeline.json', auth);
    const params = ctx.params(request);
    const username = auth.user!.username.toLowerCase();
    const visible = visibleTo(ctx, auth.user!.id);
    const mentions = store.newestFirst(
      (tweet) =>
        tweet.retweetOf === undefined &&
        tweet.entities.mentions.some((mention) => mention.username.toLowerCase() === username) &&
        visible(tweet),
    );
    const page = timelineWindow(mentions, timelineParams(params));
    return sendExact(
      reply,
      page.map((tweet) => renderV1Status(tweet, world, params, auth.user!.id)),
    );
  });

  const lookupStatuses = async (request: FastifyRequest, reply: Parameters<typeof sendExact>[0]) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/statuses/lookup.json', auth);
    const params = ctx.params(request);
    const ids = listValues(request, 'id').slice(0, LOOKUP_MAX);
    if (ids.length === 0) throw v1Error(38, 'id parameter is missing.');
    // A post the caller may not see (a protected account's, or a repost of one) is left out like a deleted one.
    const found = (id: string): StoredTweet | undefined => {
      const tweet = isValidId(id) ? store.get(id) : undefined;
      return tweet && mayViewPost(world, auth.user?.id, tweet) ? tweet : undefined;
    };
    if (params['map'] === 'true') {
      const byId: Record<string, unknown> = {};
      for (const id of ids) {
        const tweet = found(id);
        byId[id] = tweet ? renderV1Status(tweet, world, params, auth.user?.id) : null;
      }
      return sendExact(reply, { id: byId });
    }
    // Unknown or deleted ids are left out; order follows the request.
    const tweets = ids.map(found).filter((tweet): tweet is StoredTweet => tweet !== undefined);
    return sendExact(
      reply,
      tweets.map((tweet) => renderV1Status(tweet, world, params, auth.user?.id)),
    );
  };
  app.get('/1.1/statuses/lookup.json', lookupStatuses);
  app.post('/1.1/statuses/lookup.json', lookupStatuses);

  const lookupUsers = async (request: FastifyRequest, reply: Parameters<typeof sendExact>[0]) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/users/lookup.json', auth);
    const ids = listValues(request, 'user_id');
    const names = listValues(request, 'screen_name');
    if (ids.length + names.length === 0) throw v1Error(38, 'user_id or screen_name parameter is missing.');
    const seen = new Set<string>();
    const users = [
      ...ids.map((id) => ctx.store.users.get(id)),
      ...names.map((name) => ctx.store.userByUsername(name.replace(/^@/, ''))),
    ]
      .slice(0, LOOKUP_MAX)
      .filter((user): user is SandboxUser => {
        if (user === undefined || seen.has(user.id)) return false;
        seen.add(user.id);
        return true;
      });
    // UNCONFIRMED status: X's docs give code 17 for "no user matches"; the sandbox sends it as a 404.
    if (users.length === 0) throw v1Error(17, 'No user matches for specified terms.', 404);
    return reply.send(users.map(v1User));
  };
  app.get('/1.1/users/lookup.json', lookupUsers);
  app.post('/1.1/users/lookup.json', lookupUsers);
}
