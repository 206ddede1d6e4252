import { afterEach, describe, expect, it } from 'vitest';
import type { OAuth2Tokens } from '../../src/auth/oauth2-flow.js';
import {
  OAuth2UserAuth,
  type OAuth2UserAuthOptions,
  TokenRefreshCallbackError,
} from '../../src/auth/oauth2-user.js';
import { sendWithAuth } from './helpers/send-with-auth.js';
import { TokenEndpointError, tokenPost } from './helpers/token-post.js';
import { type Route, startTokenServer, type TokenServer } from './helpers/token-server.js';

const request = { method: 'GET', url: new URL('http://127.0.0.1/2/users/me'), formParams: [] };
const NOW = 1_700_000_000_000;

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** X's refresh: each refresh token works once and is replaced by the next (A1/R1 → A2/R2 → …). */
function rotatingTokenEndpoint(delayMs = 0): Route {
  let generation = 1;
  return (req) => {
    if (
      req.form.get('grant_type') !== 'refresh_token' ||
      req.form.get('refresh_token') !== `R${generation}`
    ) {
      return {
        status: 400,
        json: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
      };
    }
    generation += 1;
    return {
      json: {
        token_type: 'bearer',
        expires_in: 7200,
        access_token: `A${generation}`,
        scope: 'tweet.read users.read offline.access',
        refresh_token: `R${generation}`,
      },
      delayMs,
    };
  };
}

async function userAuth(routes: Record<string, Route>, options: Partial<OAuth2UserAuthOptions> = {}) {
  server = await startTokenServer(routes);
  return new OAuth2UserAuth({
    clientId: 'client-id',
    accessToken: 'A1',
    refreshToken: 'R1',
    tokenPost,
    origin: server.origin,
    now: () => NOW,
    ...options,
  });
}

describe('OAuth2UserAuth', () => {
  it('sends the access token while it is fresh, without asking the token endpoint', async () => {
    const auth = await userAuth(
      { '/2/oauth2/token': rotatingTokenEndpoint() },
      { expiresAt: NOW + 3_600_000 },
    );
    expect(auth.kind).toBe('oauth2-user');
    expect(await auth.authorize(request)).toBe('Bearer A1');
    expect(server?.hits('/2/oauth2/token')).toBe(0);
  });

  it('refreshes once for many concurrent calls when the token is about to expire, and reports the new tokens', async () => {
    const refreshed: OAuth2Tokens[] = [];
    const auth = await userAuth(
      { '/2/oauth2/token': rotatingTokenEndpoint(40) },
      { expiresAt: new Date(NOW + 30_000), onTokenRefreshed: (tokens) => void refreshed.push(tokens) },
    );
    const headers = await Promise.all(Array.from({ length: 20 }, () => auth.authorize(request)));
    expect(new Set(headers)).toEqual(new Set(['Bearer A2']));
    expect(server?.hits('/2/oauth2/token')).toBe(1);
    const sent = server?.requests[0];
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'R1',
      client_id: 'client-id',
    });
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(refreshed).toEqual([
      {
        accessToken: 'A2',
        refreshToken: 'R2',
        expiresAt: NOW + 7_200_000,
        scope: 'tweet.read users.read offline.access',
      },
    ]);
    expect(auth.tokens).toEqual(refreshed[0]);
  });

  it('uses the rotated refresh token for the next refresh', async () => {
    const auth = await userAuth({ '/2/oauth2/token': rotatingTokenEndpoint() });
    expect((await auth.refresh()).accessToken).toBe('A2');
    expect((await auth.refresh()).accessToken).toBe('A3');
    expect(server?.requests.map((r) => r.form.get('refresh_token'))).toEqual(['R1', 'R2']);
  });

  it('authenticates a confidential client with Basic and leaves client_id out of the body', async () => {
    const auth = await userAuth(
      { '/2/oauth2/token': rotatingTokenEndpoint() },
      { clientSecret: 'client-secret' },
    );
    await auth.refresh();
    const sent = server?.requests[0];
    expect(sent?.headers.authorization).toBe(
      `Basic ${Buffer.from('client-id:client-secret').toString('base64')}`,
    );
    expect(sent?.form.has('client_id')).toBe(false);
  });

  it('refreshes after a 401 and re-sends, with one refresh for concurrent 401s', async () => {
    const auth = await userAuth({
      '/2/oauth2/token': rotatingTokenEndpoint(30),
      '/2/users/me': (req) =>
        req.headers.authorization === 'Bearer A2'
          ? { json: { data: { id: '1', username: 'xapi' } } }
          : {
              status: 401,
              json: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
            },
    });
    const url = new URL(`${server?.origin}/2/users/me`);
    const results = await Promise.all(Array.from({ length: 8 }, () => sendWithAuth(auth, 'GET', url)));
    for (const result of results) expect(result).toMatchObject({ status: 200, attempts: 2 });
    expect(server?.hits('/2/oauth2/token')).toBe(1);
    expect(await auth.recoverFromUnauthorized('Bearer A1')).toBe(true);
    expect(server?.hits('/2/oauth2/token')).toBe(1);
  });

  it('cannot recover without a refresh token, and keeps sending an expired token rather than failing locally', async () => {
    server = await startTokenServer({});
    const auth = new OAuth2UserAuth({
      clientId: 'client-id',
      accessToken: 'A1',
      expiresAt: NOW - 1000,
      tokenPost,
      origin: server.origin,
      now: () => NOW,
    });
    expect(await auth.authorize(request)).toBe('Bearer A1');
    expect(await auth.recoverFromUnauthorized('Bearer A1')).toBe(false);
    expect(server?.requests).toHaveLength(0);
  });

  it('does not remember a failed refresh: the next call tries again', async () => {
    let calls = 0;
    const rotating = rotatingTokenEndpoint();
    const auth = await userAuth(
      { '/2/oauth2/token': (req) => (++calls === 1 ? { status: 503, text: 'busy' } : rotating(req)) },
      { expiresAt: NOW },
    );
    await expect(auth.authorize(request)).rejects.toBeInstanceOf(TokenEndpointError);
    expect(await auth.authorize(request)).toBe('Bearer A2');
    expect(calls).toBe(2);
  });

  it('keeps sending a token that is inside the safety margin but not expired when the early refresh fails', async () => {
    const auth = await userAuth(
      { '/2/oauth2/token': () => ({ status: 503, text: 'busy' }) },
      { expiresAt: NOW + 10_000, refreshMarginMs: 60_000 },
    );
    expect(await auth.authorize(request)).toBe('Bearer A1');
    expect(server?.hits('/2/oauth2/token')).toBe(1);
  });

  it('keeps sending it for every caller that joined the failed early refresh, not only the one that started it', async () => {
    const auth = await userAuth(
      { '/2/oauth2/token': async () => ({ status: 503, text: 'busy', delayMs: 30 }) },
      { expiresAt: NOW + 10_000, refreshMarginMs: 60_000 },
    );
    const headers = await Promise.all([
      auth.authorize(request),
      auth.authorize(request),
      auth.authorize(request),
    ]);
    expect(headers).toEqual(['Bearer A1', 'Bearer A1', 'Bearer A1']);
    expect(server?.hits('/2/oauth2/token')).toBe(1);
  });

  it('fails the triggering request when onTokenRefreshed throws, but keeps the new tokens', async () => {
    const auth = await userAuth(
      { '/2/oauth2/token': rotatingTokenEndpoint() },
      {
        expiresAt: NOW,
        onTokenRefreshed: () => {
          throw new Error('disk full');
        },
      },
    );
    const error = await auth.authorize(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRefreshCallbackError);
    expect((error as Error).message).not.toMatch(/A2|R2/);
    expect(((error as Error).cause as Error).message).toBe('disk full');
    expect(auth.tokens.accessToken).toBe('A2');
  });

  it('rejects a malformed token answer with a message that names what was expected', async () => {
    const auth = await userAuth(
      {
        '/2/oauth2/token': () => ({ json: { token_type: 'bearer', expires_in: 'soon', access_token: 'A9' } }),
      },
      { expiresAt: NOW },
    );
    const error = await auth.authorize(request).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AuthProtocolError');
    expect((error as Error).message).toMatch(/expires_in/);
    expect((error as Error).message).not.toMatch(/A9|R1|A1/);
  });

  it('checks its options', () => {
    const base = { clientId: 'c', accessToken: 'a', tokenPost };
    expect(() => new OAuth2UserAuth({ ...base, accessToken: '' })).toThrow(/accessToken/);
    expect(() => new OAuth2UserAuth({ ...base, expiresAt: new Date('nope') })).toThrow(/expiresAt/);
  });
});
