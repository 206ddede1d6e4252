// v2 Lists: create, look up, update and delete a list; its members and followers; the posts of its
// members. The routes under /2/users/:id that read and change a user's lists are in user-routes.ts.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { renderV2Tweets } from '../tweets/v2-render.js';
import { mayViewPost } from '../tweets/visibility.js';
import { listParam, v2Fields } from '../v2-kit/fields.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { idPage } from '../v2-kit/paging.js';
import { invalidValue, listBody, notFound } from '../v2-kit/problems.js';
import { LIST_READ, LIST_WRITE, ownedList, readableList, requireUser, userPage } from './list-access.js';
import { renderLists } from './list-render.js';
import { LIST_LIMITS, type ListInput, listStoreOf } from './list-store.js';
import { registerUserListRoutes } from './user-routes.js';

type Params<T extends string> = { Params: Record<T, string> };

function inputOf(body: unknown): ListInput {
  const json = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const input: ListInput = {};
  if (typeof json['name'] === 'string') input.name = json['name'];
  if (typeof json['description'] === 'string') input.description = json['description'];
  if (typeof json['private'] === 'boolean') input.private = json['private'];
  return input;
}

export function registerListRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const lists = listStoreOf(ctx);
  const tweets = tweetService(ctx);
  const { world } = tweets;

  app.post('/2/lists', async (request, reply) => {
    const caller = callerOf(await guard(ctx, request, reply, 'POST /2/lists', LIST_WRITE));
    const input = inputOf(request.body);
    if (input.name === undefined) throw invalidValue('name', '', 'The `name` field is required.');
    if (lists.ownedBy(caller.id, caller.id).length >= LIST_LIMITS.owned) {
      throw invalidValue('name', input.name, `You cannot own more than ${LIST_LIMITS.owned} Lists.`);
    }
    const list = lists.create(caller.id, input);
    return reply.code(201).send({ data: { id: list.id, name: list.name } });
  });

  app.get<Params<'id'>>('/2/lists/:id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/lists/:id', LIST_READ);
    const params = ctx.params(request);
    const list = lists.visible(request.params.id, auth.user?.id);
    if (!list) return { errors: [notFound(request.params.id, 'id', 'list')] };
    const fields = v2Fields(params);
    const rendered = renderLists(
      [list],
      listParam(params, 'list.fields'),
      fields.expansions,
      fields.user,
      world,
    );
    return { data: rendered.data[0], ...(rendered.includes ? { includes: rendered.includes } : {}) };
  });

  app.put<Params<'id'>>('/2/lists/:id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'PUT /2/lists/:id', LIST_WRITE);
    lists.update(ownedList(lists, auth, request.params.id), inputOf(request.body));
    return { data: { updated: true } };
  });

  app.delete<Params<'id'>>('/2/lists/:id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/lists/:id', LIST_WRITE);
    lists.delete(ownedList(lists, auth, request.params.id));
    return { data: { deleted: true } };
  });

  app.get<Params<'id'>>('/2/lists/:id/members', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/lists/:id/members', LIST_READ);
    const list = readableList(lists, auth, request.params.id);
    return userPage(ctx.params(request), list.members, world);
  });

  app.get<Params<'id'>>('/2/lists/:id/followers', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/lists/:id/followers', LIST_READ);
    const list = readableList(lists, auth, request.params.id);
    return userPage(ctx.params(request), list.followers, world);
  });

  app.post<Params<'id'>>('/2/lists/:id/members', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'POST /2/lists/:id/members', LIST_WRITE);
    const list = ownedList(lists, auth, request.params.id);
    const userId = (request.body as { user_id?: unknown } | null)?.user_id;
    if (typeof userId !== 'string') throw invalidValue('user_id', '', 'The `user_id` field is required.');
    requireUser(ctx, 'user_id', userId);
    if (!list.members.has(userId) && list.members.size >= LIST_LIMITS.members) {
      throw invalidValue('user_id', userId, `A List cannot have more than ${LIST_LIMITS.members} members.`);
    }
    lists.setMember(list, userId, true);
    return { data: { is_member: true } };
  });

  app.delete<Params<'id' | 'user_id'>>('/2/lists/:id/members/:user_id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/lists/:id/members/:user_id', LIST_WRITE);
    lists.setMember(ownedList(lists, auth, request.params.id), request.params.user_id, false);
    return { data: { is_member: false } };
  });

  app.get<Params<'id'>>('/2/lists/:id/tweets', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/lists/:id/tweets', LIST_READ);
    const list = readableList(lists, auth, request.params.id);
    const params = ctx.params(request);
    const posts = tweets.store.newestFirst(
      (tweet) => list.members.has(tweet.authorId) && mayViewPost(world, auth.user?.id, tweet),
    );
    const page = idPage(posts, params, 100);
    const rendered = renderV2Tweets(page.items, v2Fields(params), world, ctx.now(), auth.user?.id);
    return listBody(rendered.data, {
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      ...(rendered.errors.length > 0 ? { errors: rendered.errors } : {}),
      meta: page.meta,
    });
  });

  registerUserListRoutes(app, ctx, lists, world);
}
