// v1.1 friendships, as clients written for v1.1 (twitter-api-v2's `createFriendship`, `destroyFriendship`,
// `friendship`, `friendships`) still call them: create and destroy answer the target's v1.1 user object, show
// gives both sides of a relation, lookup the caller's connections to up to 100 users. Follows are the same
// follows v2 reads; mutes and blocks come from the social graph.

import type { FastifyInstance } from 'fastify';
import { type SandboxContext, type SandboxUser, v1Error } from '../context.js';
import { v1User } from '../users.js';
import { unfollow } from './follows-routes.js';
import { socialGraph } from './graph.js';

type Params = Record<string, string>;

/** UNCONFIRMED wording of X's v1.1 codes 158 and 162 (docs/SANDBOX.md). */
const CANNOT_FOLLOW_SELF = () => v1Error(158, "You can't follow yourself.", 403);
const BLOCKED_FROM_FOLLOWING = () =>
  v1Error(162, 'You have been blocked from following this account at the request of the user.', 403);

export function registerFriendshipRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const social = socialGraph(ctx);
  const users = ctx.store.users;

  /** `<prefix>id` or `<prefix>screen_name`; missing → 403 code 38, unknown → 404 code 50. */
  const userFrom = (params: Params, prefix: '' | 'source_' | 'target_'): SandboxUser | undefined => {
    const id = params[`${prefix}id`] ?? (prefix === '' ? params['user_id'] : undefined);
    const screenName = params[`${prefix}screen_name`];
    if (!id && !screenName) return undefined;
    const user = id ? users.get(id) : ctx.store.userByUsername(screenName!.replace(/^@/, ''));
    if (!user) throw v1Error(50);
    return user;
  };
  const required = (user: SandboxUser | undefined, name: string): SandboxUser => {
    if (!user) throw v1Error(38, `${name} parameter is missing.`);
    return user;
  };

  app.post('/1.1/friendships/create.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'POST /1.1/friendships/create.json', auth);
    const me = auth.user!;
    const target = required(userFrom(ctx.params(request), ''), 'screen_name');
    if (target.id === me.id) throw CANNOT_FOLLOW_SELF();
    if (social.blocks.has(target.id, me.id)) throw BLOCKED_FROM_FOLLOWING();
    // A protected account must approve; as on v2 the request stays pending.
    if (target.protected && !me.friends.has(target.id)) {
      return reply.send({ ...v1User(target), following: false, follow_request_sent: true });
    }
    ctx.store.follow(me.id, target.id);
    return reply.send({ ...v1User(target), following: true, follow_request_sent: false });
  });

  app.post('/1.1/friendships/destroy.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'POST /1.1/friendships/destroy.json', auth);
    const target = required(userFrom(ctx.params(request), ''), 'screen_name');
    unfollow(auth.user!, target);
    return reply.send({ ...v1User(target), following: false, follow_request_sent: false });
  });

  const side = (user: SandboxUser, other: SandboxUser) => ({
    id: Number(user.id),
    id_str: user.id,
    screen_name: user.screen_name,
    following: user.friends.has(other.id),
    followed_by: other.friends.has(user.id),
    following_received: null,
    following_requested: null,
  });

  app.get('/1.1/friendships/show.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/friendships/show.json', auth);
    const params = ctx.params(request);
    const source = userFrom(params, 'source_') ?? auth.user;
    const target = required(userFrom(params, 'target_'), 'target_id or target_screen_name');
    if (!source) throw v1Error(38, 'source_id or source_screen_name parameter is missing.');
    // The source's private view (blocking, muting, DMs) is shown only to the source itself, as on X.
    const own = auth.user?.id === source.id;
    const blocked = social.blocks.has(source.id, target.id) || social.blocks.has(target.id, source.id);
    return reply.send({
      relationship: {
        source: {
          ...side(source, target),
          live_following: false,
          notifications_enabled: own ? false : null,
          can_dm: !blocked,
          blocking: own ? social.blocks.has(source.id, target.id) : null,
          blocked_by: own ? social.blocks.has(target.id, source.id) : null,
          muting: own ? social.mutes.has(source.id, target.id) : null,
          want_retweets: own ? true : null,
          all_replies: own ? false : null,
          marked_spam: own ? false : null,
        },
        target: side(target, source),
      },
    });
  });

  app.get('/1.1/friendships/lookup.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/friendships/lookup.json', auth);
    const me = auth.user!;
    const params = ctx.params(request);
    const ids = (params['user_id'] ?? '').split(',').filter(Boolean);
    const names = (params['screen_name'] ?? '').split(',').filter(Boolean);
    if (ids.length + names.length === 0) throw v1Error(38, 'screen_name or user_id parameter is missing.');
    // Unknown ids and names are left out, as v1.1 lookups do; at most 100 are read.
    const found = [
      ...ids.map((id) => users.get(id)),
      ...names.map((name) => ctx.store.userByUsername(name.replace(/^@/, ''))),
    ]
      .slice(0, 100)
      .filter((user): user is SandboxUser => user !== undefined);
    return reply.send(
      found.map((user) => {
        const connections: string[] = [];
        if (me.friends.has(user.id)) connections.push('following');
        if (user.friends.has(me.id)) connections.push('followed_by');
        if (social.blocks.has(me.id, user.id)) connections.push('blocking');
        if (social.mutes.has(me.id, user.id)) connections.push('muting');
        return {
          name: user.name,
          screen_name: user.screen_name,
          id: Number(user.id),
          id_str: user.id,
          connections: connections.length > 0 ? connections : ['none'],
        };
      }),
    );
  });
}
