import { afterEach, describe, expect, it } from 'vitest';
import { AuthProtocolError } from '../../src/auth/errors.js';
import {
  createPkce,
  exchangeCode,
  oauth2AuthorizeUrl,
  pkceChallenge,
  refreshOAuth2Token,
  revokeOAuth2Token,
} from '../../src/auth/flows.js';
import { InvalidRequestError } from '../../src/http/errors.js';
import { countingTokenPost, tokenPost } from './helpers/token-post.js';
import { type Route, startTokenServer, type TokenServer } from './helpers/token-server.js';

const NOW = 1_700_000_000_000;
const client = {
  clientId: 'M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ',
  redirectUri: 'https://app.example/callback',
};
const tokenAnswer = {
  token_type: 'bearer',
  expires_in: 7200,
  access_token: 'VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPWGxNd2NPOjE2MjIxNjA4MjM4NzU6MToxOmF0OjE',
  scope: 'tweet.read users.read offline.access',
  refresh_token:
    'bWRWa3gzdnk3WHRGU1o0bmRRcTJ5VUxWX1lZTDdJSUtmaWcxbTVxdEFXcW5tOjE2MjIxNjA4MjM4NzU6MToxOnJ0OjE',
};

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function endpoints(routes: Record<string, Route>) {
  server = await startTokenServer(routes);
  return server.origin;
}

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates a random verifier of legal length and alphabet, its challenge and a random state', () => {
    const a = createPkce();
    const b = createPkce();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(a.codeChallenge).toBe(pkceChallenge(a.codeVerifier));
    expect(a.codeChallengeMethod).toBe('S256');
    expect(a.state.length).toBeGreaterThanOrEqual(22);
    expect(b.codeVerifier).not.toBe(a.codeVerifier);
    expect(b.state).not.toBe(a.state);
  });

  it('builds the consent URL on x.com for X, with the scopes joined by %20', () => {
    const url = oauth2AuthorizeUrl({
      ...client,
      scopes: ['tweet.read', 'users.read', 'offline.access'],
      state: 'state-123',
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    });
    expect(url).toBe(
      'https://x.com/i/oauth2/authorize?response_type=code&client_id=M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ' +
        '&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback&scope=tweet.read%20users.read%20offline.access' +
        '&state=state-123&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256',
    );
  });

  it('puts the consent page on a custom origin, or where authorizeOrigin says', () => {
    const base = { ...client, scopes: 'tweet.read users.read', state: 's', codeChallenge: 'c' };
    const sandbox = new URL(oauth2AuthorizeUrl({ ...base, origin: 'http://127.0.0.1:4010' }));
    expect(`${sandbox.origin}${sandbox.pathname}`).toBe('http://127.0.0.1:4010/i/oauth2/authorize');
    expect(sandbox.searchParams.get('scope')).toBe('tweet.read users.read');
    const custom = new URL(oauth2AuthorizeUrl({ ...base, authorizeOrigin: 'https://twitter.com' }));
    expect(custom.origin).toBe('https://twitter.com');
  });

  it('refuses a state over 500 characters and an empty scope list', () => {
    const base = { ...client, scopes: ['tweet.read'], state: 's', codeChallenge: 'c' };
    expect(() => oauth2AuthorizeUrl({ ...base, state: 'x'.repeat(501) })).toThrow(/500/);
    expect(() => oauth2AuthorizeUrl({ ...base, scopes: [] })).toThrow(/scope/);
  });

  it('refuses a redirect URI that is not an absolute URL, and takes an app scheme', () => {
    const base = { ...client, scopes: ['tweet.read'], state: 's', codeChallenge: 'c' };
    for (const redirectUri of ['callback', '/callback', 'example.com/callback']) {
      const build = () => oauth2AuthorizeUrl({ ...base, redirectUri });
      expect(build).toThrow(InvalidRequestError);
      expect(build).toThrow(`"redirectUri" must be an absolute URL, exactly as registered for the app`);
      expect(build).toThrow(`got "${redirectUri}"`);
    }
    const link = new URL(oauth2AuthorizeUrl({ ...base, redirectUri: 'myapp://callback' }));
    expect(link.searchParams.get('redirect_uri')).toBe('myapp://callback');
  });
});

describe('OAuth 2.0 token endpoint', () => {
  it('exchanges a code as a public client and computes expiresAt', async () => {
    const origin = await endpoints({ '/2/oauth2/token': () => ({ json: tokenAnswer }) });
    const tokens = await exchangeCode(tokenPost, {
      ...client,
      code: 'VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPWGxNd2NPOjE2MjIxNjA4MjM4NzU6MToxOmFjOjE',
      codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      origin,
      now: () => NOW,
    });
    expect(tokens).toEqual({
      accessToken: tokenAnswer.access_token,
      refreshToken: tokenAnswer.refresh_token,
      expiresAt: NOW + 7_200_000,
      scope: tokenAnswer.scope,
    });
    const sent = server?.requests[0];
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({
      code: 'VGNibzFWSWREZm01bjN1N3dicWlNUG1oa2xRRVNNdmVHelJGY2hPWGxNd2NPOjE2MjIxNjA4MjM4NzU6MToxOmFjOjE',
      grant_type: 'authorization_code',
      redirect_uri: client.redirectUri,
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      client_id: client.clientId,
    });
  });

  it('exchanges a code as a confidential client with Basic and no client_id in the body', async () => {
    const origin = await endpoints({ '/2/oauth2/token': () => ({ json: tokenAnswer }) });
    await exchangeCode(tokenPost, {
      ...client,
      clientSecret: 'shh-secret',
      code: 'c0de',
      codeVerifier: 'v',
      origin,
    });
    const sent = server?.requests[0];
    expect(sent?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${client.clientId}:shh-secret`).toString('base64')}`,
    );
    expect(sent?.form.has('client_id')).toBe(false);
  });

  it('refreshes with grant_type=refresh_token and keeps tokens without expiry or refresh token as such', async () => {
    const origin = await endpoints({
      '/2/oauth2/token': () => ({ json: { token_type: 'bearer', access_token: 'NEW-ACCESS' } }),
    });
    const tokens = await refreshOAuth2Token(tokenPost, {
      clientId: client.clientId,
      refreshToken: 'OLD-REFRESH',
      origin,
    });
    expect(tokens).toEqual({ accessToken: 'NEW-ACCESS' });
    expect(Object.fromEntries(server?.requests[0]?.form ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'OLD-REFRESH',
      client_id: client.clientId,
    });
  });

  it('revokes a token with token, token_type_hint and client_id', async () => {
    const origin = await endpoints({ '/2/oauth2/revoke': () => ({ json: { revoked: true } }) });
    await revokeOAuth2Token(tokenPost, {
      clientId: client.clientId,
      token: 'TOKEN-TO-REVOKE',
      tokenTypeHint: 'refresh_token',
      origin,
    });
    expect(Object.fromEntries(server?.requests[0]?.form ?? [])).toEqual({
      token: 'TOKEN-TO-REVOKE',
      token_type_hint: 'refresh_token',
      client_id: client.clientId,
    });
  });

  it.each([
    [
      'HTML instead of JSON',
      { text: `<html>${tokenAnswer.access_token}</html>`, contentType: 'text/html' },
      /not JSON.*"text\/html"/,
    ],
    ['a JSON array', { json: [tokenAnswer.access_token] }, /not an object/],
    [
      'no access_token',
      { json: { token_type: 'bearer', refresh_token: tokenAnswer.refresh_token } },
      /"access_token".*"refresh_token"/,
    ],
    ['a non-bearer token_type', { json: { ...tokenAnswer, token_type: 'mac' } }, /bearer/],
    ['a negative expires_in', { json: { ...tokenAnswer, expires_in: -5 } }, /expires_in/],
  ])('refuses an answer with %s, saying what was expected, quoting no token', async (_, reply, pattern) => {
    const origin = await endpoints({ '/2/oauth2/token': () => reply });
    const error = await exchangeCode(tokenPost, { ...client, code: 'c', codeVerifier: 'v', origin }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthProtocolError);
    const message = (error as Error).message;
    expect(message).toMatch(pattern);
    expect(message).toContain('expected');
    expect(message).not.toContain(tokenAnswer.access_token);
    expect(message).not.toContain(tokenAnswer.refresh_token);
  });

  it('checks its input before sending anything', async () => {
    const { post, calls } = countingTokenPost();
    await expect(exchangeCode(post, { ...client, code: '', codeVerifier: 'v' })).rejects.toThrow(/"code"/);
    await expect(
      exchangeCode(post, { ...client, redirectUri: 'callback', code: 'c', codeVerifier: 'v' }),
    ).rejects.toThrow(InvalidRequestError);
    await expect(refreshOAuth2Token(post, { clientId: '', refreshToken: 'r' })).rejects.toThrow(/clientId/);
    await expect(revokeOAuth2Token(post, { clientId: 'c', token: 'r', origin: 'not a url' })).rejects.toThrow(
      /origin/,
    );
    expect(calls()).toBe(0);
  });
});
