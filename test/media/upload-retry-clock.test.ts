// When a failed APPEND goes again: once X has accepted a sibling it goes at once, not after the client's own
// backoff, but never before a wait X asked for. The decisions themselves: segment-queue.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../bench/lib/media-files.mjs';
import { PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { startTestServer } from '../helpers/test-server.js';

const KB = 1024;
const APPEND = 'POST /2/media/upload/:id/append';
let sandbox: Sandbox;
let client: PeonyClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

describe('a failed APPEND after X accepted others', () => {
  it('goes again right after the next segment, not after its backoff', async () => {
    const rule = sandbox.faults.add({ route: APPEND, kind: 'error', status: 503, sequence: [0, 1] });
    const order: number[] = [];
    try {
      const media = await client.uploadMedia(mp4(6 * 64 * KB, 3), {
        chunkSize: 64 * KB,
        concurrency: 1,
        waitForProcessing: false,
        onCheckpoint: (checkpoint) => {
          for (const index of checkpoint.sentSegments) if (!order.includes(index)) order.push(index);
        },
      });
      // 1 failed after 0 was accepted: it waits for one other segment (so retries spread through the upload),
      // not for its backoff of up to 250 ms, which 3, 4 and 5 would fill first on loopback.
      expect(order).toEqual([0, 2, 1, 3, 4, 5]);
      expect(sandbox.faults.list()[0]?.fired).toBe(1);
      expect(((await sandbox.inspect.media(media.mediaId)) as { segments: unknown[] }).segments).toHaveLength(
        6,
      );
    } finally {
      sandbox.faults.remove(rule);
    }
  });
});

describe('a wait X asked for', () => {
  it('is kept even after acceptances: a 503 with Retry-After: 1 goes again a second later', async () => {
    const times = new Map<string, number[]>();
    const server = await startTestServer((request) => {
      const media = { id: '1880028106020515840', media_key: '7_1880028106020515840' };
      if (request.path.endsWith('/initialize'))
        return { json: { data: { ...media, expires_after_secs: 86400 } } };
      if (request.path.endsWith('/finalize')) return { json: { data: { ...media, size: 3 * 64 * KB } } };
      const segment = /name="segment_index"\r\n\r\n(\d+)/.exec(request.text)?.[1] ?? '?';
      const arrivals = times.get(segment) ?? [];
      arrivals.push(Date.now());
      times.set(segment, arrivals);
      if (segment === '2' && arrivals.length === 1) {
        return { status: 503, headers: { 'retry-after': '1' }, json: { title: 'Service Unavailable' } };
      }
      return { status: 204 };
    });
    const local = new PeonyClient({
      ...sandbox.credentials,
      baseUrl: server.url,
      retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5_000 },
    });
    try {
      await local.uploadMedia(mp4(3 * 64 * KB, 3), {
        chunkSize: 64 * KB,
        concurrency: 1,
        waitForProcessing: false,
      });
      const [failed, retried] = times.get('2') ?? [];
      expect(retried).toBeDefined();
      // Timers may fire a millisecond early against Date.now(); a retry clocked by the acceptances of 0 and 1
      // would come within a few milliseconds.
      expect((retried ?? 0) - (failed ?? 0)).toBeGreaterThanOrEqual(990);
    } finally {
      await local.close();
      await server.close();
    }
  });
});
