// A parallel upload keeps to as many connections as it has APPENDs in flight: undici lends a connection again
// only a loop turn after its answer, and an APPEND sent at once used to open another (6–8 for 4 in flight).
// At X each connection is a TLS handshake. The benchmarks' lean fake X (a real server on port 0, strict about
// framing and segment sums) answers fast enough for the race to show, and counts the connections.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUploadServer, startFakeUploadServer } from '../../bench/lib/fake-x-upload.mjs';
import { mp4 } from '../../bench/lib/media-files.mjs';
import { PeonyClient } from '../../src/index.js';

const SEGMENT = 1024 * 1024;
const SEGMENTS = 32;
let fake: FakeUploadServer;
let dir: string;
let path: string;

beforeAll(async () => {
  fake = await startFakeUploadServer();
  dir = await mkdtemp(join(tmpdir(), 'peony-connections-'));
  path = join(dir, 'clip.mp4');
  await writeFile(path, mp4(SEGMENTS * SEGMENT, 5));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a parallel upload', () => {
  for (const api of ['v1.1', 'v2'] as const) {
    it(`opens no more connections than APPENDs in flight (${api}, ${SEGMENTS} segments, 4 in flight)`, async () => {
      const client = new PeonyClient({ ...fake.credentials, baseUrl: fake.url });
      const before = fake.connections;
      try {
        const result = await client.uploadMedia(path, {
          api,
          chunkSize: SEGMENT,
          concurrency: 4,
          waitForProcessing: false,
        });
        expect(result.size).toBe(SEGMENTS * SEGMENT);
      } finally {
        await client.close();
      }
      expect(fake.connections - before).toBeGreaterThanOrEqual(1);
      expect(fake.connections - before).toBeLessThanOrEqual(4);
    });
  }
});
