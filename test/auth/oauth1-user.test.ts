import { afterEach, describe, expect, it } from 'vitest';
import { OAuth1UserAuth } from '../../src/auth/oauth1-user.js';
import type { Authenticator } from '../../src/auth/types.js';
import { hasValidSignature, parseOAuthHeader } from './helpers/oauth1-verifier.js';
import { sendWithAuth } from './helpers/send-with-auth.js';
import { startTokenServer, type TokenServer } from './helpers/token-server.js';

const credentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  accessToken: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('OAuth1UserAuth', () => {
  it("produces X's documented header with the documented nonce and timestamp", async () => {
    const auth: Authenticator = new OAuth1UserAuth({
      ...credentials,
      nonce: () => 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
      timestamp: () => 1318622958,
    });
    expect(auth.kind).toBe('oauth1-user');
    const header = await auth.authorize({
      method: 'POST',
      url: new URL('https://api.x.com/1.1/statuses/update.json?include_entities=true'),
      formParams: [['status', 'Hello Ladies + Gentlemen, a signed OAuth request!']],
    });
    expect(header).toContain('oauth_signature="Ls93hJiZbQ3akF3HF3x1Bz8%2FzU4%3D"');
    expect(auth.recoverFromUnauthorized).toBeUndefined();
  });

  it('signs each request with a fresh nonce and a current timestamp, which an independent verifier accepts', async () => {
    server = await startTokenServer({
      '/1.1/account/verify_credentials.json': (req) =>
        hasValidSignature(
          req,
          server?.origin ?? '',
          credentials.consumerSecret,
          credentials.accessTokenSecret,
        )
          ? { json: { id_str: '370773112' } }
          : { status: 401, json: { errors: [{ code: 32, message: 'Could not authenticate you.' }] } },
    });
    const auth = new OAuth1UserAuth(credentials);
    const url = new URL(
      `${server.origin}/1.1/account/verify_credentials.json?include_email=true&skip_status=1`,
    );
    expect((await sendWithAuth(auth, 'GET', url)).status).toBe(200);
    expect((await sendWithAuth(auth, 'GET', url)).status).toBe(200);
    const [first, second] = (server.requests ?? []).map((r) => parseOAuthHeader(r.headers.authorization));
    expect(first?.get('oauth_nonce')).not.toBe(second?.get('oauth_nonce'));
    expect(Math.abs(Number(first?.get('oauth_timestamp')) - Date.now() / 1000)).toBeLessThan(5);
    expect(first?.get('oauth_token')).toBe(credentials.accessToken);
    const wrongSecret = new OAuth1UserAuth({ ...credentials, accessTokenSecret: 'not-the-secret' });
    expect((await sendWithAuth(wrongSecret, 'GET', url)).status).toBe(401);
  });

  it('refuses incomplete or mangled credentials with the name of the field only', () => {
    expect(() => new OAuth1UserAuth({ ...credentials, accessTokenSecret: '' })).toThrow(/accessTokenSecret/);
    const error = (() => {
      try {
        new OAuth1UserAuth({ ...credentials, consumerSecret: `${credentials.consumerSecret}\n` });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/consumerSecret/);
    expect(error?.message).not.toContain(credentials.consumerSecret);
  });
});
