// v2 Spaces (read): by id, by ids, by creators, search by title and state, ticket buyers (the creator
// only) and the posts that link to a Space. OAuth 2.0 user tokens or app bearers, as the document says.
import type { FastifyInstance } from 'fastify';
import type { RequestParams, SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { renderV2Tweets, renderV2User } from '../tweets/v2-render.js';
import { mayViewPost } from '../tweets/visibility.js';
import { listParam, maxResults, v2Fields } from '../v2-kit/fields.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { idPage, offsetPage } from '../v2-kit/paging.js';
import { forbidden, listBody, notFound, notFoundProblem } from '../v2-kit/problems.js';
import { renderSpaces } from './space-render.js';
import { type SandboxSpace, spaceStoreOf } from './space-store.js';

const READ = { need: 'any', scopes: ['space.read', 'tweet.read', 'users.read'], noOAuth1: true } as const;

type Params<T extends string> = { Params: Record<T, string> };

export function registerSpaceRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const tweets = tweetService(ctx);
  const { world } = tweets;
  const spaces = () => spaceStoreOf(ctx);

  const render = (params: RequestParams, found: readonly SandboxSpace[]) => {
    const fields = v2Fields(params);
    return renderSpaces(found, listParam(params, 'space.fields'), fields.expansions, fields.user, world);
  };
  const many = (
    params: RequestParams,
    found: SandboxSpace[],
    errors: Record<string, unknown>[],
    meta: boolean,
  ) => {
    const rendered = render(params, found);
    return listBody(rendered.data, {
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      ...(errors.length > 0 ? { errors } : {}),
      ...(meta ? { meta: { result_count: found.length } } : {}),
    });
  };

  app.get<Params<'id'>>('/2/spaces/:id', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/spaces/:id', READ);
    const space = spaces().get(request.params.id);
    if (!space) return { errors: [notFound(request.params.id, 'id', 'space')] };
    const rendered = render(ctx.params(request), [space]);
    return { data: rendered.data[0], ...(rendered.includes ? { includes: rendered.includes } : {}) };
  });

  app.get('/2/spaces', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/spaces', READ);
    const params = ctx.params(request);
    const found: SandboxSpace[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const id of new Set((params['ids'] ?? '').split(',').filter((value) => value !== ''))) {
      const space = spaces().get(id);
      if (space) found.push(space);
      else errors.push(notFound(id, 'ids', 'space'));
    }
    return many(params, found, errors, false);
  });

  app.get('/2/spaces/by/creator_ids', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/spaces/by/creator_ids', READ);
    const params = ctx.params(request);
    const creators = new Set((params['user_ids'] ?? '').split(','));
    return many(
      params,
      spaces()
        .all()
        .filter((space) => creators.has(space.creatorId)),
      [],
      true,
    );
  });

  app.get('/2/spaces/search', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/spaces/search', READ);
    const params = ctx.params(request);
    const query = (params['query'] ?? '').toLowerCase();
    const state = params['state'] ?? 'all';
    const found = spaces()
      .all()
      .filter((space) => space.state !== 'ended' && (state === 'all' || space.state === state))
      .filter((space) => space.title.toLowerCase().includes(query))
      .slice(0, maxResults(params, 100));
    return many(params, found, [], true);
  });

  app.get<Params<'id'>>('/2/spaces/:id/buyers', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/spaces/:id/buyers', {
      need: 'user',
      scopes: ['space.read', 'tweet.read', 'users.read'],
      noOAuth1: true,
    });
    const space = spaces().get(request.params.id);
    if (!space) throw notFoundProblem(request.params.id, 'id', 'space');
    if (space.creatorId !== callerOf(auth).id)
      throw forbidden('Only the creator of a Space can see its buyers.', {
        type: 'space',
        id: space.id,
        parameter: 'id',
      });
    const params = ctx.params(request);
    const buyers = space.buyerIds.flatMap((id) => {
      const user = world.user(id);
      return user ? [user] : [];
    });
    const page = offsetPage(buyers, params, 100);
    const userFields = listParam(params, 'user.fields');
    return listBody(
      page.items.map((user) => renderV2User(user, userFields, world)),
      { meta: page.meta },
    );
  });

  app.get<Params<'id'>>('/2/spaces/:id/tweets', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/spaces/:id/tweets', READ);
    const space = spaces().get(request.params.id);
    if (!space) throw notFoundProblem(request.params.id, 'id', 'space');
    const params = ctx.params(request);
    const link = `/i/spaces/${space.id}`;
    const posts = tweets.store.newestFirst(
      (tweet) =>
        tweet.entities.urls.some((url) => url.expandedUrl.includes(link)) &&
        mayViewPost(world, auth.user?.id, tweet),
    );
    const page = idPage(posts, params, 100);
    const rendered = renderV2Tweets(page.items, v2Fields(params), world, ctx.now(), auth.user?.id);
    return listBody(rendered.data, {
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      meta: page.meta,
    });
  });
}
