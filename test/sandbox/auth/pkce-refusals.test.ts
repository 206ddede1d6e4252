// PKCE's refusals (docs/XAPI.md §5.6): every missing or wrong authorize parameter gets the error page, and the
// token and revoke endpoints answer in RFC 6749's shape ({ error, error_description }) as X's /2/oauth2 does.

import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { basic, send } from '../helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sb.close();
});

const REDIRECT = 'http://127.0.0.1/callback';

function params(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: sb.credentials.clientId,
    redirect_uri: REDIRECT,
    scope: 'tweet.read users.read offline.access',
    state: 'st',
    code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) if (value !== undefined) out[name] = value;
  return out;
}

async function approve(form: Record<string, string>) {
  const answer = await send(sb, {
    method: 'POST',
    path: '/i/oauth2/authorize',
    form: { ...form, approve: '1' },
  });
  const location = answer.headers['location'];
  return { answer, code: location ? new URL(location).searchParams.get('code') : null };
}

async function token(form: Record<string, string>, authorization?: string) {
  const answer = await send(sb, {
    method: 'POST',
    path: '/2/oauth2/token',
    form,
    ...(authorization ? { headers: { authorization } } : {}),
  });
  return { status: answer.status, body: answer.json() as Record<string, string> };
}

describe('/i/oauth2/authorize refusals', () => {
  it.each([
    [{ client_id: undefined }, 'Unknown client_id.'],
    [{ redirect_uri: undefined }, 'redirect_uri does not match a registered callback URL.'],
    [{ scope: undefined }, 'scope is required.'],
    [{ scope: ' + ' }, 'scope is required.'],
    [{ state: undefined }, 'state is required.'],
    [{ state: 's'.repeat(501) }, 'state must be at most 500 characters.'],
    [{ code_challenge: undefined }, 'code_challenge is required.'],
  ])('GET and POST answer %j with 400 and the error page', async (extra, message) => {
    const query = new URLSearchParams(params(extra)).toString();
    const page = await send(sb, { path: `/i/oauth2/authorize?${query}` });
    expect(page.status).toBe(400);
    expect(page.text).toContain(`<p id="error">${message}</p>`);
    const { answer, code } = await approve(params(extra));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).toContain(message);
    expect(code).toBeNull();
  });

  it('refuses an unknown user_id or screen_name with 404', async () => {
    for (const who of [{ user_id: '999999' }, { screen_name: '@nobody_here' }]) {
      const { answer, code } = await approve({ ...params(), ...who });
      expect(answer.status).toBe(404);
      expect(answer.text).toContain('No such user.');
      expect(code).toBeNull();
    }
  });
});

describe('authorize as a chosen user, and the plain default', () => {
  it('issues the code for the user named by user_id or @screen_name', async () => {
    const created = sb.createUser({ screenName: 'pkce_pick' });
    for (const who of [{ user_id: created.user.id }, { screen_name: '@pkce_pick' }]) {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const { code } = await approve({ ...params({ code_challenge: challenge }), ...who });
      const tokens = await token({
        grant_type: 'authorization_code',
        code: code ?? '',
        client_id: sb.credentials.clientId,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      });
      const me = await send(sb, {
        path: '/2/users/me',
        headers: { authorization: `Bearer ${tokens.body['access_token']}` },
      });
      expect((me.json() as { data: { id: string } }).data.id).toBe(created.user.id);
    }
  });

  it('without code_challenge_method the challenge is plain: the verifier is the challenge itself', async () => {
    const plain = 'p'.repeat(43);
    const page = await send(sb, {
      path: `/i/oauth2/authorize?${new URLSearchParams(params({ code_challenge: plain, code_challenge_method: undefined }))}`,
    });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('code_challenge_method');
    const { code } = await approve(params({ code_challenge: plain, code_challenge_method: undefined }));
    const tokens = await token({
      grant_type: 'authorization_code',
      code: code ?? '',
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
      code_verifier: plain,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body['token_type']).toBe('bearer');
  });

  it('an app whose owner is gone authorizes as the first user', async () => {
    const app = sb.createApp({ ownerId: 'gone' });
    const { code } = await approve(
      params({ client_id: app.clientId, code_challenge_method: 'plain', code_challenge: 'c'.repeat(43) }),
    );
    const tokens = await token({
      grant_type: 'authorization_code',
      code: code ?? '',
      client_id: app.clientId,
      redirect_uri: REDIRECT,
      code_verifier: 'c'.repeat(43),
    });
    const me = await send(sb, {
      path: '/2/users/me',
      headers: { authorization: `Bearer ${tokens.body['access_token']}` },
    });
    expect((me.json() as { data: { username: string } }).data.username).toBe('XDevelopers');
  });
});

describe('/2/oauth2/token and /2/oauth2/revoke refusals', () => {
  it('refuses Basic credentials of an unknown client with 401 invalid_client', async () => {
    for (const authorization of [
      basic('no-such-client', 'x'),
      'Basic !!!',
      basic(sb.credentials.clientId, 'wrong'),
    ]) {
      expect(await token({ grant_type: 'refresh_token', refresh_token: 'x' }, authorization)).toEqual({
        status: 401,
        body: { error: 'invalid_client', error_description: 'Missing valid authorization header' },
      });
    }
  });

  it('names a missing grant_type, code or refresh_token', async () => {
    const client_id = sb.credentials.clientId;
    expect(await token({ client_id })).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Missing required parameter [grant_type].' },
    });
    expect((await token({ client_id, grant_type: 'authorization_code' })).body['error_description']).toBe(
      'Value passed for the authorization code was invalid.',
    );
    expect((await token({ client_id, grant_type: 'refresh_token' })).body['error_description']).toBe(
      'Value passed for the token was invalid.',
    );
  });

  it('revoke needs a token, touches only the caller client’s tokens, and spends a refresh token', async () => {
    const client_id = sb.credentials.clientId;
    const revoke = (form: Record<string, string>) =>
      send(sb, { method: 'POST', path: '/2/oauth2/revoke', form });
    const missing = await revoke({ client_id });
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter [token].',
    });

    const { code } = await approve(
      params({ code_challenge: 'd'.repeat(43), code_challenge_method: 'plain' }),
    );
    const tokens = await token({
      grant_type: 'authorization_code',
      code: code ?? '',
      client_id,
      redirect_uri: REDIRECT,
      code_verifier: 'd'.repeat(43),
    });
    const access = tokens.body['access_token'] ?? '';
    const refresh = tokens.body['refresh_token'] ?? '';

    const other = sb.createApp();
    expect((await revoke({ client_id: other.clientId, token: access })).json()).toEqual({ revoked: true });
    expect((await revoke({ client_id: other.clientId, token: refresh })).status).toBe(200);
    const me = await send(sb, { path: '/2/users/me', headers: { authorization: `Bearer ${access}` } });
    expect(me.status).toBe(200);

    await revoke({ client_id, token: refresh });
    expect(await token({ client_id, grant_type: 'refresh_token', refresh_token: refresh })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });
});
