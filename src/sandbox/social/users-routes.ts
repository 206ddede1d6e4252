// Many-user lookups (by ids, by usernames), user search, and affiliates.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext, SandboxUser } from '../context.js';
import { offsetPage } from '../v2-kit/paging.js';
import { notFound } from '../v2-kit/problems.js';
import { findUser, route, userList } from './common.js';
import { socialGraph } from './graph.js';

const READ = { need: 'any', scopes: ['tweet.read', 'users.read'] } as const;

function listOf(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').filter((item) => item !== ''))];
}

export function registerUserLookupRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const social = socialGraph(ctx);

  /** Found users in the order asked, plus X's partial not-found error for each miss. */
  const lookup = (values: string[], parameter: string, find: (value: string) => SandboxUser | undefined) => {
    const found: SandboxUser[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const value of values) {
      const user = find(value);
      if (user) found.push(user);
      else errors.push(notFound(value, parameter, 'user'));
    }
    return { found, errors };
  };

  route(app, ctx, 'GET', '/2/users', READ, ({ params }) => {
    const { found, errors } = lookup(listOf(params['ids']), 'ids', (id) => ctx.store.users.get(id));
    return { ...userList(ctx, found, params), ...(errors.length > 0 ? { errors } : {}) };
  });

  route(app, ctx, 'GET', '/2/users/by', READ, ({ params }) => {
    const { found, errors } = lookup(listOf(params['usernames']), 'usernames', (name) =>
      ctx.store.userByUsername(name.replace(/^@/, '')),
    );
    return { ...userList(ctx, found, params), ...(errors.length > 0 ? { errors } : {}) };
  });

  route(
    app,
    ctx,
    'GET',
    '/2/users/search',
    { need: 'user', scopes: ['tweet.read', 'users.read'] },
    ({ auth, params }) => {
      // UNCONFIRMED: X ranks by relevance; the sandbox matches every word of the query against the
      // username, name or description (case-insensitive), keeps creation order, and hides blocked users.
      const words = (params['query'] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const me = auth.user?.id;
      const matches = [...ctx.store.users.values()].filter((user) => {
        if (me !== undefined && social.blocks.has(me, user.id)) return false;
        const haystack = `${user.username} ${user.name} ${user.description}`.toLowerCase();
        return words.length > 0 && words.every((word) => haystack.includes(word));
      });
      const page = offsetPage(matches, params, 100);
      const { previous_token: _previous, ...meta } = page.meta;
      return userList(ctx, page.items, params, meta);
    },
  );

  route(app, ctx, 'GET', '/2/users/:id/affiliates', READ, ({ path, params }) => {
    const found = findUser(ctx, path['id'] ?? '', 'id');
    if ('error' in found) return { errors: [found.error] };
    // UNCONFIRMED: affiliates belong to verified organisations, which the sandbox has none of.
    return userList(ctx, [], params, { result_count: 0 });
  });
}
