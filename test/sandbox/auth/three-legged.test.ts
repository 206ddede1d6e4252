import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { send, sendSigned } from '../helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const consumer = () => ({
  consumerKey: sb.credentials.consumerKey,
  consumerSecret: sb.credentials.consumerSecret,
});

async function requestToken(callback: string) {
  const response = await sendSigned(sb, { method: 'POST', path: '/oauth/request_token' }, consumer(), {
    extra: { oauth_callback: callback },
  });
  return { response, fields: Object.fromEntries(new URLSearchParams(response.text)) };
}

async function accessToken(token: string, secret: string, verifier: string) {
  return sendSigned(
    sb,
    { method: 'POST', path: '/oauth/access_token' },
    { ...consumer(), token, tokenSecret: secret },
    {
      extra: { oauth_verifier: verifier },
    },
  );
}

describe('3-legged OAuth 1.0a', () => {
  it('PIN (oob) flow end to end, with a single-use verifier', async () => {
    const { response, fields } = await requestToken('oob');
    expect(response.status).toBe(200);
    expect(fields['oauth_callback_confirmed']).toBe('true');
    const token = fields['oauth_token']!;
    const secret = fields['oauth_token_secret']!;

    const pageResponse = await send(sb, {
      path: `/oauth/authorize?oauth_token=${encodeURIComponent(token)}`,
    });
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers['content-type']).toContain('text/html');
    expect(pageResponse.text).toContain('<form method="post" action="/oauth/authorize"');

    const approved = await send(sb, {
      method: 'POST',
      path: '/oauth/authorize',
      form: { oauth_token: token, approve: '1' },
    });
    const pin = /id="oauth_pin">(\d+)</.exec(approved.text)?.[1];
    expect(pin).toMatch(/^\d{7}$/);

    const wrong = await accessToken(token, secret, pin === '0000000' ? '0000001' : '0000000');
    expect(wrong.status).toBe(401);

    const exchanged = await accessToken(token, secret, pin!);
    expect(exchanged.status).toBe(200);
    const access = Object.fromEntries(new URLSearchParams(exchanged.text));
    expect(access).toMatchObject({ user_id: '2244994945', screen_name: 'XDevelopers' });

    const again = await accessToken(token, secret, pin!);
    expect(again.status).toBe(401);
    expect(again.json()).toEqual({ errors: [{ code: 89, message: 'Invalid or expired token.' }] });

    const me = await sendSigned(
      sb,
      { path: '/1.1/account/verify_credentials.json' },
      {
        ...consumer(),
        token: access['oauth_token']!,
        tokenSecret: access['oauth_token_secret']!,
      },
    );
    expect(me.status).toBe(200);
  });

  it('callback flow through /oauth/authenticate, approved by a chosen user', async () => {
    const other = sb.createUser({ screenName: 'second_user' });
    const { fields } = await requestToken('http://127.0.0.1/callback');
    const token = fields['oauth_token']!;
    const approved = await send(sb, {
      method: 'POST',
      path: '/oauth/authenticate',
      form: { oauth_token: token, approve: '1', screen_name: 'second_user' },
    });
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers['location']!);
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1/callback');
    expect(location.searchParams.get('oauth_token')).toBe(token);
    const verifier = location.searchParams.get('oauth_verifier')!;

    const exchanged = await accessToken(token, fields['oauth_token_secret']!, verifier);
    const access = Object.fromEntries(new URLSearchParams(exchanged.text));
    expect(access).toMatchObject({ user_id: other.user.id, screen_name: 'second_user' });
    expect(Object.keys(access)).toEqual(['oauth_token', 'oauth_token_secret', 'user_id', 'screen_name']);
  });

  it('a denied authorization redirects with denied= and kills the request token', async () => {
    const { fields } = await requestToken('http://127.0.0.1/callback');
    const denied = await send(sb, {
      method: 'POST',
      path: '/oauth/authorize',
      form: { oauth_token: fields['oauth_token']!, approve: '0' },
    });
    expect(denied.status).toBe(302);
    expect(new URL(denied.headers['location']!).searchParams.get('denied')).toBe(fields['oauth_token']);
    const page = await send(sb, { path: `/oauth/authorize?oauth_token=${fields['oauth_token']}` });
    expect(page.status).toBe(404);
  });

  it('refuses an unregistered callback (403 code 415) and a missing one', async () => {
    const unapproved = await requestToken('https://evil.example/cb');
    expect(unapproved.response.status).toBe(403);
    expect(unapproved.response.json()).toMatchObject({ errors: [{ code: 415 }] });
    const missing = await sendSigned(sb, { method: 'POST', path: '/oauth/request_token' }, consumer());
    expect(missing.status).toBe(400);
  });

  it('request_token needs a valid consumer signature', async () => {
    const response = await sendSigned(
      sb,
      { method: 'POST', path: '/oauth/request_token' },
      {
        ...consumer(),
        consumerSecret: 'wrong',
      },
      { extra: { oauth_callback: 'oob' } },
    );
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ errors: [{ code: 32 }] });
  });

  it('an unapproved request token cannot be exchanged', async () => {
    const { fields } = await requestToken('oob');
    const response = await accessToken(fields['oauth_token']!, fields['oauth_token_secret']!, '1234567');
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ errors: [{ code: 32 }] });
  });

  it('x_auth_access_type=read gives a token that can read but not write (code 261 / oauth1-permissions)', async () => {
    sb.context.store.createUser({ screenName: 'reader' });
    const issued = await sendSigned(
      sb,
      { method: 'POST', path: '/oauth/request_token?x_auth_access_type=read' },
      consumer(),
      {
        extra: { oauth_callback: 'oob' },
      },
    );
    const fields = Object.fromEntries(new URLSearchParams(issued.text));
    const approved = await send(sb, {
      method: 'POST',
      path: '/oauth/authorize',
      form: { oauth_token: fields['oauth_token']!, approve: '1', screen_name: 'reader' },
    });
    const pin = /id="oauth_pin">(\d+)</.exec(approved.text)?.[1] ?? '';
    const exchanged = await accessToken(fields['oauth_token']!, fields['oauth_token_secret']!, pin);
    const access = Object.fromEntries(new URLSearchParams(exchanged.text));
    const credentials = {
      ...consumer(),
      token: access['oauth_token']!,
      tokenSecret: access['oauth_token_secret']!,
    };

    expect((await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, credentials)).status).toBe(
      200,
    );
    const v1 = await sendSigned(
      sb,
      { method: 'POST', path: '/1.1/statuses/update.json', form: { status: 'hi' } },
      credentials,
    );
    expect(v1.status).toBe(403);
    expect(v1.json()).toMatchObject({ errors: [{ code: 261 }] });
    const v2 = await sendSigned(sb, { method: 'POST', path: '/2/tweets', json: { text: 'hi' } }, credentials);
    expect(v2.status).toBe(403);
    expect(v2.json()).toMatchObject({ type: 'https://api.x.com/2/problems/oauth1-permissions' });
  });
});
