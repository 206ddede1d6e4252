// The Users-tag list operations: a user's owned, followed, pinned lists and memberships, and following
// and pinning a list (only on behalf of the authenticated user, whose id is the path's `:id`).
import type { FastifyInstance } from 'fastify';
import type { RequestParams, SandboxContext } from '../context.js';
import type { TweetWorld } from '../tweets/world.js';
import { listParam, v2Fields } from '../v2-kit/fields.js';
import { guard, requireSelf } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { invalidValue, listBody } from '../v2-kit/problems.js';
import { LIST_READ, LIST_WRITE, listIdOf, readableList, requireUser } from './list-access.js';
import { renderLists } from './list-render.js';
import { LIST_LIMITS, type ListStore, type SandboxList } from './list-store.js';

type Params<T extends string> = { Params: Record<T, string> };

function listPage(params: RequestParams, all: readonly SandboxList[], world: TweetWorld, paged: boolean) {
  const page = paged ? offsetPage(all, params, 100) : { items: [...all], meta: { result_count: all.length } };
  const fields = v2Fields(params);
  const rendered = renderLists(
    page.items,
    listParam(params, 'list.fields'),
    fields.expansions,
    fields.user,
    world,
  );
  return listBody(rendered.data, {
    ...(rendered.includes ? { includes: rendered.includes } : {}),
    meta: page.meta,
  });
}

export function registerUserListRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  lists: ListStore,
  world: TweetWorld,
): void {
  const readers = [
    ['owned_lists', (id: string, viewer: string | undefined) => lists.ownedBy(id, viewer)],
    ['followed_lists', (id: string, viewer: string | undefined) => lists.followedBy(id, viewer)],
    ['list_memberships', (id: string, viewer: string | undefined) => lists.membershipsOf(id, viewer)],
  ] as const;
  for (const [name, read] of readers) {
    app.get<Params<'id'>>(`/2/users/:id/${name}`, async (request, reply) => {
      const auth = await guard(ctx, request, reply, `GET /2/users/:id/${name}`, LIST_READ);
      requireUser(ctx, 'id', request.params.id);
      return listPage(ctx.params(request), read(request.params.id, auth.user?.id), world, true);
    });
  }

  app.get<Params<'id'>>('/2/users/:id/pinned_lists', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/users/:id/pinned_lists', {
      ...LIST_READ,
      need: 'user',
    });
    const user = requireSelf(auth, request.params.id);
    return listPage(ctx.params(request), lists.pinnedBy(user.id), world, false);
  });

  app.post<Params<'id'>>('/2/users/:id/followed_lists', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'POST /2/users/:id/followed_lists', LIST_WRITE);
    const user = requireSelf(auth, request.params.id);
    lists.setFollower(readableList(lists, auth, listIdOf(request.body)), user.id, true);
    return { data: { following: true } };
  });

  app.delete<Params<'id' | 'list_id'>>('/2/users/:id/followed_lists/:list_id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/users/:id/followed_lists/:list_id', LIST_WRITE);
    const user = requireSelf(auth, request.params.id);
    lists.setFollower(readableList(lists, auth, request.params.list_id), user.id, false);
    return { data: { following: false } };
  });

  app.post<Params<'id'>>('/2/users/:id/pinned_lists', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'POST /2/users/:id/pinned_lists', LIST_WRITE);
    const user = requireSelf(auth, request.params.id);
    const list = readableList(lists, auth, listIdOf(request.body));
    const pinned = lists.pinnedBy(user.id);
    if (!pinned.includes(list) && pinned.length >= LIST_LIMITS.pinned) {
      throw invalidValue('list_id', list.id, `You cannot pin more than ${LIST_LIMITS.pinned} Lists.`);
    }
    lists.setPinned(user.id, list.id, true);
    return { data: { pinned: true } };
  });

  app.delete<Params<'id' | 'list_id'>>('/2/users/:id/pinned_lists/:list_id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/users/:id/pinned_lists/:list_id', LIST_WRITE);
    const user = requireSelf(auth, request.params.id);
    lists.setPinned(user.id, request.params.list_id, false);
    return { data: { pinned: false } };
  });
}
