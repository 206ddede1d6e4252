// OAuth 2.0 Authorization Code with PKCE: /i/oauth2/authorize (page + scriptable approve), /2/oauth2/token
// (authorization_code and refresh_token grants), /2/oauth2/revoke.

import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SandboxHttpError } from '../errors.js';
import type { SandboxInternals } from '../internals.js';
import { randomToken, type SandboxApp, type SandboxUser } from '../store.js';
import { parseBasic } from './basic.js';
import { signaturesEqual } from './oauth1.js';
import { approveForm, errorPage, page } from './pages.js';

/**
 * docs/XAPI.md §5.6, with the scopes X's OpenAPI document adds in its OAuth2UserToken scheme (`timeline.read`,
 * which GET /2/users/reposts_of_me requires, and `broadcast.read`/`broadcast.write`).
 */
export const OAUTH2_SCOPES: ReadonlySet<string> = new Set([
  'tweet.read',
  'tweet.write',
  'tweet.moderate.write',
  'users.email',
  'users.read',
  'follows.read',
  'follows.write',
  'offline.access',
  'space.read',
  'mute.read',
  'mute.write',
  'like.read',
  'like.write',
  'list.read',
  'list.write',
  'block.read',
  'block.write',
  'bookmark.read',
  'bookmark.write',
  'dm.read',
  'dm.write',
  'media.write',
  'timeline.read',
  'broadcast.read',
  'broadcast.write',
]);

/** An OAuth 2.0 (RFC 6749 §5.2) error body, as X's /2/oauth2 endpoints send them. */
function oauth2Error(status: number, error: string, description: string): SandboxHttpError {
  return new SandboxHttpError(
    status,
    {
      raw: {
        body: JSON.stringify({ error, error_description: description }),
        contentType: 'application/json; charset=utf-8',
      },
    },
    { forced: 'raw' },
  );
}

interface AuthorizeRequest {
  client: SandboxApp;
  redirectUri: string;
  scopes: Set<string>;
  state: string;
  challenge: string;
  challengeMethod: 'S256' | 'plain';
}

/**
 * A token endpoint's parameters: the query and a form body, or the string members of a JSON body (twitter-api-v2
 * has posted JSON there since 2021 and its OAuth 2.0 login works against X; UNCONFIRMED, X documents forms).
 */
function tokenParams(ctx: SandboxInternals, request: FastifyRequest): Record<string, string> {
  const params = ctx.params(request);
  const body: unknown = request.body;
  if (
    request.rawFormBody === undefined &&
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body)
  ) {
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === 'string' && !(name in params)) params[name] = value;
    }
  }
  return params;
}

/** Validates /i/oauth2/authorize parameters; returns a message for the error page when invalid. */
function readAuthorizeRequest(
  ctx: SandboxInternals,
  params: Record<string, string>,
): AuthorizeRequest | string {
  const client = params['client_id'] ? ctx.store.appByClientId(params['client_id']) : undefined;
  if (!client) return 'Unknown client_id.';
  const redirectUri = params['redirect_uri'] ?? '';
  if (!client.redirectUris.includes(redirectUri))
    return 'redirect_uri does not match a registered callback URL.';
  if (params['response_type'] !== 'code') return 'response_type must be code.';
  const scopes = new Set((params['scope'] ?? '').split(/[ +]+/).filter(Boolean));
  if (scopes.size === 0) return 'scope is required.';
  for (const scope of scopes) if (!OAUTH2_SCOPES.has(scope)) return `Unknown scope: ${scope}`;
  const state = params['state'];
  if (!state) return 'state is required.';
  if (state.length > 500) return 'state must be at most 500 characters.';
  const challenge = params['code_challenge'];
  if (!challenge) return 'code_challenge is required.';
  // twitter-api-v2 (and so its users' bots) sends `s256`; RFC 7636 spells it `S256`. UNCONFIRMED: both are taken.
  const method = params['code_challenge_method'] ?? 'plain';
  const challengeMethod = method.toUpperCase() === 'S256' ? 'S256' : method === 'plain' ? 'plain' : undefined;
  if (!challengeMethod) return 'code_challenge_method must be S256 or plain.';
  return { client, redirectUri, scopes, state, challenge, challengeMethod };
}

function verifierMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return signaturesEqual(challenge, computed);
}

export async function registerPkceRoutes(app: FastifyInstance, ctx: SandboxInternals): Promise<void> {
  const AUTHORIZE = '/i/oauth2/authorize';

  app.get(AUTHORIZE, async (request, reply) => {
    const params = ctx.params(request);
    const parsed = readAuthorizeRequest(ctx, params);
    reply.type('text/html; charset=utf-8');
    if (typeof parsed === 'string') return reply.code(400).send(errorPage(parsed));
    const fields: Record<string, string> = {};
    for (const name of [
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'state',
      'code_challenge',
      'code_challenge_method',
    ]) {
      const value = params[name];
      if (value !== undefined) fields[name] = value;
    }
    return reply.send(
      page(
        `${parsed.client.name} wants to access your X account`,
        `<ul id="scopes">${[...parsed.scopes].map((scope) => `<li>${scope}</li>`).join('')}</ul>\n${approveForm(
          AUTHORIZE,
          fields,
          'Authorize app?',
        )}`,
      ),
    );
  });

  // Scriptable: the same parameters as the GET, in a form body, plus approve=1 (and optionally user_id or screen_name).
  app.post(AUTHORIZE, async (request, reply) => {
    const params = ctx.params(request);
    const parsed = readAuthorizeRequest(ctx, params);
    if (typeof parsed === 'string')
      return reply.code(400).type('text/html; charset=utf-8').send(errorPage(parsed));
    const redirect = new URL(parsed.redirectUri);
    if (params['approve'] !== '1' && params['approve'] !== 'true') {
      redirect.searchParams.set('error', 'access_denied');
      redirect.searchParams.set('state', parsed.state);
      return reply.redirect(redirect.toString(), 302);
    }
    let user: SandboxUser | undefined;
    if (params['user_id']) user = ctx.store.users.get(params['user_id']);
    else if (params['screen_name']) user = ctx.store.userByUsername(params['screen_name'].replace(/^@/, ''));
    else user = ctx.store.users.get(parsed.client.ownerId) ?? ctx.store.users.values().next().value;
    if (!user) return reply.code(404).type('text/html; charset=utf-8').send(errorPage('No such user.'));
    const code = randomToken(32);
    ctx.store.authorizationCodes.set(code, {
      code,
      clientId: parsed.client.clientId,
      userId: user.id,
      redirectUri: parsed.redirectUri,
      scopes: parsed.scopes,
      challenge: parsed.challenge,
      challengeMethod: parsed.challengeMethod,
      expiresAt: ctx.now() + ctx.options.oauth2CodeTtlSecs * 1000,
    });
    redirect.searchParams.set('state', parsed.state);
    redirect.searchParams.set('code', code);
    return reply.redirect(redirect.toString(), 302);
  });

  /** Public client (client_id in the body) or confidential client (Basic client_id:client_secret). */
  const clientOf = (request: FastifyRequest, params: Record<string, string>): SandboxApp => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const basic = parseBasic(header);
      const client = basic ? ctx.store.appByClientId(basic.id) : undefined;
      if (!basic || !client || !signaturesEqual(client.clientSecret, basic.secret)) {
        throw oauth2Error(401, 'invalid_client', 'Missing valid authorization header');
      }
      return client;
    }
    const client = params['client_id'] ? ctx.store.appByClientId(params['client_id']) : undefined;
    if (!client) throw oauth2Error(400, 'invalid_request', 'Missing required parameter [client_id].');
    return client;
  };

  const issueTokens = (
    reply: FastifyReply,
    client: SandboxApp,
    userId: string,
    scopes: ReadonlySet<string>,
  ) => {
    const ttl = ctx.options.oauth2AccessTokenTtlSecs;
    const accessToken = randomToken(40);
    ctx.store.oauth2AccessTokens.set(accessToken, {
      token: accessToken,
      clientId: client.clientId,
      userId,
      scopes,
      expiresAt: ctx.now() + ttl * 1000,
    });
    const body: Record<string, string | number> = {
      token_type: 'bearer',
      expires_in: ttl,
      access_token: accessToken,
      scope: [...scopes].join(' '),
    };
    if (scopes.has('offline.access')) {
      const refreshToken = randomToken(40);
      ctx.store.oauth2RefreshTokens.set(refreshToken, {
        token: refreshToken,
        clientId: client.clientId,
        userId,
        scopes,
      });
      body['refresh_token'] = refreshToken;
    }
    return reply.type('application/json; charset=utf-8').send(body);
  };

  app.post('/2/oauth2/token', async (request, reply) => {
    const params = tokenParams(ctx, request);
    const client = clientOf(request, params);
    const grant = params['grant_type'];
    if (grant === 'authorization_code') {
      const code = params['code'] ? ctx.store.authorizationCodes.get(params['code']) : undefined;
      // Single use: the first exchange attempt consumes the code, right or wrong.
      if (code) ctx.store.authorizationCodes.delete(code.code);
      if (!code || code.expiresAt <= ctx.now() || code.clientId !== client.clientId) {
        throw oauth2Error(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
      }
      if (params['redirect_uri'] !== code.redirectUri) {
        throw oauth2Error(
          400,
          'invalid_request',
          'Value passed for the redirect uri did not match the uri of the authorization code.',
        );
      }
      const verifier = params['code_verifier'];
      if (!verifier || !verifierMatches(verifier, code.challenge, code.challengeMethod)) {
        throw oauth2Error(
          400,
          'invalid_request',
          'Value passed for the code verifier did not match the code challenge.',
        );
      }
      return issueTokens(reply, client, code.userId, code.scopes);
    }
    if (grant === 'refresh_token') {
      const refresh = params['refresh_token']
        ? ctx.store.oauth2RefreshTokens.get(params['refresh_token'])
        : undefined;
      if (!refresh || refresh.clientId !== client.clientId) {
        throw oauth2Error(400, 'invalid_request', 'Value passed for the token was invalid.');
      }
      // Rotation: a refresh token works once.
      ctx.store.oauth2RefreshTokens.delete(refresh.token);
      return issueTokens(reply, client, refresh.userId, refresh.scopes);
    }
    throw oauth2Error(
      400,
      grant ? 'unsupported_grant_type' : 'invalid_request',
      grant ? 'Unsupported grant_type.' : 'Missing required parameter [grant_type].',
    );
  });

  app.post('/2/oauth2/revoke', async (request, reply) => {
    const params = tokenParams(ctx, request);
    const client = clientOf(request, params);
    const token = params['token'];
    if (!token) throw oauth2Error(400, 'invalid_request', 'Missing required parameter [token].');
    const access = ctx.store.oauth2AccessTokens.get(token);
    if (access?.clientId === client.clientId) ctx.store.oauth2AccessTokens.delete(token);
    const refresh = ctx.store.oauth2RefreshTokens.get(token);
    if (refresh?.clientId === client.clientId) ctx.store.oauth2RefreshTokens.delete(token);
    return reply.send({ revoked: true });
  });
}
