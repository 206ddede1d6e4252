// `peony upload http://…` from a server that answers HTTP/1.0 and closes the connection after the body, as
// `python3 -m http.server` does: the issue saw the process killed by undici's `assert(!this.paused)` in 3 of
// 10 runs. Every run must exit 0 with the media stored byte for byte.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../../bench/lib/media-files.mjs';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runCli, sandboxEnv } from '../helpers/run-cli.js';
import { type RawServer, responseHead, startRawServer } from '../reliability/servers.js';

const RUNS = 10;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let sandbox: Sandbox;
let server: RawServer;
/** One image per run, sized around undici's 64 KiB body buffer, served by its path. */
const images = new Map(Array.from({ length: RUNS }, (_, i) => [`/${i}.png`, png(56 * 1024 + i * 3_001)]));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  server = await startRawServer((socket, head) => {
    const body = images.get(head.split(' ')[1] ?? '') ?? Buffer.alloc(0);
    socket.write(
      responseHead(
        200,
        { server: 'SimpleHTTP/0.6 Python/3.11', 'content-type': 'image/png', 'content-length': body.length },
        '1.0',
      ),
    );
    socket.end(body);
  });
});
afterAll(async () => {
  await server.close();
  await sandbox.close();
});

describe('peony upload of an http URL', { timeout: 120_000 }, () => {
  it(`exits 0 with the media byte for byte from a server that closes, ${RUNS} of ${RUNS}`, async () => {
    const env = sandboxEnv(sandbox);
    for (const [path, bytes] of images) {
      const run = await runCli(['upload', `${server.url}${path}`], env);
      expect(run.stderr).not.toMatch(/AssertionError|paused/);
      expect(run.code, run.stderr).toBe(0);
      const { media_id } = JSON.parse(run.stdout) as { media_id: string };
      expect(((await sandbox.inspect.media(media_id)) as { sha256: string }).sha256).toBe(sha(bytes));
    }
  });
});
