import { afterEach, describe, expect, it } from 'vitest';
import { AppBearerAuth } from '../../src/auth/app-bearer.js';
import { AuthProtocolError } from '../../src/auth/errors.js';
import { AbortError } from '../../src/http/errors.js';
import { sendWithAuth } from './helpers/send-with-auth.js';
import { countingTokenPost, TokenEndpointError, tokenPost } from './helpers/token-post.js';
import { type Route, startTokenServer, type TokenServer } from './helpers/token-server.js';

const consumerKey = 'xvz1evFS4wEEPTGEFPHBog';
const consumerSecret = 'L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg';
const basic =
  'Basic eHZ6MWV2RlM0d0VFUFRHRUZQSEJvZzpMOHFxOVBaeVJnNmllS0dFS2hab2xHQzB2SldMdzhpRUo4OERSZHlPZw==';
const request = { method: 'GET', url: new URL('http://127.0.0.1/2/tweets'), formParams: [] };

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A token endpoint that hands out the given tokens in turn (the last one forever). */
function issuing(tokens: string[], delayMs = 0): Route {
  let next = 0;
  return () => {
    const token = tokens[Math.min(next, tokens.length - 1)];
    next += 1;
    return { json: { token_type: 'bearer', access_token: token }, delayMs };
  };
}

async function appAuth(routes: Record<string, Route>) {
  server = await startTokenServer(routes);
  return new AppBearerAuth({ consumerKey, consumerSecret, tokenPost, origin: server.origin });
}

describe('AppBearerAuth', () => {
  it('fetches the bearer with Basic credentials and a client_credentials form, then reuses it', async () => {
    const auth = await appAuth({ '/oauth2/token': issuing(['AAAA%2FAAA%3DAAAAAAAA']) });
    expect(auth.kind).toBe('app-bearer');
    expect(await auth.authorize(request)).toBe('Bearer AAAA%2FAAA%3DAAAAAAAA');
    expect(await auth.authorize(request)).toBe('Bearer AAAA%2FAAA%3DAAAAAAAA');
    expect(server?.hits('/oauth2/token')).toBe(1);
    const sent = server?.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toBe(basic);
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect([...(sent?.form ?? [])]).toEqual([['grant_type', 'client_credentials']]);
  });

  it('makes one token request for many concurrent first calls', async () => {
    const auth = await appAuth({ '/oauth2/token': issuing(['T1'], 50) });
    const headers = await Promise.all(Array.from({ length: 25 }, () => auth.authorize(request)));
    expect(new Set(headers)).toEqual(new Set(['Bearer T1']));
    expect(server?.hits('/oauth2/token')).toBe(1);
  });

  it('does not remember a failed fetch: everyone waiting gets the error, the next call tries again', async () => {
    let calls = 0;
    const auth = await appAuth({
      '/oauth2/token': () => {
        calls += 1;
        return calls === 1
          ? { status: 503, json: { errors: [{ code: 130, message: 'Over capacity' }] }, delayMs: 30 }
          : { json: { token_type: 'bearer', access_token: 'T2' } };
      },
    });
    const first = await Promise.allSettled([auth.authorize(request), auth.authorize(request)]);
    for (const outcome of first) {
      expect(outcome.status).toBe('rejected');
      expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(TokenEndpointError);
    }
    expect(server?.hits('/oauth2/token')).toBe(1);
    expect(await auth.authorize(request)).toBe('Bearer T2');
    expect(server?.hits('/oauth2/token')).toBe(2);
  });

  it('fetches a new token after a 401 and the request then succeeds, once for many concurrent 401s', async () => {
    const auth = await appAuth({
      '/oauth2/token': issuing(['OLD', 'NEW'], 30),
      '/2/tweets': (req) =>
        req.headers.authorization === 'Bearer NEW'
          ? { json: { data: [] } }
          : { status: 401, json: { errors: [{ message: 'Invalid or expired token', code: 89 }] } },
    });
    const url = new URL(`${server?.origin}/2/tweets`);
    const results = await Promise.all(Array.from({ length: 10 }, () => sendWithAuth(auth, 'GET', url)));
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.attempts).toBe(2);
    }
    expect(server?.hits('/oauth2/token')).toBe(2);
  });

  it('does not refetch for a 401 to a token it has already replaced', async () => {
    const auth = await appAuth({ '/oauth2/token': issuing(['OLD', 'NEW']) });
    await auth.authorize(request);
    expect(await auth.recoverFromUnauthorized('Bearer OLD')).toBe(true);
    expect(await auth.authorize(request)).toBe('Bearer NEW');
    expect(await auth.recoverFromUnauthorized('Bearer OLD')).toBe(true);
    expect(server?.hits('/oauth2/token')).toBe(2);
  });

  it('reports no recovery when X hands back the same, rejected token', async () => {
    const auth = await appAuth({
      '/oauth2/token': issuing(['SAME']),
      '/2/tweets': () => ({
        status: 401,
        json: { errors: [{ message: 'Invalid or expired token', code: 89 }] },
      }),
    });
    const result = await sendWithAuth(auth, 'GET', new URL(`${server?.origin}/2/tweets`));
    expect(result).toMatchObject({ status: 401, attempts: 1 });
    expect(server?.hits('/oauth2/token')).toBe(2);
  });

  it('invalidates the held token with Basic and access_token=, then fetches a fresh one', async () => {
    const auth = await appAuth({
      '/oauth2/token': issuing(['FIRST', 'SECOND']),
      '/oauth2/invalidate_token': (req) => ({ json: { access_token: req.form.get('access_token') } }),
    });
    await auth.invalidate();
    expect(server?.hits('/oauth2/invalidate_token')).toBe(0);
    await auth.authorize(request);
    await auth.invalidate();
    const invalidation = server?.requests.find((r) => r.url.pathname === '/oauth2/invalidate_token');
    expect(invalidation?.headers.authorization).toBe(basic);
    expect([...(invalidation?.form ?? [])]).toEqual([['access_token', 'FIRST']]);
    expect(auth.hasToken).toBe(false);
    expect(await auth.authorize(request)).toBe('Bearer SECOND');
  });

  it('lets one caller abort its wait while the shared fetch serves the others', async () => {
    const auth = await appAuth({ '/oauth2/token': issuing(['SHARED'], 80) });
    const controller = new AbortController();
    const patient = auth.authorize(request);
    const impatient = auth.authorize(request, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(impatient).rejects.toBeInstanceOf(AbortError);
    expect(await patient).toBe('Bearer SHARED');
    expect(server?.hits('/oauth2/token')).toBe(1);
  });

  it.each([
    ['a body that is not JSON', { text: 'AAAA-secret-looking-body', contentType: 'text/html' }, /not JSON/],
    ['JSON without access_token', { json: { token_type: 'bearer' } }, /"access_token"/],
    [
      'a token_type other than bearer',
      { json: { token_type: 'mac', access_token: 'AAAA-token' } },
      /token_type/,
    ],
    ['an access_token with spaces', { json: { token_type: 'bearer', access_token: 'AAAA token' } }, /spaces/],
  ])('rejects %s with a clear error that quotes nothing from the body', async (_, reply, pattern) => {
    const auth = await appAuth({ '/oauth2/token': () => reply });
    const error = await auth.authorize(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthProtocolError);
    const message = (error as Error).message;
    expect(message).toMatch(pattern);
    expect(message).toContain('/oauth2/token');
    expect(message).not.toMatch(/AAAA|L8qq9|xvz1ev|Basic/);
  });

  it('checks its options without echoing them', () => {
    const post = countingTokenPost().post;
    expect(() => new AppBearerAuth({ consumerKey: '', consumerSecret: 'x', tokenPost: post })).toThrow(
      /consumerKey/,
    );
    expect(() => new AppBearerAuth({ consumerKey: 'k', consumerSecret: 'sec ret', tokenPost: post })).toThrow(
      /consumerSecret.*spaces/,
    );
    expect(
      () => new AppBearerAuth({ consumerKey: 'k', consumerSecret: 's', tokenPost: post, origin: 'ftp://x' }),
    ).toThrow(/http/);
  });
});
