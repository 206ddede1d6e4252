// The 3-legged OAuth 1.0a dance: request_token → authorize/authenticate (page or PIN) → access_token.

import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { v1Error } from '../errors.js';
import type { SandboxInternals } from '../internals.js';
import { randomToken, type SandboxUser } from '../store.js';
import { verifyOAuth1 } from './authenticate.js';
import { signaturesEqual } from './oauth1.js';
import { approveForm, errorPage, page } from './pages.js';

/** How long an unapproved or unexchanged request token lives. UNCONFIRMED: X does not document it. */
const REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000;

function formEncoded(reply: FastifyReply, fields: Record<string, string>) {
  return reply.type('text/html; charset=utf-8').send(new URLSearchParams(fields).toString());
}

/** The user who approves: `user_id` or `screen_name` from the form, else the default (app owner). */
function approvingUser(
  ctx: SandboxInternals,
  fields: Record<string, string>,
  ownerId: string,
): SandboxUser | undefined {
  const byId = fields['user_id'];
  if (byId) return ctx.store.users.get(byId);
  const byName = fields['screen_name']?.replace(/^@/, '').trim();
  if (byName) return ctx.store.userByUsername(byName);
  return ctx.store.users.get(ownerId) ?? ctx.store.users.values().next().value;
}

function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return target.toString();
}

export async function registerThreeLeggedRoutes(app: FastifyInstance, ctx: SandboxInternals): Promise<void> {
  const liveRequestToken = (token: string | undefined) => {
    if (!token) return undefined;
    const found = ctx.store.requestTokens.get(token);
    if (!found) return undefined;
    if (found.createdAt + REQUEST_TOKEN_TTL_MS <= ctx.now()) {
      ctx.store.requestTokens.delete(token);
      return undefined;
    }
    return found;
  };

  app.post('/oauth/request_token', async (request, reply) => {
    const verified = verifyOAuth1(ctx, request, { api: 'v1', tokenSecret: () => undefined });
    const params = ctx.params(request);
    const callback = verified.params.get('oauth_callback') ?? params['oauth_callback'];
    if (!callback) throw v1Error(215, 'oauth_callback is required.', 400);
    if (callback !== 'oob' && !verified.app.callbackUrls.includes(callback)) throw v1Error(415);
    const accessType = params['x_auth_access_type'];
    if (accessType !== undefined && accessType !== 'read' && accessType !== 'write') {
      throw v1Error(215, 'x_auth_access_type must be read or write.', 400);
    }
    const token = randomToken(24);
    const secret = randomToken(24);
    ctx.store.requestTokens.set(token, {
      token,
      secret,
      consumerKey: verified.app.consumerKey,
      callback,
      accessType: accessType === 'read' ? 'read' : 'read-write',
      createdAt: ctx.now(),
    });
    return formEncoded(reply, {
      oauth_token: token,
      oauth_token_secret: secret,
      oauth_callback_confirmed: 'true',
    });
  });

  /** The request token a consent page is for, while it is still waiting for an answer. */
  const awaitingConsent = (token: string | undefined) => {
    const pending = liveRequestToken(token);
    return pending && pending.verifier === undefined ? pending : undefined;
  };
  const expiredPage = (reply: FastifyReply) =>
    reply
      .code(404)
      .send(errorPage('This page is no longer valid. The request token is unknown, used or expired.'));

  const showAuthorizePage = (path: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const params = ctx.params(request);
    const pending = awaitingConsent(params['oauth_token']);
    reply.type('text/html; charset=utf-8');
    if (!pending) return expiredPage(reply);
    const client = ctx.store.apps.get(pending.consumerKey);
    const fields: Record<string, string> = { oauth_token: pending.token };
    if (params['screen_name']) fields['screen_name_hint'] = params['screen_name'];
    return reply.send(
      page(
        `Authorize ${client?.name ?? 'app'} to access your account?`,
        approveForm(path, fields, `${client?.name ?? 'This app'} wants to use your account.`),
      ),
    );
  };

  const approve = async (request: FastifyRequest, reply: FastifyReply) => {
    const fields = ctx.params(request);
    const pending = awaitingConsent(fields['oauth_token']);
    reply.type('text/html; charset=utf-8');
    if (!pending) return expiredPage(reply);
    const client = ctx.store.apps.get(pending.consumerKey);
    if (fields['approve'] !== '1' && fields['approve'] !== 'true') {
      ctx.store.requestTokens.delete(pending.token);
      if (pending.callback === 'oob')
        return reply.send(
          page('Authorization cancelled', '<p id="denied">You did not authorize the app.</p>'),
        );
      return reply.redirect(withQuery(pending.callback, { denied: pending.token }), 302);
    }
    const user = approvingUser(ctx, fields, client?.ownerId ?? '');
    if (!user) return reply.code(404).send(errorPage('No such user.'));
    pending.userId = user.id;
    if (pending.callback === 'oob') {
      pending.verifier = String(randomInt(0, 10_000_000)).padStart(7, '0');
      return reply.send(
        page(
          'You have authorized the app',
          `<p>Enter this PIN to complete the authorization process:</p>\n<kbd aria-label="PIN"><code id="oauth_pin">${pending.verifier}</code></kbd>`,
        ),
      );
    }
    pending.verifier = randomToken(24);
    return reply.redirect(
      withQuery(pending.callback, { oauth_token: pending.token, oauth_verifier: pending.verifier }),
      302,
    );
  };

  for (const path of ['/oauth/authorize', '/oauth/authenticate']) {
    app.get(path, showAuthorizePage(path));
    app.post(path, approve);
  }

  app.post('/oauth/access_token', async (request, reply) => {
    const verified = verifyOAuth1(ctx, request, {
      api: 'v1',
      tokenSecret: (token, owner) => {
        const pending = liveRequestToken(token);
        return pending && pending.consumerKey === owner.consumerKey ? pending.secret : undefined;
      },
      repeatedOAuthPairsOnce: true,
    });
    const token = verified.token;
    const pending = liveRequestToken(token);
    if (!token || !pending) throw v1Error(89);
    const verifier = verified.params.get('oauth_verifier') ?? ctx.params(request)['oauth_verifier'];
    if (
      pending.verifier === undefined ||
      pending.userId === undefined ||
      verifier === undefined ||
      !signaturesEqual(pending.verifier, verifier)
    ) {
      throw v1Error(32, 'Invalid oauth_verifier parameter');
    }
    ctx.store.requestTokens.delete(token);
    const user = ctx.store.users.get(pending.userId);
    if (!user) throw v1Error(89);
    let access = [...ctx.store.accessTokens.values()].find(
      (existing) => existing.consumerKey === pending.consumerKey && existing.userId === user.id,
    );
    // Re-authorizing keeps the user's token for this app (as X does) but with the newly granted access level.
    if (access) access.accessLevel = pending.accessType;
    else
      access = ctx.store.issueAccessToken(pending.consumerKey, user.id, { accessLevel: pending.accessType });
    return formEncoded(reply, {
      oauth_token: access.token,
      oauth_token_secret: access.secret,
      user_id: user.id,
      screen_name: user.screen_name,
    });
  });
}
