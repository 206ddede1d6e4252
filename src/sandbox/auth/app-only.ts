// OAuth 2.0 app-only (bearer) tokens: /oauth2/token (client_credentials) and the invalidate endpoints.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SandboxHttpError, v1Error } from '../errors.js';
import type { SandboxInternals } from '../internals.js';
import { randomToken, type SandboxApp } from '../store.js';
import { verifyOAuth1 } from './authenticate.js';
import { parseBasic } from './basic.js';
import { signaturesEqual } from './oauth1.js';

/** §5.5: every credential or grant problem of /oauth2/token is this 403. */
function unableToVerify(): SandboxHttpError {
  return new SandboxHttpError(
    403,
    { v1: [{ code: 99, label: 'authenticity_token_error', message: 'Unable to verify your credentials' }] },
    { forced: 'v1' },
  );
}

/** The app whose consumer key and secret are in a Basic header, or `undefined`. */
function appFromBasic(ctx: SandboxInternals, request: FastifyRequest): SandboxApp | undefined {
  const basic = parseBasic(request.headers.authorization);
  if (!basic) return undefined;
  const app = ctx.store.apps.get(basic.id);
  return app && signaturesEqual(app.consumerSecret, basic.secret) ? app : undefined;
}

/** The app's bearer token, minting one if it was invalidated: one token per app. */
export function bearerFor(app: SandboxApp): string {
  app.bearerToken ??= `AAAAAAAAAAAAAAAAAAAAA${randomToken(40)}`;
  return app.bearerToken;
}

export async function registerAppOnlyRoutes(app: FastifyInstance, ctx: SandboxInternals): Promise<void> {
  app.post('/oauth2/token', async (request, reply) => {
    const client = appFromBasic(ctx, request);
    if (!client) throw unableToVerify();
    if (ctx.params(request)['grant_type'] !== 'client_credentials') throw unableToVerify();
    return reply.send({ token_type: 'bearer', access_token: bearerFor(client) });
  });

  // The reference page says OAuth 1.0a user context; the app-only guide uses Basic: accept both.
  app.post('/oauth2/invalidate_token', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    let client: SandboxApp | undefined;
    if (/^OAuth(\s|$)/i.test(header)) {
      client = verifyOAuth1(ctx, request, {
        api: 'v1',
        tokenSecret: (token, owner) => {
          const access = ctx.store.accessTokens.get(token);
          return access && access.consumerKey === owner.consumerKey ? access.secret : undefined;
        },
      }).app;
    } else {
      client = appFromBasic(ctx, request);
      if (!client) throw unableToVerify();
    }
    const token = ctx.params(request)['access_token'];
    if (!token || client.bearerToken === undefined || !signaturesEqual(client.bearerToken, token)) {
      throw v1Error(89);
    }
    client.bearerToken = undefined;
    return reply.send({ access_token: token });
  });

  const invalidateUserToken = async (request: FastifyRequest) => {
    const verified = verifyOAuth1(ctx, request, {
      api: 'v1',
      tokenSecret: (token, owner) => {
        const access = ctx.store.accessTokens.get(token);
        return access && access.consumerKey === owner.consumerKey ? access.secret : undefined;
      },
    });
    if (verified.token === undefined) throw v1Error(220);
    ctx.store.accessTokens.delete(verified.token);
    return { access_token: verified.token };
  };
  app.post('/1.1/oauth/invalidate_token', invalidateUserToken);
  app.post('/1.1/oauth/invalidate_token.json', invalidateUserToken);
}
