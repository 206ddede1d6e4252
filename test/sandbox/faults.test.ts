import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { send } from './helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ faults: [{ route: 'GET /2/users/:id', kind: 'error', status: 500, times: 1 }] });
});
afterAll(async () => {
  await sb.close();
});
afterEach(() => {
  sb.faults.clear();
});

const bearer = () => ({ authorization: `Bearer ${sb.credentials.bearerToken}` });
const v1Path = '/1.1/users/show.json?screen_name=XDevelopers';
const v2Path = '/2/users/by/username/XDevelopers';

describe('fault injection', () => {
  it('applies faults given at start (times: 1), in the v2 format', async () => {
    const first = await send(sb, { path: '/2/users/2244994945', headers: bearer() });
    expect(first.status).toBe(500);
    expect(first.json()).toEqual({
      type: 'https://api.x.com/2/problems/internal-error',
      title: 'Internal Server Error',
      detail: 'Internal Server Error',
      status: 500,
    });
    expect((await send(sb, { path: '/2/users/2244994945', headers: bearer() })).status).toBe(200);
  });

  it('5xx in the v1.1 format (503 → code 130) with rate-limit headers', async () => {
    sb.faults.add({ route: 'GET /1.1/users/show.json', kind: 'error' });
    const response = await send(sb, { path: v1Path, headers: bearer() });
    expect(response.status).toBe(503);
    expect(response.json()).toEqual({ errors: [{ code: 130, message: 'Over capacity.' }] });
    expect(response.headers['x-rate-limit-limit']).toBeDefined();
  });

  it('429 with remaining 0, code 88 on v1.1 and a problem on v2', async () => {
    sb.faults.add({ route: '*', kind: 'rate-limit' });
    const v1 = await send(sb, { path: v1Path, headers: bearer() });
    expect(v1.status).toBe(429);
    expect(v1.json()).toEqual({ errors: [{ code: 88, message: 'Rate limit exceeded.' }] });
    expect(v1.headers['x-rate-limit-remaining']).toBe('0');
    const v2 = await send(sb, { path: v2Path, headers: bearer() });
    expect(v2.status).toBe(429);
    expect(v2.json()).toEqual({
      title: 'Too Many Requests',
      detail: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
    });
  });

  it('delays a response', async () => {
    sb.faults.add({ route: v2Path, kind: 'delay', delayMs: 150 });
    const started = performance.now();
    const response = await send(sb, { path: v2Path, headers: bearer() });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('resets the connection mid-request-body', async () => {
    sb.faults.add({ route: 'POST /oauth2/token', kind: 'reset-request', afterBytes: 1 });
    await expect(
      request(`${sb.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&pad=${'x'.repeat(256 * 1024)}`,
      }).then((response) => response.body.text()),
    ).rejects.toThrow();
    // The server is still fine afterwards.
    expect((await send(sb, { path: v2Path, headers: bearer() })).status).toBe(200);
  });

  // An `error` answers at once, before the body is read, unless `afterBody` holds it until the whole body has
  // arrived. The body's second half waits for the answer without afterBody (it must come first), and goes out
  // after 50 ms with it (the stimulus, not a wait for state).
  it.each([
    [false, 'before'],
    [true, 'after'],
  ])('answers an error with afterBody: %s %s the whole body arrived', async (afterBody) => {
    sb.faults.add({ route: 'POST /2/tweets', kind: 'error', afterBody, times: 1 });
    let bodyEnded = false;
    let answered: () => void = () => {};
    const answer = new Promise<void>((resolve) => {
      answered = resolve;
    });
    const half = Buffer.alloc(64 * 1024, 0x61);
    async function* body() {
      yield half;
      await (afterBody ? new Promise((resolve) => setTimeout(resolve, 50)) : answer);
      yield half;
      bodyEnded = true;
    }
    const response = await request(`${sb.url}/2/tweets`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json', 'content-length': String(2 * half.length) },
      body: Readable.from(body()),
    });
    expect(bodyEnded).toBe(afterBody);
    answered();
    expect(response.statusCode).toBe(503);
    await response.body.text();
  });

  it('resets the connection mid-response, after some bytes', async () => {
    sb.faults.add({ route: v1Path.split('?')[0]!, kind: 'reset-response', afterBytes: 10 });
    const response = await request(`${sb.url}${v1Path}`, { headers: bearer() });
    expect(response.statusCode).toBe(200);
    await expect(response.body.text()).rejects.toThrow();
  });

  it('truncates a body: full Content-Length announced, fewer bytes sent', async () => {
    sb.faults.add({ route: 'GET /2/users/by/username/:username', kind: 'truncate', afterBytes: 5 });
    const response = await request(`${sb.url}${v2Path}`, { headers: bearer() });
    expect(Number(response.headers['content-length'])).toBeGreaterThan(5);
    await expect(response.body.text()).rejects.toThrow();
  });

  it('follows a scripted sequence', async () => {
    sb.faults.add({ route: v2Path, kind: 'error', status: 502, sequence: [0, 1, 1, 0] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(sb, { path: v2Path, headers: bearer() })).status);
    expect(statuses).toEqual([200, 502, 502, 200, 200]);
  });

  it('draws probabilities from the seed: same seed, same faults', async () => {
    const run = async () => {
      const seeded = await startSandbox({
        faultSeed: 42,
        faults: [{ route: '*', kind: 'error', probability: 0.5 }],
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++) {
          statuses.push(
            (
              await send(seeded, {
                path: v2Path,
                headers: { authorization: `Bearer ${seeded.credentials.bearerToken}` },
              })
            ).status,
          );
        }
        return statuses;
      } finally {
        await seeded.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it('is managed over the admin routes while running', async () => {
    const added = await send(sb, {
      method: 'POST',
      path: '/__sandbox/faults',
      json: { route: v2Path, kind: 'error', status: 500 },
    });
    expect(added.status).toBe(201);
    expect((await send(sb, { path: v2Path, headers: bearer() })).status).toBe(500);
    const listed = (await send(sb, { path: '/__sandbox/faults' })).json() as {
      faults: Array<{ fired: number }>;
    };
    expect(listed.faults[0]?.fired).toBe(1);
    await send(sb, { method: 'DELETE', path: '/__sandbox/faults' });
    expect((await send(sb, { path: v2Path, headers: bearer() })).status).toBe(200);
    const bad = await send(sb, {
      method: 'POST',
      path: '/__sandbox/faults',
      json: { route: '*', kind: 'explode' },
    });
    expect(bad.status).toBe(400);
  });

  it('never faults the admin routes', async () => {
    sb.faults.add({ route: '*', kind: 'error' });
    expect((await send(sb, { path: '/__sandbox/health' })).status).toBe(200);
  });

  it('refuses invalid rules up front', () => {
    expect(() => sb.faults.add({ route: '*', kind: 'error', probability: 2 })).toThrow(TypeError);
  });
});
