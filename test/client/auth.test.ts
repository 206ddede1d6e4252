// Every way of authenticating, end to end through PeonyClient against the sandbox.

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuth2Tokens } from '../../src/entry/types.js';
import { AuthenticationError, ForbiddenError, PeonyClient, UnauthorizedError } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

const caught = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => undefined,
    (e: unknown) => e,
  );

/** Plays the user at the consent page: posts the approve form and returns the redirect or the page. */
async function approve(url: string, fields: Record<string, string>) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, approve: '1' }).toString(),
  });
  const text = await response.body.text();
  return { status: response.statusCode, location: response.headers.location as string | undefined, text };
}

describe('OAuth 1.0a user context', () => {
  it('signs requests the sandbox accepts: v1.1 form POST, v2 JSON POST, GET with a query', async () => {
    await using client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
    expect(client.authKind).toBe('oauth1-user');
    const status = (await client.api.statuses.update.post({
      status: 'signed ✓ with "quotes" & symbols!*',
    })) as {
      id_str: string;
      text: string;
    };
    // X (and so the sandbox) sends `&`, `<` and `>` back HTML-escaped; the rest arrives as signed.
    expect(status.text).toBe('signed ✓ with "quotes" &amp; symbols!*');
    const shown = (await client.api.statuses.show.get({ id: status.id_str, include_entities: true })) as {
      id_str: string;
    };
    expect(shown.id_str).toBe(status.id_str);
    const tweet = await client.tweet('a v2 post, JSON body unsigned');
    expect(tweet.text).toBe('a v2 post, JSON body unsigned');
    expect((await client.me()).id).toBe(sandbox.user.id);
  });

  it('turns a wrong secret into an AuthenticationError with X’s code 32', async () => {
    await using client = new PeonyClient({
      ...sandbox.credentials,
      accessTokenSecret: 'wrong-secret',
      baseUrl: sandbox.url,
    });
    const error = await caught(client.api.account.verify_credentials.get());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).codes).toEqual([32]);
    expect(JSON.stringify(error)).not.toContain('wrong-secret');
    // v2 answers the same failure with a problem, not a code.
    const v2 = await caught(client.me());
    expect(v2).toBeInstanceOf(UnauthorizedError);
    expect((v2 as UnauthorizedError).problem?.title).toBe('Unauthorized');
  });

  it('refuses an incomplete credential set at construction, naming what is missing', () => {
    expect(() => new PeonyClient({ consumerKey: 'k', consumerSecret: 's', accessToken: 't' })).toThrow(
      /missing: accessTokenSecret/,
    );
    expect(() => new PeonyClient({ consumerKey: 'k' })).toThrow(/consumerSecret is missing/);
    expect(() => new PeonyClient({ bearerToken: 'b', baseUrl: 'not a url' })).toThrow(/not an http\(s\) URL/);
    expect(() => new PeonyClient({ bearerToken: 'b', baseUrl: 'localhost:4010' })).toThrow(
      /not an http\(s\) URL/,
    );
    expect(() => new PeonyClient({ bearerToken: 'b', timeout: 0 })).toThrow(
      /positive number of milliseconds/,
    );
    expect(() => new PeonyClient({})).toThrow(/needs credentials/);
    expect(() => new PeonyClient({ clientId: 'only-the-dance' })).not.toThrow();
  });
});

describe('app-only bearer', () => {
  it('fetches the bearer from /oauth2/token, uses it, and fetches a new one after invalidation', async () => {
    // An app of its own: invalidating the default app's bearer would break the other tests.
    const { consumerKey, consumerSecret } = sandbox.createApp();
    await using client = new PeonyClient({ consumerKey, consumerSecret, baseUrl: sandbox.url });
    expect(client.authKind).toBe('app-bearer');
    await using poster = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
    const tweet = await poster.tweet('readable app-only');
    const [a, b] = await Promise.all([client.getTweet(tweet.id), client.getTweet(tweet.id)]);
    expect(a.data.text).toBe('readable app-only');
    expect(b.data.id).toBe(tweet.id);
    await client.invalidateBearerToken();
    expect((await client.getTweet(tweet.id)).data.id).toBe(tweet.id);
  });

  it('is refused on user-only endpoints', async () => {
    await using client = new PeonyClient({
      bearerToken: sandbox.credentials.bearerToken,
      baseUrl: sandbox.url,
    });
    const error = await caught(client.me());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).problem?.problemType).toBe('unsupported-authentication');
    const v1 = await caught(client.api.account.verify_credentials.get());
    expect((v1 as ForbiddenError).codes).toEqual([220]);
  });

  it('rejects a bad static bearer with 401', async () => {
    await using client = new PeonyClient({ bearerToken: 'AAAA-not-a-token', baseUrl: sandbox.url });
    expect(await caught(client.getTweet('1'))).toBeInstanceOf(UnauthorizedError);
  });
});

describe('the 3-legged OAuth 1.0a dance', () => {
  it('request token (oob) → consent page → PIN → access token that works', async () => {
    const { consumerKey, consumerSecret } = sandbox.credentials;
    await using app = new PeonyClient({ consumerKey, consumerSecret, baseUrl: sandbox.url });
    const requestToken = await app.oauth.requestToken({ callback: 'oob' });
    expect(requestToken.callbackConfirmed).toBe(true);
    const page = app.oauth.authorizeUrl(requestToken.token);
    expect(page).toBe(`${sandbox.url}/oauth/authorize?oauth_token=${requestToken.token}`);
    const consent = await approve(page.split('?')[0] as string, { oauth_token: requestToken.token });
    const pin = /id="oauth_pin">(\d{7})</.exec(consent.text)?.[1];
    expect(pin).toMatch(/^\d{7}$/);
    const access = await app.oauth.accessToken({ ...requestToken, verifier: pin as string });
    expect(access.userId).toBe(sandbox.user.id);
    await using user = new PeonyClient({
      consumerKey,
      consumerSecret,
      accessToken: access.accessToken,
      accessTokenSecret: access.accessTokenSecret,
      baseUrl: sandbox.url,
    });
    expect((await user.me()).id).toBe(access.userId);
    // A verifier is single use.
    expect(await caught(app.oauth.accessToken({ ...requestToken, verifier: pin as string }))).toBeInstanceOf(
      Error,
    );
    // Invalidated tokens stop working with code 89.
    await app.oauth.invalidateAccessToken(access);
    const error = await caught(user.api.account.verify_credentials.get());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).codes).toEqual([89]);
  });

  it('redirects to the callback with the verifier', async () => {
    const { consumerKey, consumerSecret } = sandbox.credentials;
    await using app = new PeonyClient({ consumerKey, consumerSecret, baseUrl: sandbox.url });
    const requestToken = await app.oauth.requestToken({ callback: 'http://127.0.0.1/callback' });
    const consent = await approve(`${sandbox.url}/oauth/authorize`, { oauth_token: requestToken.token });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.location as string);
    expect(callback.searchParams.get('oauth_token')).toBe(requestToken.token);
    const access = await app.oauth.accessToken({
      ...requestToken,
      verifier: callback.searchParams.get('oauth_verifier') as string,
    });
    expect(access.screenName).toBe(sandbox.user.username);
  });
});

describe('OAuth 2.0 Authorization Code with PKCE', () => {
  async function authorize(app: PeonyClient, scopes: string[]) {
    const pkce = app.oauth.createPkce();
    const redirectUri = 'http://127.0.0.1/callback';
    const url = new URL(
      app.oauth.oauth2AuthorizeUrl({
        redirectUri,
        scopes,
        state: pkce.state,
        codeChallenge: pkce.codeChallenge,
      }),
    );
    expect(url.origin + url.pathname).toBe(`${sandbox.url}/i/oauth2/authorize`);
    const consent = await approve(url.origin + url.pathname, Object.fromEntries(url.searchParams));
    const callback = new URL(consent.location as string);
    expect(callback.searchParams.get('state')).toBe(pkce.state);
    return { code: callback.searchParams.get('code') as string, pkce, redirectUri };
  }

  it('exchanges the code, uses the token, refreshes it on a 401 and reports the rotated pair', async () => {
    await using app = new PeonyClient({ clientId: sandbox.credentials.clientId, baseUrl: sandbox.url });
    const { code, pkce, redirectUri } = await authorize(app, [
      'tweet.read',
      'tweet.write',
      'users.read',
      'offline.access',
    ]);
    const tokens = await app.oauth.exchangeCode({ code, codeVerifier: pkce.codeVerifier, redirectUri });
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.scope).toContain('tweet.write');

    const refreshed: OAuth2Tokens[] = [];
    await using user = new PeonyClient({
      baseUrl: sandbox.url,
      oauth2: {
        clientId: sandbox.credentials.clientId,
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        onTokenRefreshed: (t) => {
          refreshed.push(t);
        },
      },
    });
    expect(user.authKind).toBe('oauth2-user');
    expect((await user.tweet('posted with OAuth 2.0')).text).toBe('posted with OAuth 2.0');
    // Revoking the access token makes the next call a 401; the client refreshes once and goes on.
    await app.oauth.revokeOAuth2Token({ token: tokens.accessToken });
    expect((await user.me()).id).toBe(sandbox.user.id);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]?.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('refuses a wrong verifier', async () => {
    await using app = new PeonyClient({ clientId: sandbox.credentials.clientId, baseUrl: sandbox.url });
    const { code, redirectUri } = await authorize(app, ['tweet.read', 'users.read']);
    const error = await caught(app.oauth.exchangeCode({ code, codeVerifier: 'x'.repeat(64), redirectUri }));
    expect(error).toBeInstanceOf(Error);
    expect((error as { status?: number }).status).toBe(400);
  });
});
