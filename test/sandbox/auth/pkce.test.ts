import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { basic, send } from '../helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ oauth2AccessTokenTtlSecs: 60 });
});
afterAll(async () => {
  await sb.close();
});

const REDIRECT = 'http://127.0.0.1/callback';

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeParams(challenge: string, scope: string, extra: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: sb.credentials.clientId,
    redirect_uri: REDIRECT,
    scope,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
}

async function authorize(
  challenge: string,
  scope = 'tweet.read users.read offline.access',
  extra: Record<string, string> = {},
) {
  const response = await send(sb, {
    method: 'POST',
    path: '/i/oauth2/authorize',
    form: { ...authorizeParams(challenge, scope, extra), approve: '1' },
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers['location']!);
  expect(location.searchParams.get('state')).toBe(extra['state'] ?? 'state-123');
  return location.searchParams.get('code')!;
}

async function token(form: Record<string, string>, authorization?: string) {
  return send(sb, {
    method: 'POST',
    path: '/2/oauth2/token',
    form,
    ...(authorization ? { headers: { authorization } } : {}),
  });
}

interface TokenBody {
  token_type: string;
  expires_in: number;
  access_token: string;
  scope: string;
  refresh_token?: string;
}

describe('OAuth 2.0 authorization code with PKCE', () => {
  it('shows an approve page listing the scopes', async () => {
    const { challenge } = pkcePair();
    const query = new URLSearchParams(authorizeParams(challenge, 'tweet.read users.read')).toString();
    const page = await send(sb, { path: `/i/oauth2/authorize?${query}` });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<li>users.read</li>');
    expect(page.text).toContain('name="code_challenge"');
  });

  it('public client end to end: code → tokens → /2/users/me, then refresh rotation', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorize(challenge);
    const exchanged = await token({
      grant_type: 'authorization_code',
      code,
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    const body = exchanged.json() as TokenBody;
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 60,
      scope: 'tweet.read users.read offline.access',
    });
    expect(body.refresh_token).toBeTypeOf('string');

    const me = await send(sb, {
      path: '/2/users/me',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.json()).toEqual({ data: { id: '2244994945', name: 'X Developers', username: 'XDevelopers' } });

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: body.refresh_token!,
      client_id: sb.credentials.clientId,
    });
    expect(refreshed.status).toBe(200);
    const next = refreshed.json() as TokenBody;
    expect(next.refresh_token).not.toBe(body.refresh_token);
    expect(next.access_token).not.toBe(body.access_token);

    const reused = await token({
      grant_type: 'refresh_token',
      refresh_token: body.refresh_token!,
      client_id: sb.credentials.clientId,
    });
    expect(reused.status).toBe(400);
    expect(reused.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('confidential client with Basic auth; no refresh token without offline.access', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorize(challenge, 'tweet.read users.read');
    const exchanged = await token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      basic(sb.credentials.clientId, sb.credentials.clientSecret),
    );
    expect(exchanged.status).toBe(200);
    expect(exchanged.json()).not.toHaveProperty('refresh_token');

    const badSecret = await token(
      { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT, code_verifier: verifier },
      basic(sb.credentials.clientId, 'wrong'),
    );
    expect(badSecret.status).toBe(401);
    expect(badSecret.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a wrong verifier, and the code is then spent', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorize(challenge);
    const form = {
      grant_type: 'authorization_code',
      code,
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
    };
    const wrong = await token({ ...form, code_verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'invalid_request' });
    const retry = await token({ ...form, code_verifier: verifier });
    expect(retry.status).toBe(400);
  });

  it('a code expires after 30 s', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorize(challenge);
    sb.clock.advance(31_000);
    const late = await token({
      grant_type: 'authorization_code',
      code,
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(late.status).toBe(400);
    expect(late.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Value passed for the authorization code was invalid.',
    });
  });

  it('plain challenge method works; a code is single use', async () => {
    const verifier = 'plain-verifier-plain-verifier-plain-verifier-0123';
    const code = await authorize(verifier, 'users.read tweet.read', { code_challenge_method: 'plain' });
    const form = {
      grant_type: 'authorization_code',
      code,
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    };
    expect((await token(form)).status).toBe(200);
    expect((await token(form)).status).toBe(400);
  });

  it('access tokens expire (401 problem), and revoked ones stop working', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorize(challenge);
    const body = (
      await token({
        grant_type: 'authorization_code',
        code,
        client_id: sb.credentials.clientId,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      })
    ).json() as TokenBody;
    const authorization = `Bearer ${body.access_token}`;
    expect((await send(sb, { path: '/2/users/me', headers: { authorization } })).status).toBe(200);
    sb.clock.advance(61_000);
    const expired = await send(sb, { path: '/2/users/me', headers: { authorization } });
    expect(expired.status).toBe(401);
    expect(expired.json()).toEqual({
      title: 'Unauthorized',
      type: 'about:blank',
      status: 401,
      detail: 'Unauthorized',
    });

    const fresh = (
      await token({
        grant_type: 'refresh_token',
        refresh_token: body.refresh_token!,
        client_id: sb.credentials.clientId,
      })
    ).json() as TokenBody;
    const revoked = await send(sb, {
      method: 'POST',
      path: '/2/oauth2/revoke',
      form: { token: fresh.access_token, client_id: sb.credentials.clientId },
    });
    expect(revoked.json()).toEqual({ revoked: true });
    const after = await send(sb, {
      path: '/2/users/me',
      headers: { authorization: `Bearer ${fresh.access_token}` },
    });
    expect(after.status).toBe(401);
  });

  it('enforces scopes: users.read is needed for /2/users/me', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorize(challenge, 'tweet.read');
    const body = (
      await token({
        grant_type: 'authorization_code',
        code,
        client_id: sb.credentials.clientId,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      })
    ).json() as TokenBody;
    const response = await send(sb, {
      path: '/2/users/me',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ title: 'Forbidden', status: 403 });
  });

  it.each([
    ['a redirect_uri that is not registered', { redirect_uri: 'http://127.0.0.1/other' }],
    ['an unknown client', { client_id: 'nope' }],
    ['a state over 500 chars', { state: 'x'.repeat(501) }],
    ['an unknown scope', { scope: 'tweet.read telepathy' }],
    ['a missing challenge', { code_challenge: '' }],
    ['an unknown challenge method', { code_challenge_method: 'S512' }],
    ['another response_type', { response_type: 'token' }],
  ])('the authorize page refuses %s with 400 and never redirects', async (_name, override) => {
    const query = new URLSearchParams({ ...authorizeParams('abc', 'tweet.read'), ...override }).toString();
    const response = await send(sb, { path: `/i/oauth2/authorize?${query}` });
    expect(response.status).toBe(400);
    expect(response.headers['location']).toBeUndefined();
  });

  it('a denied authorization redirects with error=access_denied and the state', async () => {
    const response = await send(sb, {
      method: 'POST',
      path: '/i/oauth2/authorize',
      form: { ...authorizeParams('abc', 'tweet.read'), approve: '0' },
    });
    const location = new URL(response.headers['location']!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('a 500-char state round-trips', async () => {
    const { challenge } = pkcePair();
    await authorize(challenge, 'tweet.read', { state: 's'.repeat(500) });
  });

  it('token endpoint errors: missing client, unknown grant, wrong redirect_uri', async () => {
    expect((await token({ grant_type: 'authorization_code' })).json()).toMatchObject({
      error: 'invalid_request',
    });
    expect(
      (await token({ grant_type: 'password', client_id: sb.credentials.clientId })).json(),
    ).toMatchObject({
      error: 'unsupported_grant_type',
    });
    const { verifier, challenge } = pkcePair();
    const code = await authorize(challenge);
    const wrongRedirect = await token({
      grant_type: 'authorization_code',
      code,
      client_id: sb.credentials.clientId,
      redirect_uri: 'http://localhost/callback',
      code_verifier: verifier,
    });
    expect(wrongRedirect.status).toBe(400);
  });
});
