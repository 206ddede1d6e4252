// Media upload from a file path: peony beside a minimal hand-written protocol client (bench/lib/minimal-upload.mjs)
// and twitter-api-v2. Each client uploads in a fresh process (two uploads: the first pays for loading code,
// the second shows the steady state) against a lean, strict fake X in a process of its own
// (bench/lib/fake-x-upload.mjs), so that the times are the clients' own. Rounds alternate.

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

/** A server in a process of its own: the lean fake X, or the sandbox (`lib/sandbox-process.mjs`). */
async function startServer(script, appendFailures = 0) {
  const child = spawn(process.execPath, [join(here, script), String(appendFailures)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { info: line, stop: () => child.kill('SIGTERM') };
}

async function uploads(who, api, file, server, count = 2, warmUpFile = undefined) {
  const { stdout } = await run(
    process.execPath,
    [
      join(here, 'lib/upload-worker.mjs'),
      who,
      api,
      file,
      server.info,
      String(count),
      ...(warmUpFile ? [warmUpFile] : []),
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout);
}

const min = (values) => Math.min(...values);

/** Rounds alternate the order of the contestants; every sample is kept. `roundsOf` may give one fewer. */
async function alternate(rounds, contestants, measure, roundsOf = () => rounds) {
  const samples = Object.fromEntries(contestants.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (const c of round % 2 === 0 ? contestants : [...contestants].reverse())
      if (round < roundsOf(c)) samples[c].push(await measure(c));
  }
  return samples;
}

async function withFile(sizeMib, fn) {
  const dir = await mkdtemp(join(tmpdir(), 'peony-bench-'));
  const file = join(dir, 'video.mp4');
  try {
    await writeMp4File(file, sizeMib * 1024 * 1024);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Transfer time, CPU and peak RSS of each client at `sizeMib`, per API. twitter-api-v2 takes seconds of CPU
 * per 256 MiB (its multipart building), so it runs `peerRounds` rounds only: the targets compare peony with
 * the minimal client, twitter-api-v2 is there to be seen beside them.
 */
export async function benchUploadSpeed({
  sizeMib = 256,
  rounds = 3,
  peerRounds = 1,
  clients = ['peony', 'minimal', 'twitter-api-v2'],
} = {}) {
  return withFile(sizeMib, async (file) => {
    const server = await startServer('lib/fake-x-upload.mjs');
    try {
      const rows = [];
      for (const api of ['v1.1', 'v2']) {
        const samples = await alternate(
          rounds,
          clients,
          (who) => uploads(who, api, file, server),
          (who) => (who === 'twitter-api-v2' ? peerRounds : rounds),
        );
        const row = { api, sizeMib };
        for (const [who, runs] of Object.entries(samples)) {
          row[who] = {
            firstMs: min(runs.map((r) => r.uploads[0].ms)),
            nextMs: min(runs.map((r) => r.uploads[1].ms)),
            firstCpuMs: min(runs.map((r) => r.uploads[0].cpuMs)),
            nextCpuMs: min(runs.map((r) => r.uploads[1].cpuMs)),
            maxRss: min(runs.map((r) => r.maxRss)),
          };
        }
        rows.push(row);
      }
      return rows;
    } finally {
      server.stop();
    }
  });
}

/**
 * Peak RSS of peony and the minimal client (v2, one upload) at each size. Each process first uploads a 16 MiB
 * file in 64 KiB chunks (256 APPENDs), unmeasured: some one-time costs come with the number of answers parsed,
 * not with the file's size. Once a few hundred answers have gone through undici's HTTP parser (WebAssembly), V8
 * compiles it to optimized code in the background, ~30 MB for a moment (gone with `--liftoff-only`); without
 * the warm-up a 512 MiB upload (128 APPENDs) paid it and a 16 MiB one (4) did not, which read as growth.
 */
export async function benchUploadMemory({ sizesMib = [16, 512], rounds = 2 } = {}) {
  const server = await startServer('lib/fake-x-upload.mjs');
  try {
    return await withFile(16, async (warmUp) => {
      const rows = [];
      for (const sizeMib of sizesMib) {
        const samples = await withFile(sizeMib, (file) =>
          alternate(rounds, ['peony', 'minimal'], (who) => uploads(who, 'v2', file, server, 1, warmUp)),
        );
        rows.push({
          sizeMib,
          peony: min(samples.peony.map((r) => r.maxRss)),
          minimal: min(samples.minimal.map((r) => r.maxRss)),
        });
      }
      return rows;
    });
  } finally {
    server.stop();
  }
}

/**
 * peony's v2 upload against a clean sandbox and one where `failures` of the APPENDs answer 503. The sandbox
 * rather than the lean fake: this compares peony with itself, and against the fake a clean 256 MiB upload
 * takes ~0.2 s, about one backoff before a retry (a random wait of up to 0.5 s, then 1 s, by default), and no
 * 256 MiB upload to X is that short.
 */
export async function benchUploadFaults({ sizeMib = 256, failures = 0.2, rounds = 3 } = {}) {
  const clean = await startServer('lib/sandbox-process.mjs');
  const faulty = await startServer('lib/sandbox-process.mjs', failures);
  try {
    const samples = await withFile(sizeMib, (file) =>
      alternate(rounds, ['clean', 'faulty'], (which) =>
        uploads('peony', 'v2', file, which === 'clean' ? clean : faulty, 1),
      ),
    );
    return {
      sizeMib,
      failures,
      cleanMs: min(samples.clean.map((r) => r.uploads[0].ms)),
      faultyMs: min(samples.faulty.map((r) => r.uploads[0].ms)),
    };
  } finally {
    clean.stop();
    faulty.stop();
  }
}
