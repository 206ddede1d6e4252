import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { basic, send, sendSigned } from '../helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const unableToVerify = {
  errors: [{ code: 99, label: 'authenticity_token_error', message: 'Unable to verify your credentials' }],
};

async function getToken(consumerKey: string, consumerSecret: string, grant = 'client_credentials') {
  return send(sb, {
    method: 'POST',
    path: '/oauth2/token',
    headers: {
      authorization: basic(consumerKey, consumerSecret),
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    },
    body: `grant_type=${grant}`,
  });
}

describe('app-only bearer tokens', () => {
  it('issues one token per app: the same until invalidated, then a new one', async () => {
    const app = sb.createApp();
    const first = await getToken(app.consumerKey, app.consumerSecret);
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ token_type: 'bearer', access_token: app.bearerToken });
    expect((await getToken(app.consumerKey, app.consumerSecret)).json()).toEqual(first.json());

    const invalidated = await send(sb, {
      method: 'POST',
      path: '/oauth2/invalidate_token',
      headers: { authorization: basic(app.consumerKey, app.consumerSecret) },
      form: { access_token: app.bearerToken },
    });
    expect(invalidated.json()).toEqual({ access_token: app.bearerToken });

    const old = await send(sb, {
      path: '/1.1/users/show.json?screen_name=XDevelopers',
      headers: { authorization: `Bearer ${app.bearerToken}` },
    });
    expect(old.status).toBe(401);
    expect(old.json()).toEqual({ errors: [{ code: 89, message: 'Invalid or expired token.' }] });

    const next = (await getToken(app.consumerKey, app.consumerSecret)).json() as { access_token: string };
    expect(next.access_token).not.toBe(app.bearerToken);
    const works = await send(sb, {
      path: '/1.1/users/show.json?screen_name=XDevelopers',
      headers: { authorization: `Bearer ${next.access_token}` },
    });
    expect(works.status).toBe(200);
  });

  it('403 code 99 for bad credentials, a bad grant, or no Basic header', async () => {
    const bad = await getToken(sb.credentials.consumerKey, 'wrong');
    expect(bad.status).toBe(403);
    expect(bad.json()).toEqual(unableToVerify);
    const grant = await getToken(sb.credentials.consumerKey, sb.credentials.consumerSecret, 'password');
    expect(grant.status).toBe(403);
    expect(grant.json()).toEqual(unableToVerify);
    const none = await send(sb, {
      method: 'POST',
      path: '/oauth2/token',
      form: { grant_type: 'client_credentials' },
    });
    expect(none.status).toBe(403);
    expect(none.json()).toEqual(unableToVerify);
  });

  it('invalidate_token also accepts OAuth 1.0a user context', async () => {
    const app = sb.createApp();
    const owner = sb.createUser({}, { app: app.app });
    const response = await sendSigned(
      sb,
      { method: 'POST', path: '/oauth2/invalidate_token', form: { access_token: app.bearerToken } },
      {
        consumerKey: app.consumerKey,
        consumerSecret: app.consumerSecret,
        token: owner.accessToken,
        tokenSecret: owner.accessTokenSecret,
      },
    );
    expect(response.status).toBe(200);
    expect(app.app.bearerToken).toBeUndefined();
  });

  it('401 code 89 for an unknown bearer token', async () => {
    const response = await send(sb, {
      path: '/1.1/users/show.json?screen_name=XDevelopers',
      headers: { authorization: 'Bearer AAAAnope' },
    });
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ errors: [{ code: 89, message: 'Invalid or expired token.' }] });
  });

  it('user-only endpoints refuse a bearer: 403 code 220 on v1.1, unsupported-authentication on v2', async () => {
    const authorization = `Bearer ${sb.credentials.bearerToken}`;
    const v1 = await send(sb, { path: '/1.1/account/verify_credentials.json', headers: { authorization } });
    expect(v1.status).toBe(403);
    expect(v1.json()).toEqual({
      errors: [{ code: 220, message: 'Your credentials do not allow access to this resource.' }],
    });
    const v2 = await send(sb, { path: '/2/users/me', headers: { authorization } });
    expect(v2.status).toBe(403);
    expect(v2.json()).toMatchObject({
      type: 'https://api.x.com/2/problems/unsupported-authentication',
      title: 'Unsupported Authentication',
      status: 403,
    });
  });

  it('app-only lookups work with the bearer', async () => {
    const response = await send(sb, {
      path: '/2/users/by/username/XDevelopers',
      headers: { authorization: `Bearer ${sb.credentials.bearerToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({
      data: { id: '2244994945', name: 'X Developers', username: 'XDevelopers' },
    });
  });

  it('app-only endpoints refuse user credentials with unsupported-authentication', async () => {
    const asUser = await sendSigned(sb, { path: '/2/tweets/search/stream/rules' });
    expect(asUser.status).toBe(403);
    expect(asUser.json()).toMatchObject({
      type: 'https://api.x.com/2/problems/unsupported-authentication',
      status: 403,
    });
    const asApp = await send(sb, {
      path: '/2/tweets/search/stream/rules',
      headers: { authorization: `Bearer ${sb.credentials.bearerToken}` },
    });
    expect(asApp.status).toBe(200);
  });
});
