// Media upload: time and peak memory of one large video upload from a file, peony beside twitter-api-v2,
// each client in a fresh process against one sandbox running in another.

import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { writeMp4File } from './lib/media-files.mjs';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;

async function startSandboxProcess() {
  const child = spawn(process.execPath, [join(here, 'lib/sandbox-process.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { info: line, stop: () => child.kill('SIGTERM') };
}

async function uploadOnce(who, api, file, sandbox) {
  const { stdout } = await run(process.execPath, [
    join(here, 'lib/upload-worker.mjs'),
    who,
    api,
    file,
    sandbox,
  ]);
  return JSON.parse(stdout);
}

export async function benchMedia({ sizeMb = 64, rounds = 3 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'peony-bench-'));
  const file = join(dir, 'video.mp4');
  await writeMp4File(file, sizeMb * 1024 * 1024);
  const sandbox = await startSandboxProcess();
  const rows = [];
  try {
    for (const api of ['v1.1', 'v2']) {
      const row = { name: `${sizeMb} MB MP4 from a file, ${api} endpoints` };
      for (const who of ['peony', 'twitter-api-v2']) {
        let best = {
          ms: Number.POSITIVE_INFINITY,
          peakRss: Number.POSITIVE_INFINITY,
          warmRss: Number.POSITIVE_INFINITY,
        };
        for (let r = 0; r < rounds; r++) {
          const result = await uploadOnce(who, api, file, sandbox.info);
          best = {
            ms: Math.min(best.ms, result.ms),
            peakRss: Math.min(best.peakRss, result.peakRss),
            warmRss: Math.min(best.warmRss, result.warmRss),
          };
        }
        row[who] = best;
      }
      rows.push(row);
    }
  } finally {
    sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
