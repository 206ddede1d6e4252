// twitter-api-v2's own login flows against the sandbox: OAuth 2.0 authorization code with PKCE (its link,
// loginWithOAuth2, refreshOAuth2Token, revokeOAuth2Token) and 3-legged OAuth 1.0a (generateAuthLink, login).
// The user's consent is given by posting the sandbox's authorize form, as a browser would.
import http from 'node:http';
import { ApiResponseError } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { send } from '../sandbox/helpers/http.js';
import { routeToSandbox, sandboxClient } from './twitter-api-v2-wiring.js';

const CALLBACK = 'http://127.0.0.1/callback';

let sb: Sandbox;
let agent: http.Agent;
beforeAll(async () => {
  sb = await startSandbox();
  agent = new http.Agent({ keepAlive: true });
});
afterAll(async () => {
  agent?.destroy();
  await sb?.close();
});

/** Approves an authorize link on the sandbox's consent page and returns where the browser is sent. */
async function approve(link: string): Promise<URL> {
  const url = new URL(link);
  const answer = await send(sb, {
    method: 'POST',
    path: url.pathname,
    form: { ...Object.fromEntries(url.searchParams), approve: '1' },
  });
  expect(answer.status, answer.text).toBe(302);
  return new URL(answer.headers['location'] ?? '');
}

describe('twitter-api-v2 logins against the sandbox', () => {
  it('OAuth 2.0 with PKCE: the link, the code exchange, refresh and revoke', async () => {
    const app = sandboxClient(sb, agent, {
      clientId: sb.credentials.clientId,
      clientSecret: sb.credentials.clientSecret,
    });
    const link = app.generateOAuth2AuthLink(CALLBACK, {
      scope: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'],
    });
    const back = await approve(link.url);
    expect(back.searchParams.get('state')).toBe(link.state);

    const login = await app.loginWithOAuth2({
      code: back.searchParams.get('code') ?? '',
      codeVerifier: link.codeVerifier,
      redirectUri: CALLBACK,
    });
    expect(login.scope.sort()).toEqual(['offline.access', 'tweet.read', 'tweet.write', 'users.read']);
    expect(login.expiresIn).toBe(7200);
    const user = routeToSandbox(login.client, sb.url);
    expect((await user.v2.me()).data.username).toBe('XDevelopers');
    expect((await user.v2.tweet('posted with an OAuth 2.0 user token')).data.id).toMatch(/^\d+$/);

    const refreshed = await app.refreshOAuth2Token(login.refreshToken ?? '');
    expect(refreshed.accessToken).not.toBe(login.accessToken);
    const again = routeToSandbox(refreshed.client, sb.url);
    expect((await again.v2.me()).data.id).toBe(sb.user.id);

    // A refresh token works once; the new one is revoked and then refused too.
    await expect(app.refreshOAuth2Token(login.refreshToken ?? '')).rejects.toMatchObject({ code: 400 });
    await app.revokeOAuth2Token(refreshed.refreshToken ?? '', 'refresh_token');
    await expect(app.refreshOAuth2Token(refreshed.refreshToken ?? '')).rejects.toBeInstanceOf(
      ApiResponseError,
    );
  });

  it('3-legged OAuth 1.0a: the request token, the consent page and the access token', async () => {
    const app = sandboxClient(sb, agent, {
      appKey: sb.credentials.consumerKey,
      appSecret: sb.credentials.consumerSecret,
    });
    const link = await app.generateAuthLink(CALLBACK);
    expect(link.oauth_callback_confirmed).toBe('true');
    const back = await approve(link.url);
    expect(back.searchParams.get('oauth_token')).toBe(link.oauth_token);

    const pending = sandboxClient(sb, agent, {
      appKey: sb.credentials.consumerKey,
      appSecret: sb.credentials.consumerSecret,
      accessToken: link.oauth_token,
      accessSecret: link.oauth_token_secret,
    });
    const login = await pending.login(back.searchParams.get('oauth_verifier') ?? '');
    expect(login).toMatchObject({ userId: sb.user.id, screenName: 'XDevelopers' });
    const user = routeToSandbox(login.client, sb.url);
    expect((await user.v2.me()).data.id).toBe(sb.user.id);
    expect((await user.v1.verifyCredentials()).screen_name).toBe('XDevelopers');
  });

  it('refuses a wrong PKCE verifier with the OAuth 2.0 error the library surfaces', async () => {
    const app = sandboxClient(sb, agent, { clientId: sb.credentials.clientId });
    const link = app.generateOAuth2AuthLink(CALLBACK, { scope: ['users.read'] });
    const back = await approve(link.url);
    const refused = await app
      .loginWithOAuth2({
        code: back.searchParams.get('code') ?? '',
        codeVerifier: 'x'.repeat(43),
        redirectUri: CALLBACK,
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiResponseError);
    expect((refused as ApiResponseError).data).toMatchObject({ error: 'invalid_request' });
  });
});
