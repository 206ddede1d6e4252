// Every authenticator and flow against the peony sandbox: two independent implementations of X's auth must agree.

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppBearerAuth } from '../../src/auth/app-bearer.js';
import {
  accessToken,
  authorizeUrl,
  createPkce,
  exchangeCode,
  invalidateAccessToken,
  oauth2AuthorizeUrl,
  requestToken,
  revokeOAuth2Token,
} from '../../src/auth/flows.js';
import { OAuth1UserAuth } from '../../src/auth/oauth1-user.js';
import type { OAuth2Tokens } from '../../src/auth/oauth2-flow.js';
import { OAuth2UserAuth } from '../../src/auth/oauth2-user.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { sendWithAuth } from './helpers/send-with-auth.js';
import { tokenPost } from './helpers/token-post.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await sandbox?.close();
});

/** The browser step: approve on the consent page's form, as a user would click "Authorize app". */
async function approve(pageUrl: string, fields: Record<string, string> = {}) {
  const page = new URL(pageUrl);
  const response = await request(`${page.origin}${page.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...Object.fromEntries(page.searchParams),
      ...fields,
      approve: '1',
    }).toString(),
  });
  return {
    status: response.statusCode,
    location: response.headers.location,
    html: await response.body.text(),
  };
}

describe('against the sandbox', () => {
  it('OAuth 1.0a PIN dance → user token that works → invalidated token that does not', async () => {
    const { consumerKey, consumerSecret } = sandbox.credentials;
    const origin = sandbox.url;
    const temporary = await requestToken(tokenPost, { consumerKey, consumerSecret, callback: 'oob', origin });
    const { html } = await approve(authorizeUrl(temporary.token, { origin }));
    const pin = /id="oauth_pin">(\d+)</.exec(html)?.[1] ?? '';
    const user = await accessToken(tokenPost, {
      consumerKey,
      consumerSecret,
      ...temporary,
      verifier: pin,
      origin,
    });
    expect(user.screenName).toBe('XDevelopers');

    const auth = new OAuth1UserAuth({ consumerKey, consumerSecret, ...user });
    const me = new URL(`${origin}/1.1/account/verify_credentials.json?skip_status=true`);
    expect((await sendWithAuth(auth, 'GET', me)).status).toBe(200);
    await invalidateAccessToken(tokenPost, { consumerKey, consumerSecret, ...user, origin });
    expect((await sendWithAuth(auth, 'GET', me)).status).toBe(401);
  });

  it('OAuth 1.0a with a registered callback URL', async () => {
    const { consumerKey, consumerSecret } = sandbox.credentials;
    const origin = sandbox.url;
    const temporary = await requestToken(tokenPost, {
      consumerKey,
      consumerSecret,
      callback: 'http://127.0.0.1/callback',
      accessType: 'read',
      origin,
    });
    const { location } = await approve(authorizeUrl(temporary.token, { origin, authenticate: true }));
    const callback = new URL(location as string);
    expect(callback.searchParams.get('oauth_token')).toBe(temporary.token);
    const user = await accessToken(tokenPost, {
      consumerKey,
      consumerSecret,
      ...temporary,
      verifier: callback.searchParams.get('oauth_verifier') ?? '',
      origin,
    });
    expect(user.userId).toBe('2244994945');
  });

  it('app-only bearer: fetched once, and fetched again after another party invalidates it', async () => {
    const { consumerKey, consumerSecret } = sandbox.createApp();
    const auth = new AppBearerAuth({ consumerKey, consumerSecret, tokenPost, origin: sandbox.url });
    const other = new AppBearerAuth({ consumerKey, consumerSecret, tokenPost, origin: sandbox.url });
    const lookup = new URL(`${sandbox.url}/2/users/by/username/XDevelopers`);
    expect((await sendWithAuth(auth, 'GET', lookup)).status).toBe(200);

    await other.authorize({ method: 'GET', url: lookup, formParams: [] });
    await other.invalidate();
    const afterInvalidation = await sendWithAuth(auth, 'GET', lookup);
    expect(afterInvalidation).toMatchObject({ status: 200, attempts: 2 });
  });

  it('OAuth 2.0 PKCE: consent → code → tokens → refresh on expiry (rotated) → revoke', async () => {
    const { clientId } = sandbox.credentials;
    const origin = sandbox.url;
    const redirectUri = 'http://127.0.0.1/callback';
    const pkce = createPkce();
    const consent = oauth2AuthorizeUrl({
      clientId,
      redirectUri,
      scopes: ['tweet.read', 'users.read', 'offline.access'],
      state: pkce.state,
      codeChallenge: pkce.codeChallenge,
      origin,
    });
    expect(consent.startsWith(`${origin}/i/oauth2/authorize?`)).toBe(true);
    const callback = new URL((await approve(consent)).location as string);
    expect(callback.searchParams.get('state')).toBe(pkce.state);
    const tokens = await exchangeCode(tokenPost, {
      clientId,
      code: callback.searchParams.get('code') ?? '',
      codeVerifier: pkce.codeVerifier,
      redirectUri,
      origin,
    });
    expect(tokens.refreshToken).toBeDefined();

    const stored: OAuth2Tokens[] = [];
    const auth = new OAuth2UserAuth({
      clientId,
      ...tokens,
      expiresAt: Date.now() - 1,
      tokenPost,
      origin,
      onTokenRefreshed: (fresh) => void stored.push(fresh),
    });
    const me = new URL(`${origin}/2/users/me`);
    expect((await sendWithAuth(auth, 'GET', me)).status).toBe(200);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.refreshToken).not.toBe(tokens.refreshToken);

    await revokeOAuth2Token(tokenPost, { clientId, token: stored[0]?.accessToken ?? '', origin });
    const revoked = await sendWithAuth(auth, 'GET', me);
    // The access token is gone; the rotated refresh token still renews it.
    expect(revoked).toMatchObject({ status: 200, attempts: 2 });
    expect(stored).toHaveLength(2);
  });
});
