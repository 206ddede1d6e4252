// What every social route shares: one way to register (auth, scopes, rate limit) and rendering lists of
// posts and users with their includes. Acting only as oneself, page tokens and not-found errors are the
// v2 kit's, as for every other area. Parameter checks (names, ranges, enums, patterns) are the
// document-driven layer's job, not these routes'.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type AuthKind,
  type AuthResult,
  type RequestParams,
  type SandboxContext,
  type SandboxUser,
  unsupportedAuthentication,
} from '../context.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { parseV2Fields } from '../tweets/v2-fields.js';
import { renderV2Tweets, renderV2User } from '../tweets/v2-render.js';
import { mayViewPost, notAuthorizedToSee } from '../tweets/visibility.js';
import { listParam } from '../v2-kit/fields.js';
import { notFound } from '../v2-kit/problems.js';

type Json = Record<string, unknown>;

export interface RouteAuth {
  /** `user`: user context only; `app`: app-only bearer only; `any`: either (as the document's security says). */
  readonly need: 'user' | 'app' | 'any';
  /** OAuth 2.0 scopes from the document's security requirement. */
  readonly scopes: readonly string[];
  /** The only credentials the document's security lists, when narrower than `need` (e.g. no OAuth 1.0a). */
  readonly kinds?: readonly AuthKind[];
}

const KIND_NAMES: Record<AuthKind, string> = {
  oauth1: 'OAuth 1.0a User Context',
  'app-bearer': 'OAuth 2.0 Application-Only',
  'oauth2-user': 'OAuth 2.0 User Context',
};

export interface Call {
  readonly request: FastifyRequest<{ Params: Record<string, string> }>;
  readonly reply: FastifyReply;
  readonly auth: AuthResult;
  readonly params: RequestParams;
  readonly path: Record<string, string>;
}

/**
 * Registers one operation at the document's template (`{x}` written `:x`); the rate-limit key is
 * `METHOD template`, as for every sandbox route.
 */
export function route(
  app: FastifyInstance,
  ctx: SandboxContext,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  auth: RouteAuth,
  handler: (call: Call) => unknown,
): void {
  app.route<{ Params: Record<string, string> }>({
    method,
    url,
    handler: async (request, reply) => {
      const result = await ctx.authenticate(request, { need: auth.need, api: 'v2', scopes: auth.scopes });
      if (auth.kinds && !auth.kinds.includes(result.kind)) {
        throw unsupportedAuthentication('v2', auth.kinds.map((kind) => KIND_NAMES[kind]).join(', '));
      }
      ctx.rateLimit(request, reply, `${method} ${url}`, result);
      return handler({ request, reply, auth: result, params: ctx.params(request), path: request.params });
    },
  });
}

/** A JSON body's string field (the document-driven layer has checked presence and pattern). */
export function bodyField(request: FastifyRequest, name: string): string {
  const body = request.body;
  const value = typeof body === 'object' && body !== null ? (body as Json)[name] : undefined;
  return typeof value === 'string' ? value : String(value ?? '');
}

/**
 * `data`, `includes`, partial `errors` and `meta` of a list of posts as `viewerId` sees them, as X answers (no
 * `data` when empty). Routes drop the posts the viewer may not see before paging, so `meta` counts hold.
 */
export function postList(
  ctx: SandboxContext,
  viewerId: string | undefined,
  tweets: readonly StoredTweet[],
  params: RequestParams,
  meta?: object,
) {
  const { world } = tweetService(ctx);
  const body: Json = {};
  if (tweets.length > 0) {
    const rendered = renderV2Tweets(tweets, parseV2Fields(params), world, ctx.now(), viewerId);
    body['data'] = rendered.data;
    if (rendered.includes) body['includes'] = rendered.includes;
    if (rendered.errors.length > 0) body['errors'] = rendered.errors;
  }
  if (meta) body['meta'] = meta;
  return body;
}

/** `data`, `includes.tweets` (for `pinned_tweet_id`) and `meta` of a list of users. */
export function userList(
  ctx: SandboxContext,
  users: readonly SandboxUser[],
  params: RequestParams,
  meta?: object,
) {
  const { world } = tweetService(ctx);
  const fields = listParam(params, 'user.fields');
  const body: Json = {};
  if (users.length > 0) body['data'] = users.map((user) => renderV2User(user, fields, world));
  if (meta) body['meta'] = meta;
  return body;
}

/** The live post a path or body names, or X's not-found partial error for it. */
export function findPost(
  ctx: SandboxContext,
  id: string,
  parameter: string,
): { tweet: StoredTweet } | { error: Json } {
  const tweet = tweetService(ctx).store.get(id);
  return tweet ? { tweet } : { error: notFound(id, parameter, 'tweet') };
}

/**
 * The live post a path names, if the viewer may see it: X's not-found partial error for an unknown one, its
 * not-authorized one for a protected account's post (or a repost of one) the viewer may not see.
 */
export function findVisiblePost(
  ctx: SandboxContext,
  id: string,
  parameter: string,
  viewerId: string | undefined,
): { tweet: StoredTweet } | { error: Json } {
  const found = findPost(ctx, id, parameter);
  if ('error' in found || mayViewPost(tweetService(ctx).world, viewerId, found.tweet)) return found;
  return { error: notAuthorizedToSee(id, parameter, 'tweet') };
}

export function findUser(
  ctx: SandboxContext,
  id: string,
  parameter: string,
): { user: SandboxUser } | { error: Json } {
  const user = ctx.store.users.get(id);
  return user ? { user } : { error: notFound(id, parameter, 'user') };
}

/** Users of ids in order, skipping any that no longer exist. */
export function usersOf(ctx: SandboxContext, ids: Iterable<string>): SandboxUser[] {
  const found: SandboxUser[] = [];
  for (const id of ids) {
    const user = ctx.store.users.get(id);
    if (user) found.push(user);
  }
  return found;
}

/** Live posts of ids in order: a deleted post leaves every list. */
export function postsOf(ctx: SandboxContext, ids: Iterable<string>): StoredTweet[] {
  const { store } = tweetService(ctx);
  const found: StoredTweet[] = [];
  for (const id of ids) {
    const tweet = store.get(id);
    if (tweet) found.push(tweet);
  }
  return found;
}
