// Token single-flight and recovery, counted on a scripted token server.

import { describe, expect, it } from 'vitest';
import { PeonyClient, UnauthorizedError } from '../../src/index.js';
import { startTestServer } from '../helpers/test-server.js';

describe('app-only bearer', () => {
  it('fetches the token once under concurrent first calls, and once again after a 401', async () => {
    let issued = 0;
    let valid = 'token-1';
    const server = await startTestServer(async (req) => {
      if (req.path === '/oauth2/token') {
        issued++;
        await new Promise((r) => setTimeout(r, 50));
        expect(req.headers.authorization).toBe(`Basic ${Buffer.from('key:secret').toString('base64')}`);
        expect(req.text).toBe('grant_type=client_credentials');
        return { json: { token_type: 'bearer', access_token: valid } };
      }
      if (req.headers.authorization !== `Bearer ${valid}`) {
        return { status: 401, json: { errors: [{ code: 89, message: 'Invalid or expired token.' }] } };
      }
      return { json: { data: { ok: true } } };
    });
    await using client = new PeonyClient({
      consumerKey: 'key',
      consumerSecret: 'secret',
      baseUrl: server.url,
    });
    await Promise.all(Array.from({ length: 10 }, () => client.v2.tweets('1').get()));
    expect(issued).toBe(1);
    valid = 'token-2';
    await Promise.all(Array.from({ length: 5 }, () => client.v2.tweets('1').get()));
    expect(issued).toBe(2);
    await server.close();
  });

  it('does not loop when the new token is refused too', async () => {
    let issued = 0;
    const server = await startTestServer((req) => {
      if (req.path === '/oauth2/token') {
        issued++;
        return { json: { token_type: 'bearer', access_token: `t${issued}` } };
      }
      return { status: 401, json: { errors: [{ code: 89, message: 'Invalid or expired token.' }] } };
    });
    await using client = new PeonyClient({
      consumerKey: 'key',
      consumerSecret: 'secret',
      baseUrl: server.url,
      retry: false,
    });
    const error = await client.v2
      .tweets('1')
      .get()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(issued).toBe(2);
    expect(server.requests.filter((r) => r.path === '/2/tweets/1')).toHaveLength(2);
    await server.close();
  });
});

describe('OAuth 2.0 user token', () => {
  it('refreshes before use when expired, once for concurrent calls, and hands the new pair to the callback', async () => {
    let refreshes = 0;
    const server = await startTestServer(async (req) => {
      if (req.path === '/2/oauth2/token') {
        refreshes++;
        const form = new URLSearchParams(req.text);
        expect(form.get('grant_type')).toBe('refresh_token');
        expect(form.get('refresh_token')).toBe('refresh-1');
        expect(form.get('client_id')).toBe('client');
        await new Promise((r) => setTimeout(r, 30));
        return {
          json: {
            token_type: 'bearer',
            expires_in: 7200,
            access_token: 'access-2',
            refresh_token: 'refresh-2',
            scope: 'tweet.read',
          },
        };
      }
      return req.headers.authorization === 'Bearer access-2'
        ? { json: { data: { id: '1', name: 'n', username: 'u' } } }
        : {
            status: 401,
            json: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
          };
    });
    const stored: string[] = [];
    await using client = new PeonyClient({
      baseUrl: server.url,
      oauth2: {
        clientId: 'client',
        accessToken: 'access-1',
        refreshToken: 'refresh-1',
        expiresAt: Date.now() - 1_000,
        onTokenRefreshed: (tokens) => {
          stored.push(`${tokens.accessToken}/${tokens.refreshToken}`);
        },
      },
    });
    const users = await Promise.all([client.me(), client.me(), client.me()]);
    expect(users.map((u) => u.id)).toEqual(['1', '1', '1']);
    expect(refreshes).toBe(1);
    expect(stored).toEqual(['access-2/refresh-2']);
    // The expired token was never sent.
    expect(server.requests.some((r) => r.headers.authorization === 'Bearer access-1')).toBe(false);
    await server.close();
  });
});

describe('a base URL with a path prefix', () => {
  it('sends the token requests and the API calls under the same prefix', async () => {
    const server = await startTestServer((req) =>
      req.path === '/x-proxy/oauth2/token'
        ? { json: { token_type: 'bearer', access_token: 'prefixed' } }
        : { json: { data: { id: '1' } } },
    );
    await using client = new PeonyClient({
      consumerKey: 'key',
      consumerSecret: 'secret',
      baseUrl: `${server.url}/x-proxy`,
    });
    await client.v2.tweets('1').get();
    expect(server.requests.map((r) => r.path)).toEqual(['/x-proxy/oauth2/token', '/x-proxy/2/tweets/1']);
    expect(server.requests[1]?.headers.authorization).toBe('Bearer prefixed');
    expect(client.oauth.authorizeUrl('tok')).toBe(`${server.url}/x-proxy/oauth/authorize?oauth_token=tok`);
    await server.close();
  });
});
