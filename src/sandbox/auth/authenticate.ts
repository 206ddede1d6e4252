// ctx.authenticate: who is calling (OAuth 1.0a signature, app bearer, OAuth 2.0 user token) and whether
// that credential may call the endpoint, failing with X's codes in the route's error format.

import type { FastifyRequest } from 'fastify';
import { addressedOrigin } from '../addressed-origin.js';
import type { AuthenticateOptions, AuthResult } from '../context.js';
import {
  type ApiFlavor,
  authFailure,
  type SandboxHttpError,
  unsupportedAuthentication,
  v1Error,
  v2Problem,
} from '../errors.js';
import type { SandboxInternals } from '../internals.js';
import type { SandboxApp } from '../store.js';
import {
  baseStringUri,
  formPairs,
  hmacSha1Signature,
  type ParamPair,
  parseOAuthHeader,
  signatureBaseString,
  signaturesEqual,
} from './oauth1.js';

/** A read-only OAuth 1.0a token used to write: code 261 on v1.1, the oauth1-permissions problem on v2. */
function readOnlyToken(api: ApiFlavor): SandboxHttpError {
  if (api !== 'v2') return v1Error(261);
  return v2Problem(403, {
    type: 'oauth1-permissions',
    title: 'Forbidden',
    detail:
      'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.',
    status: 403,
  });
}

/** The 403 for an OAuth 2.0 user token without a required scope (UNCONFIRMED body; X's usual 403 problem). */
function missingScope(api: ApiFlavor, missing: string[]): SandboxHttpError {
  if (api !== 'v2') return v1Error(220);
  return v2Problem(403, {
    title: 'Forbidden',
    detail: `Missing OAuth 2.0 scope: ${missing.join(', ')}`,
    status: 403,
  });
}

export function requireScopes(auth: AuthResult, scopes: readonly string[], api: ApiFlavor): void {
  if (auth.kind !== 'oauth2-user') return;
  const missing = scopes.filter((scope) => !auth.scopes?.has(scope));
  if (missing.length > 0) throw missingScope(api, missing);
}

/** The verified oauth_* parameters of a request. */
export interface VerifiedOAuth1 {
  app: SandboxApp;
  params: Map<string, string>;
  /** `oauth_token`, if the request carried one. */
  token: string | undefined;
}

export interface OAuth1VerifyOptions {
  api: ApiFlavor;
  /**
   * The secret of the request's `oauth_token` for this app, or `undefined` when the token is unknown (→ 89).
   * Not called when the request has no token.
   */
  tokenSecret: (token: string, app: SandboxApp) => string | undefined;
  /**
   * Also accept a signature that counts once an `oauth_*` pair sent both in the header and, identical, in the
   * form body (RFC 5849 counts it twice). twitter-api-v2's `login` signs `oauth_token` that way on
   * `/oauth/access_token`, and works against X. UNCONFIRMED (docs/SANDBOX.md).
   */
  repeatedOAuthPairsOnce?: boolean;
}

/** Parameters signed in a request: query, form body (only when urlencoded), oauth_* (RFC form). */
function signedParams(
  request: FastifyRequest,
  oauth: Map<string, string>,
  includeRequestParams: boolean,
): ParamPair[] {
  const pairs: ParamPair[] = [];
  if (includeRequestParams) {
    const query = request.url.indexOf('?');
    if (query >= 0) pairs.push(...formPairs(request.url.slice(query + 1)));
    if (request.rawFormBody !== undefined) pairs.push(...formPairs(request.rawFormBody));
  }
  for (const [name, value] of oauth) if (name !== 'oauth_signature') pairs.push([name, value]);
  return pairs;
}

function requestBaseUri(request: FastifyRequest, trustProxy: boolean): string {
  const path = request.url.split('?')[0] ?? '/';
  const { scheme, host } = addressedOrigin(request, trustProxy);
  return baseStringUri(scheme, host, path);
}

/**
 * Nonces seen (key → expiry), kept until they fall outside the timestamp window, and at most `MAX_NONCES` of them
 * (the oldest go first): a burst of signed requests inside one window must not grow the sandbox without bound.
 */
interface NonceBook {
  seen: Map<string, number>;
  prunedAt: number;
}

/** Enough for any replay a test makes; UNCONFIRMED as X's behaviour (docs/SANDBOX.md). */
const MAX_NONCES = 5_000;

function nonceBook(ctx: SandboxInternals): NonceBook {
  return ctx.state<NonceBook>('auth:oauth1-nonces', () => ({ seen: new Map(), prunedAt: 0 }));
}

/** Drops expired nonces now and then, not on every request, so a long benchmark stays linear. */
function pruneNonces(book: NonceBook, now: number): void {
  if (Math.abs(now - book.prunedAt) < 10_000 && book.seen.size < 50_000) return;
  book.prunedAt = now;
  for (const [key, expiresAt] of book.seen) if (expiresAt <= now) book.seen.delete(key);
}

/**
 * Verifies an OAuth 1.0a request: header syntax, consumer, token, timestamp window, signature (constant
 * time), then nonce uniqueness. The nonce is remembered only for requests whose signature is right.
 */
export function verifyOAuth1(
  ctx: SandboxInternals,
  request: FastifyRequest,
  options: OAuth1VerifyOptions,
): VerifiedOAuth1 {
  const { api } = options;
  const header = request.headers.authorization ?? '';
  const params = parseOAuthHeader(header);
  if (!params) throw authFailure(api, 215);
  const consumerKey = params.get('oauth_consumer_key');
  const signature = params.get('oauth_signature');
  const timestamp = params.get('oauth_timestamp');
  const nonce = params.get('oauth_nonce');
  const method = params.get('oauth_signature_method');
  const version = params.get('oauth_version');
  if (!consumerKey || !signature || !timestamp || !nonce || method === undefined) throw authFailure(api, 215);
  if (method !== 'HMAC-SHA1' || (version !== undefined && version !== '1.0')) throw authFailure(api, 32);
  const app = ctx.store.apps.get(consumerKey);
  if (!app) throw authFailure(api, 32);
  const token = params.get('oauth_token');
  let tokenSecret = '';
  if (token !== undefined && token !== '') {
    const secret = options.tokenSecret(token, app);
    if (secret === undefined) throw authFailure(api, 89);
    tokenSecret = secret;
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw authFailure(api, 135);
  const skewMs = ctx.options.timestampSkewSecs * 1000;
  if (Math.abs(Number(timestamp) * 1000 - ctx.now()) > skewMs) throw authFailure(api, 135);

  const baseUri = requestBaseUri(request, ctx.options.trustProxy);
  const candidates = [signedParams(request, params, true)];
  if (ctx.options.acceptOAuthOnlyMultipartSignature && request.isMultipart()) {
    candidates.push(signedParams(request, params, false));
  }
  if (options.repeatedOAuthPairsOnce) {
    const full = candidates[0] ?? [];
    const once = full.filter(
      ([name, value], index) =>
        !name.startsWith('oauth_') || full.findIndex(([n, v]) => n === name && v === value) === index,
    );
    if (once.length < full.length) candidates.push(once);
  }
  const valid = candidates.some((pairs) =>
    signaturesEqual(
      hmacSha1Signature(signatureBaseString(request.method, baseUri, pairs), app.consumerSecret, tokenSecret),
      signature,
    ),
  );
  if (!valid) throw authFailure(api, 32);

  const book = nonceBook(ctx);
  const now = ctx.now();
  pruneNonces(book, now);
  // One flat string: a template's pieces would otherwise stay a tree of cons strings for as long as the key lives.
  const nonceKey = [consumerKey, token ?? '', timestamp, nonce].join('\u0000');
  const seenUntil = book.seen.get(nonceKey);
  if (seenUntil !== undefined && seenUntil > now) throw authFailure(api, 32);
  book.seen.delete(nonceKey);
  book.seen.set(nonceKey, now + 2 * skewMs);
  if (book.seen.size > MAX_NONCES) {
    const oldest = book.seen.keys().next();
    if (!oldest.done) book.seen.delete(oldest.value);
  }
  return { app, params, token: token === '' ? undefined : token };
}

/** `ctx.authenticate`. */
export async function authenticate(
  ctx: SandboxInternals,
  request: FastifyRequest,
  options: AuthenticateOptions,
): Promise<AuthResult> {
  const { api, need } = options;
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') throw authFailure(api, 215);
  let result: AuthResult;
  if (/^OAuth(\s|$)/i.test(header)) {
    const verified = verifyOAuth1(ctx, request, {
      api,
      tokenSecret: (token, app) => {
        const access = ctx.store.accessTokens.get(token);
        return access && access.consumerKey === app.consumerKey ? access.secret : undefined;
      },
    });
    if (verified.token === undefined) {
      // Consumer-only OAuth 1.0a is for the token endpoints; resources need a user.
      throw unsupportedAuthentication(api, 'OAuth 1.0a User Context, OAuth 2.0 User Context');
    }
    const access = ctx.store.accessTokens.get(verified.token);
    const user = access ? ctx.store.users.get(access.userId) : undefined;
    if (!user) throw authFailure(api, 89);
    result = { kind: 'oauth1', app: verified.app, user, accessLevel: access?.accessLevel ?? 'read-write' };
    if (result.accessLevel === 'read' && request.method !== 'GET' && request.method !== 'HEAD') {
      throw readOnlyToken(api);
    }
  } else if (/^Bearer\s+/i.test(header)) {
    const token = header.replace(/^Bearer\s+/i, '').trim();
    const app = token === '' ? undefined : ctx.store.appByBearer(token);
    if (app) {
      result = { kind: 'app-bearer', app };
    } else {
      const userToken = ctx.store.oauth2AccessTokens.get(token);
      if (!userToken || userToken.expiresAt <= ctx.now()) throw authFailure(api, 89);
      const tokenApp = ctx.store.appByClientId(userToken.clientId);
      const user = ctx.store.users.get(userToken.userId);
      if (!tokenApp || !user) throw authFailure(api, 89);
      result = { kind: 'oauth2-user', app: tokenApp, user, scopes: userToken.scopes };
    }
  } else {
    throw authFailure(api, 215);
  }

  if (need === 'user' && result.kind === 'app-bearer') {
    throw unsupportedAuthentication(api, 'OAuth 1.0a User Context, OAuth 2.0 User Context');
  }
  if (need === 'app' && result.kind !== 'app-bearer') {
    throw unsupportedAuthentication(api, 'OAuth 2.0 Application-Only');
  }
  if (options.scopes) requireScopes(result, options.scopes, api);
  request.sandboxAuth = result;
  return result;
}
