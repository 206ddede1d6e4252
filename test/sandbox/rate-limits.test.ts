import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { send, sendSigned, userCredentials } from './helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    rateLimits: {
      'GET /2/users/by/username/:username': { app: 2, user: 3 },
      'GET /1.1/users/show.json': { app: 1 },
      'GET /2/users/me': { user: 5, app24h: 3, user24h: 10 },
    },
  });
});
afterAll(async () => {
  await sb.close();
});

const bearer = () => ({ authorization: `Bearer ${sb.credentials.bearerToken}` });
const v2Path = '/2/users/by/username/XDevelopers';

describe('rate limits', () => {
  it('counts per app in 15-minute windows, then 429 with a v2 problem, until the window resets', async () => {
    const first = await send(sb, { path: v2Path, headers: bearer() });
    expect(first.headers['x-rate-limit-limit']).toBe('2');
    expect(first.headers['x-rate-limit-remaining']).toBe('1');
    const reset = Number(first.headers['x-rate-limit-reset']);
    expect(reset * 1000).toBeGreaterThan(sb.clock.now() + 899_000);
    expect(reset * 1000).toBeLessThanOrEqual(sb.clock.now() + 901_000);

    const second = await send(sb, { path: v2Path, headers: bearer() });
    expect(second.headers['x-rate-limit-remaining']).toBe('0');
    const third = await send(sb, { path: v2Path, headers: bearer() });
    expect(third.status).toBe(429);
    expect(third.json()).toEqual({
      title: 'Too Many Requests',
      detail: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
    });
    expect(third.headers['x-rate-limit-remaining']).toBe('0');
    expect(third.headers['x-rate-limit-reset']).toBe(String(reset));

    // User-context calls have their own pool.
    const asUser = await sendSigned(sb, { path: v2Path });
    expect(asUser.status).toBe(200);
    expect(asUser.headers['x-rate-limit-limit']).toBe('3');

    sb.clock.advance(15 * 60 * 1000 + 1000);
    const later = await send(sb, { path: v2Path, headers: bearer() });
    expect(later.status).toBe(200);
    expect(later.headers['x-rate-limit-remaining']).toBe('1');
  });

  it('429 code 88 on v1.1', async () => {
    expect(
      (await send(sb, { path: '/1.1/users/show.json?screen_name=XDevelopers', headers: bearer() })).status,
    ).toBe(200);
    const over = await send(sb, { path: '/1.1/users/show.json?screen_name=XDevelopers', headers: bearer() });
    expect(over.status).toBe(429);
    expect(over.json()).toEqual({ errors: [{ code: 88, message: 'Rate limit exceeded.' }] });
  });

  it('keeps a separate window per user', async () => {
    const other = sb.createUser();
    const otherCredentials = {
      ...userCredentials(sb),
      token: other.accessToken,
      tokenSecret: other.accessTokenSecret,
    };
    const mine = await sendSigned(sb, { path: '/2/users/me' });
    const theirs = await sendSigned(sb, { path: '/2/users/me' }, otherCredentials);
    expect(mine.headers['x-rate-limit-remaining']).toBe(theirs.headers['x-rate-limit-remaining']);
  });

  it('sends the 24-hour app and user headers where configured, and 429s when the day is used up', async () => {
    sb.rateLimits.reset();
    const response = await sendSigned(sb, { path: '/2/users/me' });
    expect(response.headers['x-app-limit-24hour-limit']).toBe('3');
    expect(response.headers['x-app-limit-24hour-remaining']).toBe('2');
    expect(response.headers['x-user-limit-24hour-limit']).toBe('10');
    expect(Number(response.headers['x-app-limit-24hour-reset']) * 1000).toBeGreaterThan(
      sb.clock.now() + 86_000_000,
    );
    await sendSigned(sb, { path: '/2/users/me' });
    await sendSigned(sb, { path: '/2/users/me' });
    const over = await sendSigned(sb, { path: '/2/users/me' });
    expect(over.status).toBe(429);
    expect(over.headers['x-app-limit-24hour-remaining']).toBe('0');
  });

  it('puts x-rate-limit-* on every response: errors, 404s, token endpoints', async () => {
    const responses = await Promise.all([
      send(sb, { path: '/1.1/nothing/here.json' }),
      send(sb, { path: '/2/users/me' }),
      send(sb, { path: '/1.1/account/verify_credentials.json', headers: { authorization: 'Bearer nope' } }),
      send(sb, { method: 'POST', path: '/oauth2/token', form: { grant_type: 'client_credentials' } }),
    ]);
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers['x-rate-limit-limit']).toMatch(/^\d+$/);
      expect(response.headers['x-rate-limit-remaining']).toMatch(/^\d+$/);
      expect(response.headers['x-rate-limit-reset']).toMatch(/^\d+$/);
      // A failed call was not counted, and must not look like an exhausted window.
      expect(Number(response.headers['x-rate-limit-remaining'])).toBeGreaterThan(0);
    }
  });

  it('limits can change while running', async () => {
    sb.rateLimits.set('GET /1.1/account/verify_credentials.json', { user: 1 });
    expect((await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' })).status).toBe(200);
    expect((await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' })).status).toBe(429);
    sb.rateLimits.set('GET /1.1/account/verify_credentials.json', undefined);
    const restored = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' });
    expect(restored.status).toBe(200);
    expect(restored.headers['x-rate-limit-limit']).toBe('75');
  });
});
