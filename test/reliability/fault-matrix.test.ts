// The fault-mode upload matrix: for each way the sandbox can fail an APPEND, 10 chunked uploads that must
// all arrive byte for byte with no manual resume, under the four defect checks.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../bench/lib/media-files.mjs';
import { type MediaRateLimitWait, PeonyClient } from '../../src/index.js';
import { type FaultRule, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { activeHandles, leakedHandles, watchDefects } from './harness.js';

const KB = 1024;
const UPLOADS = 10;
const APPEND = 'POST /2/media/upload/:id/append';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    faultSeed: 8,
    mediaProcessing: { stepMs: 5, steps: 2, checkAfterSecs: 0 },
  });
});
afterAll(async () => {
  await sandbox.close();
});

/** One in five APPENDs gets the fault. */
const MODES: ReadonlyArray<[string, Omit<FaultRule, 'route' | 'probability'>]> = [
  ['503', { kind: 'error', status: 503 }],
  ['500', { kind: 'error', status: 500 }],
  ['429 with a reset a second away', { kind: 'rate-limit', resetAfterMs: 1_000 }],
  ['reset while the request body arrives', { kind: 'reset-request', afterBytes: 16 * KB }],
  ['reset after the response headers', { kind: 'reset-response', afterBytes: 0 }],
  ['truncated response', { kind: 'truncate', afterBytes: 0 }],
  ['delay of 300 ms', { kind: 'delay', delayMs: 300 }],
];

describe('fault-mode upload matrix (20% of APPENDs fail)', () => {
  it.each(MODES)(
    '%s: 10 of 10 uploads byte for byte, no manual resume',
    async (_mode, fault) => {
      const id = sandbox.faults.add({ route: APPEND, probability: 0.2, ...fault });
      const before = activeHandles();
      const waits: MediaRateLimitWait[] = [];
      const client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url, timeout: 5_000 });
      try {
        const { result: exact, defects } = await watchDefects(async () => {
          let exact = 0;
          for (let i = 0; i < UPLOADS; i++) {
            const bytes = mp4(2 * 1024 * KB, 100 + i);
            const media = await client.uploadMedia(bytes, {
              chunkSize: 512 * KB,
              retries: 6,
              onRateLimitWait: (wait) => waits.push(wait),
            });
            const seen = (await sandbox.inspect.media(media.mediaId)) as { sha256: string };
            if (seen.sha256 === sha(bytes)) exact++;
          }
          return exact;
        });
        expect(exact).toBe(UPLOADS);
        expect(defects).toEqual({ unhandled: [], uncaught: [] });
        // The fault really fired: a matrix that injects nothing proves nothing.
        const rule = sandbox.faults.list().find((r) => r.id === id);
        expect(rule?.fired).toBeGreaterThan(0);
      } finally {
        sandbox.faults.remove(id);
        await client.close();
      }
      expect(await leakedHandles(before)).toEqual([]);
    },
    120_000,
  );
});
