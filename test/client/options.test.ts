// Client-wide options that reach the wire: a caller's dispatcher, a caller's signal, per-request timeouts.

import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, PeonyClient } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(() => ({ json: { data: { id: '1' } } }));
});
afterAll(() => server.close());

describe('client options', () => {
  it('sends through the dispatcher it is given, and leaves closing it to the caller', async () => {
    let dispatched = 0;
    const agent = new Agent();
    const counting = agent.compose((dispatch: Dispatcher['dispatch']) => (options, handler) => {
      dispatched++;
      return dispatch(options, handler);
    });
    const client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, dispatcher: counting });
    await client.v2.users.me.get();
    await client.v2.users.me.get();
    expect(dispatched).toBe(2);
    await client.close();
    // Still usable by its owner after the client is closed.
    const other = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, dispatcher: counting });
    await other.v2.users.me.get();
    expect(dispatched).toBe(3);
    await other.close();
    await agent.close();
  });

  it('aborts every request of the client when its signal fires', async () => {
    const controller = new AbortController();
    await using client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      signal: controller.signal,
      retry: false,
    });
    server.replies.push({ delayMs: 2_000, json: {} });
    const pending = client.v2.users.me.get().then(
      () => 'resolved',
      (e: unknown) => e,
    );
    setTimeout(() => controller.abort(), 30);
    expect(await pending).toBeInstanceOf(AbortError);
    expect(await client.v2.users.me.get().catch((e: unknown) => e)).toBeInstanceOf(AbortError);
  });

  it('lets one call set its own timeout', async () => {
    await using client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      retry: false,
      timeout: 5_000,
    });
    server.replies.push({ delayMs: 500, json: {} });
    const error = await client.v2.users.me.get(undefined, { timeout: 50 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });
});

describe('a number given as text (as read from an environment variable)', () => {
  it('is refused with the value shown quoted, so the message says why 30000 is not taken', async () => {
    const base = { bearerToken: 'test-bearer', baseUrl: server.url };
    expect(() => new PeonyClient({ ...base, timeout: '30000' as never })).toThrow(/; got "30000"\.$/);
    expect(() => new PeonyClient({ ...base, totalTimeout: '60000' as never })).toThrow(/; got "60000"\.$/);
    expect(() => new PeonyClient({ ...base, retry: { retries: '3' as never } })).toThrow(/; got "3"\.$/);
    const client = new PeonyClient(base);
    try {
      expect(() => client.v2.users.me.get(undefined, { timeout: '50' as never })).toThrow(/; got "50"\.$/);
      await expect(
        client.v2
          .users('1')
          .followers.paginate()
          .toArray({ limit: '10' as never }),
      ).rejects.toThrow(/\(got "10"\)/);
      // A number stays as it is.
      expect(() => new PeonyClient({ ...base, timeout: -1 })).toThrow(/; got -1\.$/);
    } finally {
      await client.close();
    }
  });
});

describe('close()', () => {
  it('cuts a request waiting on a rate-limit reset at once', async () => {
    let waitStarted = (): void => undefined;
    const waiting = new Promise<void>((resolve) => {
      waitStarted = resolve;
    });
    const client = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      waitOnRateLimit: true,
      onRateLimitWait: () => waitStarted(),
    });
    const reset = String(Math.floor(Date.now() / 1000) + 30);
    // A reply left by an earlier test whose request was aborted before it was sent would answer this one.
    server.replies.length = 0;
    const before = server.requests.length;
    server.replies.push({
      status: 429,
      json: {},
      headers: { 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset },
    });
    const pending = client.v2.users.me.get().then(
      () => 'sent',
      (e: unknown) => (e as Error).message,
    );
    // The 429 has come back and the client is now waiting about 30 s for the reset.
    expect(await Promise.race([waiting.then(() => 'waiting'), pending])).toBe('waiting');
    const started = Date.now();
    await client.close();
    expect(await pending).toMatch(/client was closed/);
    expect(server.requests.length - before).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
