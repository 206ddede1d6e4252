// v2 Communities (read): one by id (user tokens or an app bearer) and search (user context only), as the
// document's security says, over the seeded communities.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { listParam } from '../v2-kit/fields.js';
import { guard } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { listBody, notFound } from '../v2-kit/problems.js';
import { communityById, renderCommunity, searchCommunities } from './community-store.js';

const LOOKUP = { need: 'any', scopes: ['list.read', 'tweet.read', 'users.read'] } as const;
const SEARCH = { need: 'user', scopes: ['tweet.read', 'users.read'] } as const;

export function registerCommunityRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get<{ Params: { id: string } }>('/2/communities/:id', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/communities/:id', LOOKUP);
    const community = communityById(request.params.id);
    if (!community) return { errors: [notFound(request.params.id, 'id', 'community')] };
    return { data: renderCommunity(community, listParam(ctx.params(request), 'community.fields')) };
  });

  app.get('/2/communities/search', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/communities/search', SEARCH);
    const params = ctx.params(request);
    // The document's check has made `query` present and `max_results` 10..100 (default 10).
    const page = offsetPage(searchCommunities(params['query'] ?? ''), params, 10);
    const fields = listParam(params, 'community.fields');
    // The document's meta names only `next_token` (sent when there is a next page); `result_count` is added as
    // on X's other lists, so an empty answer is `{"meta":{"result_count":0}}` (UNCONFIRMED).
    const { result_count, next_token } = page.meta;
    return listBody(
      page.items.map((community) => renderCommunity(community, fields)),
      { meta: { result_count, ...(next_token !== undefined ? { next_token } : {}) } },
    );
  });
}
