// OAuth 2.0 Authorization Code with PKCE, as X runs it: consent URL, code exchange, refresh, revoke.

import { createHash, randomBytes } from 'node:crypto';
import { InvalidRequestError } from '../http/errors.js';
import { resolveOrigin, urlUnder } from '../http/url.js';
import { basicAuthorization } from './basic.js';
import { AuthProtocolError } from './errors.js';
import { percentEncode } from './oauth1.js';
import {
  authorizeOriginFor,
  optionalText,
  requireRedirectUri,
  requireText,
  requireToken,
  X_API_ORIGIN,
} from './options.js';
import { fieldsOf, jsonAnswer, missing, tokenField } from './token-answer.js';
import type { TokenPost, TokenResponse } from './types.js';

/** What X's token endpoint grants a user, in the form callers store. */
export interface OAuth2Tokens {
  readonly accessToken: string;
  /** Present when the `offline.access` scope was granted. X rotates it on every refresh. */
  readonly refreshToken?: string;
  /** When the access token stops working, in milliseconds since the epoch. */
  readonly expiresAt?: number;
  /** Space-separated scopes granted. */
  readonly scope?: string;
}

export interface Pkce {
  /** Keep it server-side until the callback; send it with `client.oauth.exchangeCode()`. */
  readonly codeVerifier: string;
  readonly codeChallenge: string;
  readonly codeChallengeMethod: 'S256';
  /** Compare it with the callback's `state` to refuse forged callbacks. */
  readonly state: string;
}

/** The OAuth 2.0 client: a public client has no secret; a confidential one authenticates with Basic. */
export interface OAuth2Client {
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
}

export interface EndpointOptions {
  /** Defaults to https://api.x.com; e.g. http://127.0.0.1:4010 for the sandbox. */
  readonly origin?: string | URL;
  readonly signal?: AbortSignal;
}

const EXPECTED_TOKENS =
  'JSON like {"token_type":"bearer","expires_in":7200,"access_token":"…","scope":"…","refresh_token":"…"}';

/** The S256 code challenge: base64url(SHA-256(verifier)), RFC 7636 §4.2. */
export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/** A fresh code verifier (64 characters from 48 random bytes), its S256 challenge and a random state. */
export function createPkce(): Pkce {
  const codeVerifier = randomBytes(48).toString('base64url');
  return {
    codeVerifier,
    codeChallenge: pkceChallenge(codeVerifier),
    codeChallengeMethod: 'S256',
    state: randomBytes(24).toString('base64url'),
  };
}

export interface OAuth2AuthorizeUrlOptions {
  readonly clientId: string;
  /** Must match a callback URL registered for the app exactly. */
  readonly redirectUri: string;
  readonly scopes: readonly string[] | string;
  readonly state: string;
  readonly codeChallenge: string;
  /** The API origin; the consent page is on https://x.com for X, on this origin otherwise. */
  readonly origin?: string | URL;
  /** Overrides where the consent page is. */
  readonly authorizeOrigin?: string | URL;
}

/** The consent page to send the user to. */
export function oauth2AuthorizeUrl(options: OAuth2AuthorizeUrlOptions): string {
  const owner = 'oauth2AuthorizeUrl';
  const state = requireText(options.state, 'state', owner);
  if (state.length > 500) {
    throw new InvalidRequestError(
      `${owner}: X accepts a state of up to 500 characters, got ${state.length}.`,
    );
  }
  const scopes = typeof options.scopes === 'string' ? options.scopes.split(/\s+/) : [...options.scopes];
  const scope = scopes.filter((s) => s !== '').join(' ');
  if (scope === '') {
    throw new InvalidRequestError(`${owner} needs at least one scope, e.g. ["tweet.read", "users.read"].`);
  }
  const base =
    options.authorizeOrigin !== undefined
      ? resolveOrigin(options.authorizeOrigin, owner)
      : authorizeOriginFor(resolveOrigin(options.origin ?? X_API_ORIGIN, owner));
  const query: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', requireText(options.clientId, 'clientId', owner)],
    ['redirect_uri', requireRedirectUri(options.redirectUri, owner)],
    ['scope', scope],
    ['state', state],
    ['code_challenge', requireText(options.codeChallenge, 'codeChallenge', owner)],
    ['code_challenge_method', 'S256'],
  ];
  // Percent-encoding (not URLSearchParams) so the scope separator is %20, as X's examples show.
  const search = query.map(([name, value]) => `${name}=${percentEncode(value)}`).join('&');
  return `${urlUnder(base, '/i/oauth2/authorize').href}?${search}`;
}

/** Trades the callback's `code` for tokens. X keeps a code valid for 30 seconds. */
export async function exchangeCode(
  post: TokenPost,
  options: OAuth2Client &
    EndpointOptions & {
      readonly code: string;
      readonly codeVerifier: string;
      readonly redirectUri: string;
      readonly now?: () => number;
    },
): Promise<OAuth2Tokens> {
  const owner = 'exchangeCode';
  return postForTokens(post, options, owner, {
    code: requireToken(options.code, 'code', owner),
    grant_type: 'authorization_code',
    redirect_uri: requireRedirectUri(options.redirectUri, owner),
    code_verifier: requireToken(options.codeVerifier, 'codeVerifier', owner),
  });
}

/** Trades a refresh token for new tokens; the answer's refresh token replaces the old one, which stops working. */
export async function refreshOAuth2Token(
  post: TokenPost,
  options: OAuth2Client & EndpointOptions & { readonly refreshToken: string; readonly now?: () => number },
): Promise<OAuth2Tokens> {
  const owner = 'refreshOAuth2Token';
  return postForTokens(post, options, owner, {
    grant_type: 'refresh_token',
    refresh_token: requireToken(options.refreshToken, 'refreshToken', owner),
  });
}

/** Revokes an access or refresh token at `POST {origin}/2/oauth2/revoke`. */
export async function revokeOAuth2Token(
  post: TokenPost,
  options: OAuth2Client &
    EndpointOptions & { readonly token: string; readonly tokenTypeHint?: 'access_token' | 'refresh_token' },
): Promise<void> {
  const owner = 'revokeOAuth2Token';
  const form: Record<string, string> = { token: requireToken(options.token, 'token', owner) };
  if (options.tokenTypeHint !== undefined) form['token_type_hint'] = options.tokenTypeHint;
  const url = urlUnder(resolveOrigin(options.origin ?? X_API_ORIGIN, owner), '/2/oauth2/revoke');
  await post({ url, ...clientAuthentication(options, owner, form), ...signalOf(options) });
}

async function postForTokens(
  post: TokenPost,
  options: OAuth2Client & EndpointOptions & { readonly now?: () => number },
  owner: string,
  form: Record<string, string>,
): Promise<OAuth2Tokens> {
  const url = urlUnder(resolveOrigin(options.origin ?? X_API_ORIGIN, owner), '/2/oauth2/token');
  const request = { url, ...clientAuthentication(options, owner, form), ...signalOf(options) };
  // Timed from the request so the computed expiry errs early, never late.
  const sentAt = (options.now ?? Date.now)();
  return parseOAuth2Tokens(await post(request), url, sentAt);
}

/** Public clients name themselves in the body; confidential ones authenticate with Basic instead. */
function clientAuthentication(
  client: OAuth2Client,
  owner: string,
  form: Record<string, string>,
): { form: Record<string, string>; authorization?: string } {
  const clientId = requireToken(client.clientId, 'clientId', owner);
  const clientSecret = optionalText(client.clientSecret, 'clientSecret', owner);
  if (clientSecret === undefined) return { form: { ...form, client_id: clientId } };
  return { form, authorization: basicAuthorization(clientId, clientSecret) };
}

function signalOf(options: EndpointOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

/** Reads the token JSON; `expiresAt` is `receivedAt + expires_in` seconds. */
export function parseOAuth2Tokens(response: TokenResponse, url: URL, receivedAt: number): OAuth2Tokens {
  const fields = fieldsOf(jsonAnswer(response, url, EXPECTED_TOKENS));
  const tokenType = fields.get('token_type');
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) {
    throw new AuthProtocolError(
      `${url.pathname} answered a token_type other than "bearer"; expected ${EXPECTED_TOKENS}. ` +
        'peony can only send bearer tokens: check that the origin points at the X API or the peony sandbox.',
      url,
    );
  }
  const accessToken = tokenField(fields, 'access_token', url, EXPECTED_TOKENS);
  const refreshToken = fields.has('refresh_token')
    ? tokenField(fields, 'refresh_token', url, EXPECTED_TOKENS)
    : undefined;
  const expiresIn = fields.get('expires_in');
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  if (expiresIn !== undefined && (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)) {
    throw missing('expires_in', fields, url, `${EXPECTED_TOKENS} with expires_in a number of seconds`);
  }
  const scope = fields.get('scope');
  return {
    accessToken,
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(typeof seconds === 'number' ? { expiresAt: receivedAt + seconds * 1000 } : {}),
    ...(typeof scope === 'string' ? { scope } : {}),
  };
}
