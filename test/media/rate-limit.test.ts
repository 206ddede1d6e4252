// X's media rate limit during a chunked upload: a near reset is waited for with the sibling segments held
// back, a far one stops the upload with a checkpoint and the time to resume.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../bench/lib/media-files.mjs';
import {
  InvalidRequestError,
  type MediaRateLimitWait,
  MediaUploadError,
  PeonyClient,
  RateLimitError,
} from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

const KB = 1024;
const APPEND = 'POST /2/media/upload/:id/append';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let sandbox: Sandbox;
let client: PeonyClient;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, mediaProcessing: { stepMs: 5, steps: 2, checkAfterSecs: 0 } });
  client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

describe('429 during a chunked upload', () => {
  it('waits for a near reset, sends no segment while the window is shut, and completes byte for byte', async () => {
    // The third APPEND is refused; X's reset is ~4 s away, beyond what a retry's backoff covers.
    const id = sandbox.faults.add({
      route: APPEND,
      kind: 'rate-limit',
      resetAfterMs: 3_500,
      sequence: [0, 0, 1],
    });
    const bytes = mp4(1024 * KB, 3);
    const waits: MediaRateLimitWait[] = [];
    const seen = () => sandbox.faults.list().find((r) => r.id === id)?.seen ?? 0;
    let appendsDuringWait: Promise<[number, number]> | undefined;
    try {
      const media = await client.uploadMedia(bytes, {
        chunkSize: 128 * KB,
        concurrency: 3,
        onRateLimitWait: (wait) => {
          waits.push(wait);
          // Requests already on the wire were counted when they arrived; none may start until the reset.
          const atWait = seen();
          const checkAt = wait.until.getTime() - Date.now() - 300;
          appendsDuringWait = new Promise((resolve) => setTimeout(() => resolve([atWait, seen()]), checkAt));
        },
      });
      expect(waits).toHaveLength(1);
      expect(waits[0]?.error).toBeInstanceOf(RateLimitError);
      const [atWait, beforeReset] = (await appendsDuringWait) ?? [-1, -2];
      expect(beforeReset).toBe(atWait);
      expect(((await sandbox.inspect.media(media.mediaId)) as { sha256: string }).sha256).toBe(sha(bytes));
    } finally {
      sandbox.faults.remove(id);
    }
  }, 20_000);

  it('stops at a far reset with a checkpoint and resumeAt, and the resume completes the same media', async () => {
    const id = sandbox.faults.add({
      route: APPEND,
      kind: 'rate-limit',
      resetAfterMs: 600_000,
      sequence: [0, 1],
    });
    const bytes = mp4(512 * KB, 4);
    const started = Date.now();
    const error = await client.uploadMedia(bytes, { chunkSize: 128 * KB, concurrency: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    sandbox.faults.remove(id);
    expect(error).toBeInstanceOf(MediaUploadError);
    const stopped = error as MediaUploadError;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stopped.resumeAt?.getTime()).toBeGreaterThan(started + 590_000);
    expect(stopped.message).toMatch(/media rate limit is spent until/);
    expect(stopped.checkpoint.sentSegments).toEqual([0]);
    const media = await client.uploadMedia(bytes, { resume: stopped.checkpoint });
    expect(media.mediaId).toBe(stopped.checkpoint.mediaId);
    expect(((await sandbox.inspect.media(media.mediaId)) as { sha256: string }).sha256).toBe(sha(bytes));
  });

  it('rateLimitWaitMs: 0 never waits', async () => {
    const id = sandbox.faults.add({ route: APPEND, kind: 'rate-limit', resetAfterMs: 3_500, sequence: [1] });
    try {
      const error = await client
        .uploadMedia(mp4(256 * KB, 5), { chunkSize: 128 * KB, rateLimitWaitMs: 0 })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(MediaUploadError);
      expect((error as MediaUploadError).resumeAt).toBeInstanceOf(Date);
    } finally {
      sandbox.faults.remove(id);
    }
  });
});

describe('uploadMedia options', () => {
  it.each([
    [{ api: '1.1' }, /api must be 'v2' or 'v1.1'; got "1.1"/],
    [{ api: 'v3' }, /api must be 'v2' or 'v1.1'; got "v3"/],
    [{ rateLimitWaitMs: -1 }, /rateLimitWaitMs must be from 0/],
    [{ retries: 1e9 }, /retries must be a whole number from 0 to 10/],
    [{ processingTimeoutMs: Number.NaN }, /processingTimeoutMs must be more than 0/],
  ])('%j is refused before anything is sent', async (options, message) => {
    // A rule that never fires counts the requests that reach the sandbox.
    const counter = sandbox.faults.add({ route: '*', kind: 'delay', probability: 0 });
    const error = await client.uploadMedia(mp4(64 * KB), options as never).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(message);
    expect(sandbox.faults.list().find((r) => r.id === counter)?.seen).toBe(0);
    sandbox.faults.remove(counter);
  });
});
