// Follows, mutes and blocks. Follows live on the users (followers/friends, shared with v1.1's id lists);
// mutes and blocks in the social graph, where timelines and search read them. The document has no v2 block
// command, so blocks are made with v1.1's blocks/create and blocks/destroy, as X's own clients do.

import type { FastifyInstance } from 'fastify';
import { type SandboxContext, type SandboxUser, v1Error, v2Problem } from '../context.js';
import { v1User } from '../users.js';
import { requireSelf } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { bodyField, findUser, route, userList, usersOf } from './common.js';
import { socialGraph } from './graph.js';

const FOLLOW_READ = { need: 'any', scopes: ['follows.read', 'tweet.read', 'users.read'] } as const;
const FOLLOW_WRITE = { need: 'user', scopes: ['follows.write', 'tweet.read', 'users.read'] } as const;
const MUTE_READ = { need: 'user', scopes: ['mute.read', 'tweet.read', 'users.read'] } as const;
const MUTE_WRITE = { need: 'user', scopes: ['mute.write', 'tweet.read', 'users.read'] } as const;
const BLOCK_READ = { need: 'user', scopes: ['block.read', 'tweet.read', 'users.read'] } as const;

function notYourself(action: string) {
  // UNCONFIRMED: X's wording when a user targets themselves.
  return v2Problem(400, {
    type: 'about:blank',
    title: 'Bad Request',
    detail: `You cannot ${action} yourself.`,
    status: 400,
  });
}

export function unfollow(follower: SandboxUser, followed: SandboxUser): void {
  follower.friends.delete(followed.id);
  followed.followers.delete(follower.id);
}

export function registerFollowRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const social = socialGraph(ctx);
  const users = ctx.store.users;

  for (const relation of ['followers', 'following'] as const) {
    route(app, ctx, 'GET', `/2/users/:id/${relation}`, FOLLOW_READ, ({ path, params }) => {
      const found = findUser(ctx, path['id'] ?? '', 'id');
      if ('error' in found) return { errors: [found.error] };
      const ids = relation === 'followers' ? found.user.followers : found.user.friends;
      // Newest relation first, as X lists them; Sets keep insertion order.
      const page = offsetPage(usersOf(ctx, [...ids].reverse()), params, 100);
      return userList(ctx, page.items, params, page.meta);
    });
  }

  route(app, ctx, 'POST', '/2/users/:id/following', FOLLOW_WRITE, ({ auth, path, request }) => {
    const user = requireSelf(auth, path['id']);
    const found = findUser(ctx, bodyField(request, 'target_user_id'), 'target_user_id');
    if ('error' in found) return { data: { following: false, pending_follow: false }, errors: [found.error] };
    if (found.user.id === user.id) throw notYourself('follow');
    // A protected account must approve: the request stays pending (the sandbox never approves it).
    if (found.user.protected && !user.friends.has(found.user.id)) {
      return { data: { following: false, pending_follow: true } };
    }
    const already = user.friends.has(found.user.id);
    ctx.store.follow(user.id, found.user.id);
    // The activity stream hears of a new follow (not of following again).
    if (!already) ctx.events.emit('follow', { sourceId: user.id, targetId: found.user.id, follow: true });
    return { data: { following: true, pending_follow: false } };
  });

  route(
    app,
    ctx,
    'DELETE',
    '/2/users/:source_user_id/following/:target_user_id',
    FOLLOW_WRITE,
    ({ auth, path }) => {
      const user = requireSelf(auth, path['source_user_id'], 'source_user_id');
      const target = users.get(path['target_user_id'] ?? '');
      if (target && user.friends.has(target.id)) {
        unfollow(user, target);
        ctx.events.emit('follow', { sourceId: user.id, targetId: target.id, follow: false });
      }
      return { data: { following: false } };
    },
  );

  route(app, ctx, 'GET', '/2/users/:id/muting', MUTE_READ, ({ auth, path, params }) => {
    const user = requireSelf(auth, path['id']);
    const page = offsetPage(usersOf(ctx, social.mutes.newestFirst(user.id)), params, 100);
    return userList(ctx, page.items, params, page.meta);
  });

  route(app, ctx, 'POST', '/2/users/:id/muting', MUTE_WRITE, ({ auth, path, request }) => {
    const user = requireSelf(auth, path['id']);
    const found = findUser(ctx, bodyField(request, 'target_user_id'), 'target_user_id');
    if ('error' in found) return { data: { muting: false }, errors: [found.error] };
    if (found.user.id === user.id) throw notYourself('mute');
    social.mutes.add(user.id, found.user.id, ctx.now());
    return { data: { muting: true } };
  });

  route(
    app,
    ctx,
    'DELETE',
    '/2/users/:source_user_id/muting/:target_user_id',
    MUTE_WRITE,
    ({ auth, path }) => {
      const user = requireSelf(auth, path['source_user_id'], 'source_user_id');
      social.mutes.remove(user.id, path['target_user_id'] ?? '');
      return { data: { muting: false } };
    },
  );

  route(app, ctx, 'GET', '/2/users/:id/blocking', BLOCK_READ, ({ auth, path, params }) => {
    const user = requireSelf(auth, path['id']);
    const page = offsetPage(usersOf(ctx, social.blocks.newestFirst(user.id)), params, 100);
    return userList(ctx, page.items, params, page.meta);
  });

  // v1.1 blocks: blocking also ends follows both ways, as on X.
  for (const action of ['create', 'destroy'] as const) {
    const path = `/1.1/blocks/${action}.json`;
    app.post(path, async (request, reply) => {
      const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
      ctx.rateLimit(request, reply, `POST ${path}`, auth);
      const params = ctx.params(request);
      const userId = params['user_id'];
      const screenName = params['screen_name'];
      if (!userId && !screenName) throw v1Error(38, 'screen_name parameter is missing.');
      const target = userId ? users.get(userId) : ctx.store.userByUsername(screenName!.replace(/^@/, ''));
      if (!target) throw v1Error(50);
      const me = auth.user!;
      if (action === 'create') {
        social.blocks.add(me.id, target.id, ctx.now());
        unfollow(me, target);
        unfollow(target, me);
      } else {
        social.blocks.remove(me.id, target.id);
      }
      return reply.send(v1User(target));
    });
  }
}
