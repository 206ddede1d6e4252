// Authentication and rate limiting for the v2 routes of the messaging, lists, media-lookup, spaces and
// insights areas, following each operation's `security` in X's document.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AuthResult,
  type SandboxContext,
  type SandboxUser,
  unsupportedAuthentication,
} from '../context.js';
import { forbidden } from './problems.js';

export interface GuardOptions {
  /** `user`: OAuth 1.0a or OAuth 2.0 user token; `any`: those or an app bearer; `app`: bearer only. */
  need: 'user' | 'any' | 'app';
  /** OAuth 2.0 scopes, checked for OAuth 2.0 user tokens as X does. */
  scopes: readonly string[];
  /** The document lists no OAuth 1.0a (`UserToken`) security: such a token is refused. */
  noOAuth1?: boolean;
}

/** Authenticates, counts the call against `endpointKey` and returns the caller. */
export async function guard(
  ctx: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  endpointKey: string,
  options: GuardOptions,
): Promise<AuthResult> {
  const auth = await ctx.authenticate(request, { need: options.need, api: 'v2', scopes: options.scopes });
  if (options.noOAuth1 && auth.kind === 'oauth1') {
    const supported = options.need === 'user' ? [] : ['OAuth 2.0 Application-Only'];
    throw unsupportedAuthentication('v2', [...supported, 'OAuth 2.0 User Context'].join(', '));
  }
  ctx.rateLimit(request, reply, endpointKey, auth);
  return auth;
}

/** The user of a user-context call (guard with `need: 'user'` guarantees one). */
export function callerOf(auth: AuthResult): SandboxUser {
  if (auth.user === undefined) {
    throw unsupportedAuthentication('v2', 'OAuth 1.0a User Context, OAuth 2.0 User Context');
  }
  return auth.user;
}

/**
 * X lets a user act (like, follow, read bookmarks, send DMs…) only as the user of the credentials: another
 * user's id in the path (`POST /2/users/:id/likes`) is a 403 about that user.
 */
export function requireSelf(auth: AuthResult, pathId: string | undefined, parameter = 'id'): SandboxUser {
  const user = callerOf(auth);
  if (user.id !== pathId) {
    throw forbidden('You are not permitted to perform this action on behalf of another user.', {
      type: 'user',
      id: pathId ?? '',
      parameter,
    });
  }
  return user;
}
