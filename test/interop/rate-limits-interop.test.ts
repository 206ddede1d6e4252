// Rate limits as two third-party clients read them: twitter-api-v2's parsed `rateLimit` (15-minute window and
// the 24-hour app and user windows of POST /2/tweets) and its `rateLimitError`, and the status and headers
// X's official SDK hands back, on v2 and v1.1.
import http from 'node:http';
import { ApiResponseError } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { userClient } from './twitter-api-v2-wiring.js';
import { appAndUserClient } from './xdk-setup.js';

let sb: Sandbox;
let agent: http.Agent;

beforeAll(async () => {
  sb = await startSandbox({
    rateLimits: {
      'GET /2/users/me': { user: 2 },
      'GET /1.1/statuses/show.json': { user: 1 },
      'GET /2/users/by/username/:username': { user: 1, app: 1 },
    },
  });
  agent = new http.Agent({ keepAlive: true });
});
afterAll(async () => {
  agent?.destroy();
  await sb?.close();
});

async function refusal(attempt: Promise<unknown>): Promise<ApiResponseError> {
  const error = await attempt.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiResponseError);
  return error as ApiResponseError;
}

describe('rate limits as third-party clients read them', () => {
  it('twitter-api-v2: the window counts down, then a 429 it recognises, with the reset to wait for', async () => {
    const client = userClient(sb, agent);
    await client.v2.me();
    await client.v2.me();
    const refused = await refusal(client.v2.me());
    expect(refused.rateLimitError).toBe(true);
    expect(refused.code).toBe(429);
    expect(refused.data).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429 });
    expect(refused.rateLimit).toMatchObject({ limit: 2, remaining: 0 });
    // The reset is epoch seconds rounded up: at most one second past the 15-minute window.
    const waitMs = (refused.rateLimit?.reset ?? 0) * 1000 - sb.clock.now();
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);

    const posted = await client.v1.tweet('a status to look up twice');
    await client.v1.singleTweet(posted.id_str);
    const v1Refused = await refusal(client.v1.singleTweet(posted.id_str));
    expect(v1Refused.rateLimitError).toBe(true);
    expect(v1Refused.errors).toEqual([{ code: 88, message: 'Rate limit exceeded.' }]);
  });

  it('twitter-api-v2: POST /2/tweets carries the 24-hour app and user windows it parses', async () => {
    const client = userClient(sb, agent);
    await client.v2.tweet('counted in three windows');
    // The library exposes the windows on errors and paginators: read them from a refused duplicate.
    const refused = await refusal(client.v2.tweet('counted in three windows'));
    expect(refused.code).toBe(403);
    expect(refused.rateLimit).toMatchObject({
      limit: 100,
      day: { limit: 10_000, remaining: expect.any(Number) },
      userDay: { limit: 9_600, remaining: expect.any(Number) },
    });
  });

  it('X SDK: a 429 error with the status and the x-rate-limit headers', async () => {
    const sdk = appAndUserClient(sb);
    await sdk.users.getByUsername('XDevelopers');
    const error = (await sdk.users.getByUsername('XDevelopers').then(
      () => undefined,
      (caught: unknown) => caught,
    )) as { status?: number; headers?: Headers } | undefined;
    expect(error?.status).toBe(429);
    expect(error?.headers?.get('x-rate-limit-limit')).toBe('1');
    expect(error?.headers?.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(error?.headers?.get('x-rate-limit-reset'))).toBeGreaterThan(sb.clock.now() / 1000);
  });
});
