import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from './signed-client.js';

let sb: Sandbox;
let auth: Auth;

beforeAll(async () => {
  sb = await startSandbox({
    rateLimits: {
      'POST /2/tweets': { user: 2 },
      'GET /1.1/statuses/show.json': { user: 1 },
      'GET /1.1/followers/ids.json': { user: 1 },
    },
  });
  auth = { user: sb.credentials };
});
afterAll(() => sb.close());

describe('rate limits of the tweets endpoints', () => {
  it('counts POST /2/tweets per user and answers the third call with a 429 problem', async () => {
    const first = await call(sb.url, 'POST', '/2/tweets', { json: { text: 'one' }, auth });
    expect(first.headers.get('x-rate-limit-limit')).toBe('2');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('1');
    await call(sb.url, 'POST', '/2/tweets', { json: { text: 'two' }, auth });
    const third = await call<{ title: string; status: number }>(sb.url, 'POST', '/2/tweets', {
      json: { text: 'three' },
      auth,
    });
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ title: 'Too Many Requests', status: 429 });
    expect(third.headers.get('x-rate-limit-remaining')).toBe('0');
  });

  it('answers v1.1 endpoints over their limit with code 88, each endpoint in its own window', async () => {
    const shown = await call(sb.url, 'GET', '/1.1/statuses/show.json', { query: { id: '1' }, auth });
    expect(shown.status).toBe(404);
    const limited = await call<{ errors: { code: number }[] }>(sb.url, 'GET', '/1.1/statuses/show.json', {
      query: { id: '1' },
      auth,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0]?.code).toBe(88);
    expect((await call(sb.url, 'GET', '/1.1/followers/ids.json', { auth })).status).toBe(200);
    expect((await call(sb.url, 'GET', '/1.1/followers/ids.json', { auth })).status).toBe(429);
    expect((await call(sb.url, 'GET', '/1.1/friends/ids.json', { auth })).status).toBe(200);
  });
});
