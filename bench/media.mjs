// Media upload from a file path: peony beside a minimal hand-written protocol client (bench/lib/minimal-upload.mjs),
// twitter-api-v2 and X's official SDK (xdk, v2 only). Each client uploads in a fresh process (two uploads: the
// first pays for loading code, the second shows the steady state) against a lean, strict fake X in a process of
// its own (bench/lib/fake-x-upload.mjs), so that the times are the clients' own. Rounds alternate.

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

/** A server script in a process of its own (the lean fake X), started with `args`; resolves once it prints its line. */
async function startServer(script, ...args) {
  const child = spawn(process.execPath, [join(here, script), ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { info: line, stop: () => child.kill('SIGTERM') };
}

/**
 * One worker process's uploads. `retries`: peony's segment retry budget, where its default (3) is not what is
 * measured. `nodeFlags`: flags for that Node process (only for the diagnostic rows, never for a target).
 */
async function uploads(who, api, file, server, { count = 2, warmUpFile, retries, nodeFlags = [] } = {}) {
  const { stdout } = await run(
    process.execPath,
    [
      ...nodeFlags,
      join(here, 'lib/upload-worker.mjs'),
      who,
      api,
      file,
      server.info,
      String(count),
      ...(warmUpFile ? [warmUpFile] : []),
    ],
    {
      maxBuffer: 1 << 20,
      env: { ...process.env, ...(retries === undefined ? {} : { PEONY_BENCH_RETRIES: String(retries) }) },
    },
  );
  return JSON.parse(stdout);
}

const min = (values) => Math.min(...values);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

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

// A diagnostic contestant, never judged: peony in a process whose V8 keeps WebAssembly at its baseline tier
// (`--liftoff-only`), so undici's HTTP parser is not recompiled in the background on the first answer. Set beside
// peony's own first upload, it shows how much of the first-upload premium that one compile is.
const LIFTOFF = 'peony --liftoff-only';
const workerOf = (contestant) =>
  contestant === LIFTOFF
    ? { who: 'peony', nodeFlags: ['--liftoff-only'] }
    : { who: contestant, nodeFlags: [] };

// The peers: seen beside peony, never judged. Each takes seconds of CPU per 256 MiB, so they run `peerRounds`.
const PEERS = new Set(['twitter-api-v2', 'xdk']);
// X's official SDK has v2's initialize/append/finalize and no v1.1 upload.
const V2_ONLY = new Set(['xdk']);

/**
 * Transfer time, CPU and peak RSS of each client at `sizeMib`, per API. twitter-api-v2 (its multipart building)
 * and X's official SDK (xdk: base64 in JSON) take seconds of CPU per 256 MiB, so they run `peerRounds` rounds
 * only: the targets compare peony with the minimal client, the peers are there to be seen beside them.
 */
export async function benchUploadSpeed({
  sizeMib = 256,
  rounds = 3,
  peerRounds = 1,
  clients = ['peony', 'minimal', LIFTOFF, 'twitter-api-v2', 'xdk'],
} = {}) {
  return withFile(sizeMib, async (file) => {
    const server = await startServer('lib/fake-x-upload.mjs');
    try {
      const rows = [];
      for (const api of ['v1.1', 'v2']) {
        const samples = await alternate(
          rounds,
          clients.filter((c) => api === 'v2' || !V2_ONLY.has(c)),
          (contestant) => {
            const { who, nodeFlags } = workerOf(contestant);
            return uploads(who, api, file, server, { nodeFlags });
          },
          (contestant) => (PEERS.has(contestant) ? peerRounds : rounds),
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
 * A fresh process's first v2 upload, peony beside the minimal client, over a link of `linkMBps` that the lean
 * fake X models (as in benchUploadFaults): on loopback the transfer is bound by the machine's two cores, so any
 * one-time CPU shows in its time; over a link it shows only if the client falls behind the wire. Diagnostic,
 * never judged: the target is judged on loopback.
 */
export async function benchFirstUploadOverLink({ sizeMib = 256, rounds = 3, linkMBps = 125 } = {}) {
  const server = await startServer('lib/fake-x-upload.mjs', 0, linkMBps);
  try {
    const samples = await withFile(sizeMib, (file) =>
      alternate(rounds, ['peony', 'minimal'], (who) => uploads(who, 'v2', file, server, { count: 1 })),
    );
    const first = (runs) => min(runs.map((r) => r.uploads[0].ms));
    const firstCpu = (runs) => min(runs.map((r) => r.uploads[0].cpuMs));
    return {
      sizeMib,
      linkMBps,
      peony: { firstMs: first(samples.peony), firstCpuMs: firstCpu(samples.peony) },
      minimal: { firstMs: first(samples.minimal), firstCpuMs: firstCpu(samples.minimal) },
    };
  } finally {
    server.stop();
  }
}

/**
 * Peak RSS of peony and the minimal client (v2, one upload) at each size. Each process first uploads a 16 MiB
 * file in 64 KiB chunks (256 APPENDs), unmeasured: some one-time costs come with the number of answers parsed,
 * not with the file's size. From a process's first answer, V8 compiles undici's HTTP parser (WebAssembly) to
 * optimized code in the background for 85–190 ms, ~30 MB at its peak (gone with `--liftoff-only`); without the
 * warm-up a 512 MiB upload paid it and a 16 MiB one (four APPENDs, ~20 ms) was over first, which read as growth.
 */
export async function benchUploadMemory({ sizesMib = [16, 512], rounds = 2 } = {}) {
  const server = await startServer('lib/fake-x-upload.mjs');
  try {
    return await withFile(16, async (warmUp) => {
      const rows = [];
      for (const sizeMib of sizesMib) {
        const samples = await withFile(sizeMib, (file) =>
          alternate(rounds, ['peony', 'minimal'], (who) =>
            uploads(who, 'v2', file, server, { count: 1, warmUpFile: warmUp }),
          ),
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
 * peony's v2 upload with `failures` of its APPENDs answered 503 once their whole body has arrived, against the
 * same upload with none, both over a link of `linkMBps` that the lean fake X models (APPEND bodies read no faster).
 * Without the link a clean 256 MiB upload takes ~0.2 s on loopback, about one backoff before a retry, which no
 * upload to X is; with the sandbox, its own run-to-run spread (0.9–1.7 s) decided the ratio. 6 retries per segment:
 * at 20%, uploadMedia's default 3 leaves ~10% of 64-segment uploads stopped with a checkpoint to resume.
 * Medians of `rounds`: the retries' jittered backoff makes the faulty time vary by design.
 */
export async function benchUploadFaults({ sizeMib = 256, failures = 0.2, rounds = 5, linkMBps = 125 } = {}) {
  const clean = await startServer('lib/fake-x-upload.mjs', 0, linkMBps);
  const faulty = await startServer('lib/fake-x-upload.mjs', failures, linkMBps);
  try {
    const samples = await withFile(sizeMib, (file) =>
      alternate(rounds, ['clean', 'faulty'], (which) =>
        uploads('peony', 'v2', file, which === 'clean' ? clean : faulty, { count: 1, retries: 6 }),
      ),
    );
    const ms = (runs) => runs.map((r) => r.uploads[0].ms);
    return {
      sizeMib,
      failures,
      linkMBps,
      cleanMs: median(ms(samples.clean)),
      faultyMs: median(ms(samples.faulty)),
      faultyRange: [Math.min(...ms(samples.faulty)), Math.max(...ms(samples.faulty))],
    };
  } finally {
    clean.stop();
    faulty.stop();
  }
}
