import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay, resolveRetry } from '../../src/http/retry.js';
import {
  AbortError,
  ConnectionError,
  PeonyClient,
  RateLimitError,
  type RateLimitWaitEvent,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

let server: TestServer;
const fast = { retries: 2, minDelayMs: 1, maxDelayMs: 5 };

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => server.reset());

const caught = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => undefined,
    (e: unknown) => e,
  );

async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const address = probe.address();
  await new Promise<void>((r) => probe.close(() => r()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

describe('retries', () => {
  it('retries a GET after 5xx and a reset connection, then succeeds', async () => {
    const client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: fast });
    server.replies.push(
      { status: 503, json: { errors: [{ code: 130, message: 'Over capacity' }] } },
      { destroy: true },
    );
    server.replies.push({ json: { data: { id: '1' } } });
    expect(await client.v2.users.me.get()).toEqual({ data: { id: '1' } });
    expect(server.requests).toHaveLength(3);
    await client.close();
  });

  it('gives up after the configured retries with the last error', async () => {
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      retry: { ...fast, retries: 1 },
    });
    server.replies.push({ status: 500, json: {} }, { status: 502, json: {} }, { json: {} });
    const error = await caught(client.v2.users.me.get());
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(502);
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it('never re-sends a POST that may have been applied (5xx, reset connection)', async () => {
    const client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: fast });
    server.replies.push({ status: 500, json: {} });
    expect(await caught(client.tweet('once'))).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
    server.replies.push({ destroy: true });
    expect(await caught(client.tweet('once more'))).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it('retries a POST marked idempotent', async () => {
    const client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: fast });
    server.replies.push({ status: 500, json: {} });
    await client.upload.media.upload.post({ command: 'APPEND' }, { idempotent: true });
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it('says a refused connection sent nothing, and retries even a POST then', async () => {
    const port = await refusedPort();
    const events: number[] = [];
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: `http://127.0.0.1:${port}`,
      retry: fast,
      onRetry: (e) => events.push(e.attempt),
    });
    const error = await caught(client.tweet('hi'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).notSent).toBe(true);
    expect(events).toEqual([1, 2]);
    await client.close();
  });

  it('does not retry a 429 whose reset is far away, and does not retry at all with retry: false', async () => {
    const client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: fast });
    const reset = String(Math.floor(Date.now() / 1000) + 900);
    server.replies.push({
      status: 429,
      json: {},
      headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-limit': '1', 'x-rate-limit-reset': reset },
    });
    expect(await caught(client.v2.users.me.get())).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
    const noRetry = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: false });
    server.replies.push({ status: 500, json: {} });
    expect(await caught(noRetry.v2.users.me.get())).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(2);
    await client.close();
    await noRetry.close();
  });
});

describe('waitOnRateLimit', () => {
  it('waits until x-rate-limit-reset, reports the wait, and sends again (even a POST: a 429 was not applied)', async () => {
    const waits: RateLimitWaitEvent[] = [];
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      waitOnRateLimit: true,
      onRateLimitWait: (e) => waits.push(e),
    });
    const reset = Math.floor(Date.now() / 1000) + 1;
    server.replies.push({
      status: 429,
      json: { errors: [{ code: 88, message: 'Rate limit exceeded' }] },
      headers: {
        'x-rate-limit-limit': '1',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(reset),
      },
    });
    server.replies.push({ status: 201, json: { data: { id: '1', text: 'hi' } } });
    const started = Date.now();
    expect(await client.tweet('hi')).toEqual({ id: '1', text: 'hi' });
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]?.reset).toEqual(new Date(reset * 1000));
    expect(waits[0]?.request.method).toBe('POST');
    await client.close();
  });

  it('gives up with the RateLimitError when the reset is further than maxWaitMs', async () => {
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      waitOnRateLimit: { maxWaitMs: 1_000 },
    });
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    server.replies.push({
      status: 429,
      json: {},
      headers: { 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset },
    });
    const error = await caught(client.v2.users.me.get());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
    await client.close();
  });
});

describe('timeouts and aborts', () => {
  it('fails with a TimeoutError naming the limit', async () => {
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      timeout: 100,
      retry: false,
    });
    server.replies.push({ delayMs: 1_000, json: {} });
    const error = await caught(client.v2.users.me.get());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain('100 ms');
    await client.close();
  });

  it('fails with an AbortError when the caller aborts, and does not retry', async () => {
    const client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: fast });
    server.replies.push({ delayMs: 1_000, json: {} });
    const controller = new AbortController();
    const before = server.requests.length;
    const pending = caught(client.v2.users.me.get(undefined, { signal: controller.signal }));
    // Aborted once the server holds the request, so that a retry, if any, would show as a second one.
    await waitFor(() => server.requests.length > before, 'the request to reach the server');
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortError);
    expect(server.requests.length - before).toBe(1);
    await client.close();
  });

  it('refuses requests after close()', async () => {
    const client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url });
    await client.close();
    expect(await caught(client.v2.users.me.get())).toHaveProperty(
      'message',
      expect.stringContaining('closed'),
    );
  });
});

describe('backoff arithmetic', () => {
  it('doubles from the minimum, is capped, and jitters within [0, ceiling]', () => {
    const retry = resolveRetry({ retries: 5, minDelayMs: 100, maxDelayMs: 1_000 });
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, retry, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelay(3, retry, () => 0)).toBe(0);
    expect(backoffDelay(2, retry, () => 0.5)).toBe(200);
  });
});

describe('Retry-After', () => {
  it('waits as long as a 503 asks, within the backoff cap', async () => {
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2_000 },
    });
    server.replies.push({ status: 503, json: {}, headers: { 'retry-after': '1' } }, { json: { ok: true } });
    const started = Date.now();
    expect(await client.v2.users.me.get()).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await client.close();
  });
});

describe('rate-limit waits are bounded', () => {
  it('without a reset header, waits one short backoff (not a minute) per retry, then gives up', async () => {
    const waits: number[] = [];
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 10 },
      waitOnRateLimit: { maxWaitMs: 30_000 },
      onRateLimitWait: (e) => waits.push(e.waitMs),
    });
    const limited = { status: 429, json: { errors: [{ code: 88, message: 'Rate limit exceeded' }] } };
    server.replies.push(limited, limited);
    const started = Date.now();
    expect(await caught(client.v2.users.me.get())).toBeInstanceOf(RateLimitError);
    expect(waits).toEqual([1_000]);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
    await client.close();
  });

  it('a request can opt out of the client’s waiting', async () => {
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      waitOnRateLimit: true,
    });
    // A minute away: the client would wait for it, the request must not.
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    server.replies.push({
      status: 429,
      json: {},
      headers: { 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset },
    });
    const error = await caught(
      client.send({ method: 'GET', url: new URL(`${server.url}/2/users/me`), waitOnRateLimit: false }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
    await client.close();
  });
});
