// The 3-legged OAuth 1.0a dance (and its PIN variant): request token, consent page, access token, invalidation.

import { InvalidRequestError } from '../http/errors.js';
import { resolveOrigin, urlUnder } from '../http/url.js';
import { AuthProtocolError } from './errors.js';
import { type OAuth1Credentials, type OAuth1SignOptions, percentEncode, signOAuth1 } from './oauth1.js';
import { optionalText, requireText, requireToken, X_API_ORIGIN } from './options.js';
import { fieldsOfForm, formAnswer, missing, tokenField } from './token-answer.js';
import type { TokenPost, TokenRequest, TokenResponse } from './types.js';

export interface ConsumerCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

export interface FlowOptions {
  /** Defaults to https://api.x.com; e.g. http://127.0.0.1:4010 for the sandbox. */
  readonly origin?: string | URL;
  readonly signal?: AbortSignal;
  /** For tests: fixed oauth_nonce and oauth_timestamp. */
  readonly nonce?: string;
  readonly timestamp?: number | string;
}

export interface RequestTokenResult {
  /** The request token: put it in the consent URL. */
  readonly token: string;
  /** Keep it until the callback: `client.oauth.accessToken()` needs it. */
  readonly tokenSecret: string;
  readonly callbackConfirmed: true;
}

export interface AccessTokenResult {
  readonly accessToken: string;
  readonly accessTokenSecret: string;
  readonly userId: string;
  readonly screenName: string;
}

const EXPECTED_REQUEST_TOKEN =
  'a form-encoded oauth_token=…&oauth_token_secret=…&oauth_callback_confirmed=true';
const EXPECTED_ACCESS_TOKEN = 'a form-encoded oauth_token=…&oauth_token_secret=…&user_id=…&screen_name=…';

/**
 * Step 1: asks for a request token, signed with the consumer pair only.
 * `callback` is `oob` for PIN mode or a callback URL registered for the app.
 */
export async function requestToken(
  post: TokenPost,
  options: ConsumerCredentials &
    FlowOptions & { readonly callback: string; readonly accessType?: 'read' | 'write' },
): Promise<RequestTokenResult> {
  const owner = 'requestToken';
  const callback = requireText(options.callback, 'callback', owner);
  if (callback !== 'oob' && !isAbsoluteUrl(callback)) {
    throw new InvalidRequestError(
      `${owner} needs "callback" as "oob" (PIN mode) or an absolute URL registered for the app.`,
    );
  }
  const url = urlUnder(resolveOrigin(options.origin ?? X_API_ORIGIN, owner), '/oauth/request_token');
  // X documents x_auth_access_type as a query parameter; it is signed with the rest of the query.
  if (options.accessType !== undefined) url.searchParams.set('x_auth_access_type', options.accessType);
  const consumer = consumerOf(options, owner);
  const response = await signedPost(post, url, consumer, { ...fixedOf(options), callback }, options.signal);

  const form = formAnswer(response);
  const fields = fieldsOfForm(form);
  const token = tokenField(fields, 'oauth_token', url, EXPECTED_REQUEST_TOKEN);
  const tokenSecret = tokenField(fields, 'oauth_token_secret', url, EXPECTED_REQUEST_TOKEN);
  const confirmed = form.get('oauth_callback_confirmed');
  if (confirmed !== 'true') {
    throw new AuthProtocolError(
      // Only the expected words are quoted: anything else the server put there could be a credential.
      `${url.pathname} did not confirm the callback (oauth_callback_confirmed was ` +
        `${confirmed === null ? 'missing' : confirmed === 'false' ? '"false"' : 'something else'}); expected "true". ` +
        'Register the callback URL for the app in the developer portal, or use "oob" for PIN mode.',
      url,
    );
  }
  return { token, tokenSecret, callbackConfirmed: true };
}

export interface AuthorizeUrlOptions {
  /** `/oauth/authenticate` ("Sign in with X": no prompt when already granted) instead of `/oauth/authorize`. */
  readonly authenticate?: boolean;
  /** Makes the user sign in again even when a session exists. */
  readonly forceLogin?: boolean;
  /** Prefills the sign-in form. */
  readonly screenName?: string;
  readonly origin?: string | URL;
}

/** Step 2: the page to send the user to. Never carries oauth_callback (it was given in step 1). */
export function authorizeUrl(token: string, options: AuthorizeUrlOptions = {}): string {
  const owner = 'authorizeUrl';
  const url = urlUnder(
    resolveOrigin(options.origin ?? X_API_ORIGIN, owner),
    options.authenticate ? '/oauth/authenticate' : '/oauth/authorize',
  );
  const query = [`oauth_token=${percentEncode(requireToken(token, 'token', owner))}`];
  if (options.forceLogin) query.push('force_login=true');
  const screenName = optionalText(options.screenName, 'screenName', owner);
  if (screenName !== undefined) query.push(`screen_name=${percentEncode(screenName)}`);
  return `${url.href}?${query.join('&')}`;
}

/**
 * Step 3: trades the request token and the verifier (the callback's oauth_verifier, or the PIN the user
 * typed) for the user's access token. Access tokens do not expire.
 */
export async function accessToken(
  post: TokenPost,
  options: ConsumerCredentials &
    FlowOptions & { readonly token: string; readonly tokenSecret: string; readonly verifier: string },
): Promise<AccessTokenResult> {
  const owner = 'accessToken';
  // A PIN is typed or pasted by a person: surrounding spaces are not part of it.
  const typed = options.verifier;
  const verifier = requireToken(typeof typed === 'string' ? typed.trim() : typed, 'verifier', owner);
  const url = urlUnder(resolveOrigin(options.origin ?? X_API_ORIGIN, owner), '/oauth/access_token');
  const credentials = {
    ...consumerOf(options, owner),
    token: requireToken(options.token, 'token', owner),
    tokenSecret: requireToken(options.tokenSecret, 'tokenSecret', owner),
  };
  const response = await signedPost(
    post,
    url,
    credentials,
    { ...fixedOf(options), verifier },
    options.signal,
  );

  const fields = fieldsOfForm(formAnswer(response));
  return {
    accessToken: tokenField(fields, 'oauth_token', url, EXPECTED_ACCESS_TOKEN),
    accessTokenSecret: tokenField(fields, 'oauth_token_secret', url, EXPECTED_ACCESS_TOKEN),
    userId: plainField(fields, 'user_id', url),
    screenName: plainField(fields, 'screen_name', url),
  };
}

/** Revokes a user's access token (`POST /1.1/oauth/invalidate_token.json`, signed with that token). */
export async function invalidateAccessToken(
  post: TokenPost,
  options: ConsumerCredentials &
    FlowOptions & { readonly accessToken: string; readonly accessTokenSecret: string },
): Promise<void> {
  const owner = 'invalidateAccessToken';
  const url = urlUnder(
    resolveOrigin(options.origin ?? X_API_ORIGIN, owner),
    '/1.1/oauth/invalidate_token.json',
  );
  const credentials = {
    ...consumerOf(options, owner),
    token: requireToken(options.accessToken, 'accessToken', owner),
    tokenSecret: requireToken(options.accessTokenSecret, 'accessTokenSecret', owner),
  };
  await signedPost(post, url, credentials, fixedOf(options), options.signal);
}

async function signedPost(
  post: TokenPost,
  url: URL,
  credentials: OAuth1Credentials,
  signOptions: OAuth1SignOptions,
  signal: AbortSignal | undefined,
): Promise<TokenResponse> {
  // These endpoints take no body; the parameters travel in the signed query and header.
  const form: Record<string, string> = {};
  const { header } = signOAuth1(
    { method: 'POST', url, formParams: Object.entries(form) },
    credentials,
    signOptions,
  );
  const secrets = [credentials.consumerSecret, credentials.tokenSecret ?? ''];
  const request: TokenRequest = { url, form, authorization: header, secrets, ...(signal ? { signal } : {}) };
  return post(request);
}

function consumerOf(options: ConsumerCredentials, owner: string): OAuth1Credentials {
  return {
    consumerKey: requireToken(options.consumerKey, 'consumerKey', owner),
    consumerSecret: requireToken(options.consumerSecret, 'consumerSecret', owner),
  };
}

function fixedOf(options: FlowOptions): OAuth1SignOptions {
  return {
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  };
}

function plainField(fields: ReadonlyMap<string, unknown>, name: string, url: URL): string {
  const value = fields.get(name);
  if (typeof value !== 'string' || value === '') throw missing(name, fields, url, EXPECTED_ACCESS_TOKEN);
  return value;
}

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
