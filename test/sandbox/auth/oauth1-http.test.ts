import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { send, sendSigned, userCredentials } from '../helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const errorCode = (body: unknown) => (body as { errors: Array<{ code: number }> }).errors[0]?.code;

describe('OAuth 1.0a user context over HTTP', () => {
  it('accepts a correctly signed request, query parameters included (RFC form)', async () => {
    const response = await sendSigned(sb, {
      path: '/1.1/users/show.json?screen_name=XDevelopers&include_entities=true',
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ id_str: '2244994945', screen_name: 'XDevelopers' });
  });

  it('refuses a signature that leaves the query out (only the RFC form is accepted)', async () => {
    const response = await sendSigned(
      sb,
      { path: '/1.1/users/show.json?screen_name=XDevelopers' },
      undefined,
      {
        oauthOnly: true,
      },
    );
    expect(response.status).toBe(401);
    expect(errorCode(response.json())).toBe(32);
  });

  it('signs a form-urlencoded body, and refuses it when the body was changed', async () => {
    const app = sb.createApp();
    const good = await sendSigned(
      sb,
      {
        method: 'POST',
        path: '/oauth2/invalidate_token',
        form: { access_token: app.bearerToken },
      },
      {
        ...userCredentials(sb),
        consumerKey: app.consumerKey,
        consumerSecret: app.consumerSecret,
        token: '',
        tokenSecret: '',
      },
    );
    expect(good.status).toBe(200);
    expect(good.json()).toEqual({ access_token: app.bearerToken });

    const authorization = (await import('../helpers/oauth1-signer.js')).oauth1Header(userCredentials(sb), {
      method: 'POST',
      url: `${sb.url}/oauth2/invalidate_token`,
      form: { access_token: 'one' },
      timestamp: Math.floor(sb.clock.now() / 1000),
    });
    const tampered = await send(sb, {
      method: 'POST',
      path: '/oauth2/invalidate_token',
      form: { access_token: 'two' },
      headers: { authorization },
    });
    expect(tampered.status).toBe(401);
    expect(errorCode(tampered.json())).toBe(32);
  });

  it('does not sign JSON bodies', async () => {
    const response = await sendSigned(sb, { method: 'POST', path: '/2/users/me', json: { anything: 1 } });
    // The route is GET-only, so a correct signature reaches the 404, not a 401.
    expect(response.status).toBe(404);
  });

  it('works on v2 routes with the v2 body', async () => {
    const response = await sendSigned(sb, { path: '/2/users/me' });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({
      data: { id: '2244994945', name: 'X Developers', username: 'XDevelopers' },
    });
  });

  it('401 code 32 for a wrong signature', async () => {
    const response = await sendSigned(
      sb,
      { path: '/1.1/account/verify_credentials.json' },
      {
        ...userCredentials(sb),
        consumerSecret: 'wrong',
      },
    );
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ errors: [{ code: 32, message: 'Could not authenticate you.' }] });
  });

  it('401 code 32 for a replayed nonce', async () => {
    const sign = { nonce: 'fixed-nonce-for-replay', timestamp: Math.floor(sb.clock.now() / 1000) };
    const first = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, undefined, sign);
    expect(first.status).toBe(200);
    const replay = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, undefined, sign);
    expect(replay.status).toBe(401);
    expect(errorCode(replay.json())).toBe(32);
  });

  it('401 code 135 for a timestamp outside ±300 s, on both sides', async () => {
    // The sandbox's clock flows on while the requests travel, so only the past side can sit at 301 s: the future
    // side and the inside case keep a margin for a loaded machine.
    const now = Math.floor(sb.clock.now() / 1000);
    for (const timestamp of [now - 301, now + 320]) {
      const response = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, undefined, {
        timestamp,
      });
      expect(response.status).toBe(401);
      expect(errorCode(response.json())).toBe(135);
    }
    const inside = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, undefined, {
      timestamp: now - 280,
    });
    expect(inside.status).toBe(200);
  });

  it('code 135 when the sandbox clock moved away from the client', async () => {
    const timestamp = Math.floor(sb.clock.now() / 1000);
    sb.clock.advance(10 * 60 * 1000);
    try {
      const response = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, undefined, {
        timestamp,
      });
      expect(errorCode(response.json())).toBe(135);
    } finally {
      sb.clock.advance(-10 * 60 * 1000);
    }
  });

  it('401 code 89 for an unknown token, and for a token after /1.1/oauth/invalidate_token', async () => {
    const unknown = await sendSigned(
      sb,
      { path: '/1.1/account/verify_credentials.json' },
      {
        ...userCredentials(sb),
        token: 'no-such-token',
      },
    );
    expect(unknown.status).toBe(401);
    expect(unknown.json()).toEqual({ errors: [{ code: 89, message: 'Invalid or expired token.' }] });

    const created = sb.createUser({ screenName: 'revoker' });
    const credentials = {
      ...userCredentials(sb),
      token: created.accessToken,
      tokenSecret: created.accessTokenSecret,
    };
    expect((await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, credentials)).status).toBe(
      200,
    );
    const invalidated = await sendSigned(
      sb,
      { method: 'POST', path: '/1.1/oauth/invalidate_token.json' },
      credentials,
    );
    expect(invalidated.json()).toEqual({ access_token: created.accessToken });
    const after = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' }, credentials);
    expect(after.status).toBe(401);
    expect(errorCode(after.json())).toBe(89);
  });

  it('401 problem on v2 for any OAuth failure', async () => {
    const response = await sendSigned(
      sb,
      { path: '/2/users/me' },
      { ...userCredentials(sb), tokenSecret: 'wrong' },
    );
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({
      title: 'Unauthorized',
      type: 'about:blank',
      status: 401,
      detail: 'Unauthorized',
    });
  });

  it('400 code 215 without credentials or with a malformed header', async () => {
    for (const headers of [
      {},
      { authorization: 'OAuth garbage' },
      { authorization: 'OAuth oauth_nonce="x"' },
      { authorization: 'Digest x' },
    ]) {
      const response = await send(sb, { path: '/1.1/account/verify_credentials.json', headers });
      expect(response.status).toBe(400);
      expect(errorCode(response.json())).toBe(215);
    }
  });

  it('refuses a signature method other than HMAC-SHA1', async () => {
    const authorization = (await import('../helpers/oauth1-signer.js'))
      .oauth1Header(userCredentials(sb), {
        method: 'GET',
        url: `${sb.url}/1.1/account/verify_credentials.json`,
      })
      .replace('HMAC-SHA1', 'PLAINTEXT');
    const response = await send(sb, {
      path: '/1.1/account/verify_credentials.json',
      headers: { authorization },
    });
    expect(response.status).toBe(401);
    expect(errorCode(response.json())).toBe(32);
  });

  it('accepts the oauth-only form on multipart only when asked to', async () => {
    const lenient = await startSandbox({ acceptOAuthOnlyMultipartSignature: true });
    try {
      const boundary = 'sandboxboundary';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${boundary}--\r\n`;
      const response = await sendSigned(
        lenient,
        {
          method: 'POST',
          path: '/1.1/oauth/invalidate_token.json?command=INIT',
          body,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        userCredentials(lenient),
        { oauthOnly: true },
      );
      expect(response.status).toBe(200);
    } finally {
      await lenient.close();
    }
  });
});
