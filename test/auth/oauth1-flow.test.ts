import { afterEach, describe, expect, it } from 'vitest';
import { AuthProtocolError } from '../../src/auth/errors.js';
import { accessToken, authorizeUrl, invalidateAccessToken, requestToken } from '../../src/auth/flows.js';
import { OAuth1UserAuth } from '../../src/auth/oauth1-user.js';
import { InvalidRequestError } from '../../src/http/errors.js';
import { hasValidSignature, parseOAuthHeader } from './helpers/oauth1-verifier.js';
import { sendWithAuth } from './helpers/send-with-auth.js';
import { countingTokenPost, TokenEndpointError, tokenPost } from './helpers/token-post.js';
import {
  type RecordedRequest,
  type Route,
  startTokenServer,
  type TokenServer,
} from './helpers/token-server.js';

const consumer = {
  consumerKey: 'cChZNFj6T5R0TigYB9yd1w',
  consumerSecret: 'L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg',
};
const requestTokenPair = {
  token: 'NPcudxy0yU5T3tBzho7iCotZ3cnetKwcTIRlX0iwRl0',
  secret: 'veNRnAWe6inFuo8o2u8SLLZLjolYDmDP7SzL0YfYI',
};
const userPair = {
  token: '7588892-kagSNqWge8gB1WwE3plnFsJHAZVfxWD7Vb57p0b4',
  secret: 'PbKfYqSryyeKDWz4ebtY3o5ogNLG11WJuZBc9fQrQo',
};
const PIN = '2314964';

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function signedBy(req: RecordedRequest, tokenSecret: string): boolean {
  return hasValidSignature(req, server?.origin ?? '', consumer.consumerSecret, tokenSecret);
}

const unauthorized = {
  status: 401,
  json: { errors: [{ code: 32, message: 'Could not authenticate you.' }] },
};

/** X's three token endpoints and one user endpoint, strict about signatures, tokens and the verifier. */
const xRoutes: Record<string, Route> = {
  '/oauth/request_token': (req) => {
    const oauth = parseOAuthHeader(req.headers.authorization);
    if (!signedBy(req, '') || oauth.has('oauth_token') || !oauth.get('oauth_callback')) return unauthorized;
    return {
      text: `oauth_token=${requestTokenPair.token}&oauth_token_secret=${requestTokenPair.secret}&oauth_callback_confirmed=true`,
      contentType: 'text/html; charset=utf-8',
    };
  },
  '/oauth/access_token': (req) => {
    const oauth = parseOAuthHeader(req.headers.authorization);
    if (!signedBy(req, requestTokenPair.secret) || oauth.get('oauth_token') !== requestTokenPair.token) {
      return unauthorized;
    }
    if (oauth.get('oauth_verifier') !== PIN) return unauthorized;
    return {
      text: `oauth_token=${userPair.token}&oauth_token_secret=${userPair.secret}&user_id=7588892&screen_name=xapi`,
    };
  },
  '/1.1/oauth/invalidate_token.json': (req) =>
    signedBy(req, userPair.secret) ? { json: { access_token: 'ACCESS_TOKEN' } } : unauthorized,
  '/1.1/account/verify_credentials.json': (req) =>
    signedBy(req, userPair.secret) ? { json: { id_str: '7588892', screen_name: 'xapi' } } : unauthorized,
};

describe('3-legged OAuth 1.0a', () => {
  it('runs the PIN dance end to end, and the tokens it yields sign API calls', async () => {
    server = await startTokenServer(xRoutes);
    const origin = server.origin;
    const temporary = await requestToken(tokenPost, { ...consumer, callback: 'oob', origin });
    expect(temporary).toEqual({
      token: requestTokenPair.token,
      tokenSecret: requestTokenPair.secret,
      callbackConfirmed: true,
    });
    expect(authorizeUrl(temporary.token, { origin })).toBe(
      `${origin}/oauth/authorize?oauth_token=${temporary.token}`,
    );

    const user = await accessToken(tokenPost, {
      ...consumer,
      token: temporary.token,
      tokenSecret: temporary.tokenSecret,
      verifier: ` ${PIN}\n`,
      origin,
    });
    expect(user).toEqual({
      accessToken: userPair.token,
      accessTokenSecret: userPair.secret,
      userId: '7588892',
      screenName: 'xapi',
    });

    const auth = new OAuth1UserAuth({
      ...consumer,
      accessToken: user.accessToken,
      accessTokenSecret: user.accessTokenSecret,
    });
    const me = await sendWithAuth(auth, 'GET', new URL(`${origin}/1.1/account/verify_credentials.json`));
    expect(me.status).toBe(200);

    await invalidateAccessToken(tokenPost, { ...consumer, ...user, origin });
    expect(server.hits('/1.1/oauth/invalidate_token.json')).toBe(1);
    expect(server.requests.at(-1)?.method).toBe('POST');
  });

  it('sends oauth_callback in the signed header and x_auth_access_type in the signed query', async () => {
    server = await startTokenServer(xRoutes);
    await requestToken(tokenPost, {
      ...consumer,
      callback: 'https://app.example/callback?from=x',
      accessType: 'read',
      origin: server.origin,
    });
    const sent = server.requests[0];
    expect(parseOAuthHeader(sent?.headers.authorization).get('oauth_callback')).toBe(
      'https://app.example/callback?from=x',
    );
    expect(sent?.url.searchParams.get('x_auth_access_type')).toBe('read');
    expect(sent?.body).toBe('');
  });

  it('refuses an answer that does not confirm the callback, with advice and without the tokens', async () => {
    server = await startTokenServer({
      '/oauth/request_token': () => ({
        text: `oauth_token=${requestTokenPair.token}&oauth_token_secret=${requestTokenPair.secret}&oauth_callback_confirmed=false`,
      }),
    });
    const error = await requestToken(tokenPost, {
      ...consumer,
      callback: 'oob',
      origin: server.origin,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthProtocolError);
    const message = (error as Error).message;
    expect(message).toMatch(/oauth_callback_confirmed.*"false".*Register the callback URL/s);
    expect(message).not.toContain(requestTokenPair.token);
    expect(message).not.toContain(requestTokenPair.secret);
  });

  it('refuses an access_token answer without the user, naming the missing field only', async () => {
    server = await startTokenServer({
      '/oauth/access_token': () => ({
        text: `oauth_token=${userPair.token}&oauth_token_secret=${userPair.secret}`,
      }),
    });
    const error = await accessToken(tokenPost, {
      ...consumer,
      token: requestTokenPair.token,
      tokenSecret: requestTokenPair.secret,
      verifier: PIN,
      origin: server.origin,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthProtocolError);
    const message = (error as Error).message;
    expect(message).toMatch(/"user_id".*fields present: "oauth_token", "oauth_token_secret"/);
    expect(message).not.toContain(userPair.token);
    expect(message).not.toContain(userPair.secret);
  });

  it('does not list unknown keys of a junk answer (a bare token would parse as a key)', async () => {
    server = await startTokenServer({ '/oauth/request_token': () => ({ text: requestTokenPair.secret }) });
    const error = await requestToken(tokenPost, {
      ...consumer,
      callback: 'oob',
      origin: server.origin,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/"oauth_token".*1 other/);
    expect((error as Error).message).not.toContain(requestTokenPair.secret);
  });

  it('passes the endpoint’s refusal through as the pipeline’s error (a wrong PIN)', async () => {
    server = await startTokenServer(xRoutes);
    const attempt = accessToken(tokenPost, {
      ...consumer,
      token: requestTokenPair.token,
      tokenSecret: requestTokenPair.secret,
      verifier: '0000000',
      origin: server.origin,
    });
    await expect(attempt).rejects.toBeInstanceOf(TokenEndpointError);
  });

  it('checks its input before sending anything, without echoing secrets', async () => {
    const { post, calls } = countingTokenPost();
    await expect(requestToken(post, { ...consumer, callback: 'my app' })).rejects.toThrow(
      /"oob".*absolute URL/,
    );
    await expect(
      requestToken(post, { ...consumer, consumerSecret: '', callback: 'oob' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    const blank = accessToken(post, { ...consumer, token: 't', tokenSecret: 's', verifier: '   ' });
    await expect(blank).rejects.toThrow(/verifier/);
    expect(calls()).toBe(0);
  });
});

describe('authorizeUrl', () => {
  it('points at X by default, with /oauth/authenticate, force_login and screen_name when asked', () => {
    expect(authorizeUrl('abc-DEF_123')).toBe('https://api.x.com/oauth/authorize?oauth_token=abc-DEF_123');
    expect(authorizeUrl('tok', { authenticate: true, forceLogin: true, screenName: 'x api' })).toBe(
      'https://api.x.com/oauth/authenticate?oauth_token=tok&force_login=true&screen_name=x%20api',
    );
    // A path prefix (a proxy in front of X) is kept, as for every other request of the client.
    expect(authorizeUrl('tok', { origin: 'http://127.0.0.1:4010/x-proxy/' })).toBe(
      'http://127.0.0.1:4010/x-proxy/oauth/authorize?oauth_token=tok',
    );
  });
});
