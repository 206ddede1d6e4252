// The CLI under the mistakes a user makes: a checkpoint reused after its upload completed or edited by
// hand, a post mixing a video with other media, and messages that must speak in flags.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../bench/lib/media-files.mjs';
import { type MediaUploadError, PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { childEnv } from '../helpers/child-coverage.js';
import { CLI_MAIN, runCli, sandboxEnv } from '../helpers/run-cli.js';

const KB = 1024;

/** A port nothing listens on: one the system gave a server that is closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

const peony = runCli;

let sandbox: Sandbox;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  env = sandboxEnv(sandbox);
  dir = await mkdtemp(join(tmpdir(), 'peony-cli-robust-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('peony CLI under user mistakes', { timeout: 90_000 }, () => {
  it('removes a checkpoint once its upload completes', async () => {
    const video = join(dir, 'clip.mp4');
    await writeFile(video, mp4(300 * KB, 21));
    // An upload stopped after its first chunk, as a crash would leave it.
    const id = sandbox.faults.add({
      route: 'POST /2/media/upload/:id/append',
      kind: 'error',
      status: 400,
      sequence: [0, 1],
    });
    const client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
    const stopped = (await client.uploadMedia(video, { chunkSize: 128 * KB, concurrency: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    )) as MediaUploadError;
    await client.close();
    sandbox.faults.remove(id);
    const checkpoint = join(dir, 'checkpoint.json');
    await writeFile(checkpoint, JSON.stringify(stopped.checkpoint));
    const run = await peony(['upload', video, '--resume', checkpoint], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ media_id: stopped.checkpoint.mediaId });
    await expect(access(checkpoint)).rejects.toThrow();
  });

  it('removes a checkpoint once X has refused to process its media: it can lead nowhere', async () => {
    // MP4's first box, then zeros: a video by its bytes, which X's processing refuses.
    const video = join(dir, 'broken.mp4');
    const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
    await writeFile(video, Buffer.concat([ftyp, Buffer.alloc(300 * KB)]));
    const id = sandbox.faults.add({
      route: 'POST /2/media/upload/:id/append',
      kind: 'error',
      status: 400,
      sequence: [0, 1],
    });
    const client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
    const stopped = (await client.uploadMedia(video, { chunkSize: 128 * KB, concurrency: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    )) as MediaUploadError;
    await client.close();
    sandbox.faults.remove(id);
    const checkpoint = join(dir, 'broken-checkpoint.json');
    await writeFile(checkpoint, JSON.stringify(stopped.checkpoint));
    const run = await peony(['upload', video, '--resume', checkpoint], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MediaProcessingError');
    await expect(access(checkpoint)).rejects.toThrow();
  });

  it('refuses a malformed checkpoint, naming what is wrong and the flag', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ api: 'v2', mediaId: '1', mediaType: 'video/mp4', category: 'tweet_video' }),
    );
    const run = await peony(['upload', join(dir, 'x.mp4'), '--resume', bad], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--resume .*bad\.json is not a checkpoint peony wrote \("totalBytes"/);
    expect(run.stderr).not.toMatch(/undefined/);
  });

  it('checks X’s media mix before uploading anything', async () => {
    const video = join(dir, 'mix.mp4');
    await writeFile(video, mp4(64 * KB, 22));
    const counter = sandbox.faults.add({ route: '*', kind: 'delay', probability: 0 });
    const run = await peony(['tweet', 'mixed', '--media', 'examples/media/peony.png', video], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/mix\.mp4 is a video: X takes one video or GIF alone on a post/);
    expect(sandbox.faults.list().find((r) => r.id === counter)?.seen).toBe(0);
    sandbox.faults.remove(counter);
  });

  it('speaks in flags, not library options', async () => {
    const video = join(dir, 'big.mp4');
    await writeFile(video, mp4(600 * KB, 23));
    const run = await peony(['upload', video, '--chunk-size', '100'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--chunk-size/);
    expect(run.stderr).not.toMatch(/chunkSize|options\.|error\.checkpoint/);
  });

  it('names a flag once, and says the environment variable and the flags where the library names its options', async () => {
    const concurrency = await peony(['upload', 'examples/media/peony.png', '--concurrency', '-1'], env);
    expect(concurrency.code).toBe(1);
    expect(concurrency.stderr.trim()).toBe(
      'peony: InvalidRequestError: --concurrency must be a positive whole number; got "-1".',
    );

    const both = await peony(['post', '2/tweets', 'text=hi', '--json', '--form'], env);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/--json.*--form|--form.*--json/);
    expect(both.stderr).not.toMatch(/json: true|form: true/);
    expect(both.stdout).toBe('');

    const notHttp = await peony(['get', '2/users/me'], { ...env, PEONY_BASE_URL: 'ftp://127.0.0.1/' });
    expect(notHttp.code).toBe(1);
    expect(notHttp.stderr).toContain('PEONY_BASE_URL is not an http(s) URL');
    expect(notHttp.stderr).not.toMatch(/PeonyClient|baseUrl/);

    const closed = await closedPort();
    const refused = await peony(['get', '2/users/me'], {
      ...env,
      PEONY_BASE_URL: `http://127.0.0.1:${closed}`,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ConnectionError');
    expect(refused.stderr).toContain('Check the network and PEONY_BASE_URL.');
    expect(refused.stderr).not.toMatch(/client's|baseUrl/);
  });

  it('says PEONY_BASE_URL where a redirect would have it check the client’s baseUrl', async () => {
    const redirecting = createHttpServer((_request, response) => {
      response.writeHead(301, { location: 'https://example.invalid/2/users/me' }).end();
    });
    redirecting.listen(0, '127.0.0.1');
    await once(redirecting, 'listening');
    const { port } = redirecting.address() as AddressInfo;
    try {
      const run = await peony(['get', '2/users/me'], { ...env, PEONY_BASE_URL: `http://127.0.0.1:${port}` });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('RedirectError');
      expect(run.stderr).toContain('check PEONY_BASE_URL and any proxy');
      expect(run.stderr).not.toMatch(/baseUrl/);
    } finally {
      redirecting.close();
      await once(redirecting, 'close');
    }
  });

  it('ends quietly when the reader of a long answer goes away (peony get … | head -c 10)', async () => {
    const long = JSON.stringify({
      data: Array.from({ length: 5000 }, (_, i) => ({ id: `${i}`, text: 'x'.repeat(100) })),
    });
    const server = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(long);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const child = spawn(process.execPath, [CLI_MAIN, 'get', '2/tweets', 'ids=1'], {
        env: childEnv({ ...env, PEONY_BASE_URL: `http://127.0.0.1:${port}` }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      // What `head -c 10` does: take the first bytes, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      const [code] = (await once(child, 'close')) as [number | null];
      expect(stderr).not.toContain('EPIPE');
      expect(code, stderr).toBe(0);
    } finally {
      server.close();
      await once(server, 'close');
    }
  });

  it('on SIGTERM (a job timing out) or SIGHUP cancels an upload as on Ctrl-C: checkpoint saved, spool removed', async () => {
    // Each chunk waits a little at the sandbox, so the signal comes mid-upload.
    const slow = sandbox.faults.add({
      route: 'POST /2/media/upload/:id/append',
      kind: 'delay',
      delayMs: 100,
    });
    try {
      for (const [signal, exitCode] of [
        ['SIGTERM', 143],
        ['SIGHUP', 129],
      ] as const) {
        const work = await mkdtemp(join(dir, `${signal}-`));
        const spoolDir = join(work, 'tmp');
        await mkdir(spoolDir);
        // From standard input, of unknown length: spooled to a temp file before it is sent.
        const child = spawn(process.execPath, [CLI_MAIN, 'upload', '-', '--chunk-size', '262144'], {
          env: childEnv({ ...env, TMPDIR: spoolDir }),
          cwd: work,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        child.stdin.end(mp4(4 * 1024 * KB, 5));
        let stderr = '';
        let sent = false;
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (!sent && stderr.includes('stdin: uploading')) sent = child.kill(signal);
        });
        const [code, killedBy] = (await once(child, 'close')) as [number | null, string | null];
        expect({ signal, code, killedBy }, stderr).toEqual({ signal, code: exitCode, killedBy: null });
        expect(stderr).toMatch(
          /Cancelled: \d+ chunks of media \d+ arrived\. Continue with .*--resume peony-upload-/,
        );
        expect((await readdir(work)).filter((name) => name.startsWith('peony-upload-'))).toHaveLength(1);
        expect(await readdir(spoolDir)).toEqual([]);
      }
    } finally {
      sandbox.faults.remove(slow);
    }
  });

  it('says when a rate limit resets, since the shell cannot read the error for it', async () => {
    const fault = sandbox.faults.add({ route: 'GET /2/users/me', kind: 'rate-limit', resetAfterMs: 900_000 });
    try {
      const run = await peony(['get', '2/users/me'], env);
      expect(run.code).toBe(1);
      const at = /Wait for the reset at (\S+) \(in \d+ s\)\./.exec(run.stderr)?.[1];
      expect(at, run.stderr).toBeDefined();
      expect(Math.abs(Date.parse(at ?? '') - (sandbox.clock.now() + 900_000))).toBeLessThan(60_000);
      expect(run.stderr).not.toMatch(/waitOnRateLimit|create the client/);
    } finally {
      sandbox.faults.remove(fault);
    }
  });
});
