// The built `peony` command as a user runs it (npm test builds first).

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMp4File } from '../../bench/lib/media-files.mjs';
import { PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { childEnv } from '../helpers/child-coverage.js';
import { CLI_MAIN, runCli, sandboxEnv } from '../helpers/run-cli.js';

const MAIN = CLI_MAIN;

const peony = runCli;

let sandbox: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());

// Each case spawns the CLI (a fresh Node process) several times; on a loaded machine one spawn alone can take
// seconds, so the bound is per case, not per spawn.
describe('peony CLI', { timeout: 90_000 }, () => {
  it('without credentials, says loudly that it uses a sandbox, uploads and posts', async () => {
    const run = await peony(['tweet', 'hello from the CLI', '--media', 'examples/media/peony.png']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('NO CREDENTIALS SET: using a local X sandbox');
    expect(run.stderr).toMatch(/uploaded examples\/media\/peony.png as media \d+ \(image\/png, 2874 bytes\)/);
    const tweet = JSON.parse(run.stdout) as { id: string; text: string };
    // X ends a post with media with a t.co link for it.
    expect(tweet.text).toMatch(/^hello from the CLI https:\/\/t\.co\/\w{10}$/);
  });

  it('with credentials, talks to the server they name, and reads any endpoint', async () => {
    const posted = await peony(
      ['upload', 'examples/media/peony.png', '--tweet', 'uploaded by the CLI', '--alt', 'a peony'],
      env,
    );
    expect(posted.code).toBe(0);
    expect(posted.stderr).not.toContain('NO CREDENTIALS');
    const { media, tweet } = JSON.parse(posted.stdout) as {
      media: { media_id: string };
      tweet: { id: string };
    };
    expect((await sandbox.inspect.media(media.media_id)) as { altText: string }).toMatchObject({
      altText: 'a peony',
    });
    const read = await peony(['get', `2/tweets/${tweet.id}`, 'expansions=attachments.media_keys'], env);
    expect(read.code).toBe(0);
    // X ends a post with media with a t.co link for it.
    expect(JSON.parse(read.stdout)).toMatchObject({
      data: { id: tweet.id, text: expect.stringMatching(/^uploaded by the CLI https:\/\/t\.co\/\w{10}$/) },
    });
    const me = await peony(['get', '1.1/account/verify_credentials', '--include'], env);
    const [head, body] = me.stdout.trim().split('\n');
    // The status line is snake_case like the body under it: `jq .rate_limit.remaining`.
    expect(JSON.parse(head ?? '')).toEqual({
      method: 'GET',
      status: 200,
      rate_limit: { limit: 75, remaining: expect.any(Number), reset: expect.stringMatching(/^\d{4}-.*Z$/) },
    });
    expect(JSON.parse(body ?? '')).toMatchObject({ screen_name: sandbox.user.username });
    // X's body as sent: the v1.1 id stays digit for digit beside id_str.
    const { id_str } = JSON.parse(body ?? '') as { id_str: string };
    expect(body).toContain(`"id":${id_str}`);
  });

  it('upload and --include print snake_case JSON, as X spells its answers and as tweet, get and stream print', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'peony-cli-snake-'));
    const video = join(dir, 'clip.mp4');
    await writeMp4File(video, 256 * 1024);
    const image = await peony(['upload', 'examples/media/peony.png'], env);
    const posted = await peony(['post', '2/tweets', 'text=snake', '--include'], env);
    const status = JSON.parse(posted.stdout.split('\n')[0] ?? '') as Record<string, unknown>;
    // X's 24-hour windows as well, named after its x-app-limit-24hour-* and x-user-limit-24hour-* headers.
    expect(status).toMatchObject({
      rate_limit: { app_24hour: { limit: expect.any(Number) }, user_24hour: { limit: expect.any(Number) } },
    });
    const clip = await peony(['upload', video, '--tweet', 'a clip'], env);
    await rm(dir, { recursive: true, force: true });
    expect(image.code, image.stderr).toBe(0);
    expect(clip.code, clip.stderr).toBe(0);
    const png = JSON.parse(image.stdout) as Record<string, unknown>;
    // The same fields as before, named as X names them: `jq -r .media_id`, `.image.image_type`.
    expect(Object.keys(png).sort()).toEqual([
      'category',
      'expires_at',
      'image',
      'media_id',
      'media_key',
      'media_type',
      'size',
    ]);
    expect(png).toMatchObject({
      media_id: expect.stringMatching(/^\d+$/),
      media_type: 'image/png',
      category: 'tweet_image',
      size: 2874,
      image: { image_type: 'image/png', w: 128, h: 128 },
    });
    expect(Date.parse(String(png.expires_at))).toBeGreaterThan(Date.now());
    const both = JSON.parse(clip.stdout) as {
      media: { media_id: string; media_type: string; processing_info: { state: string } };
      tweet: { id: string };
    };
    expect(both.media).toMatchObject({ media_type: 'video/mp4', processing_info: { state: 'succeeded' } });
    expect(await sandbox.inspect.media(both.media.media_id)).toMatchObject({ state: 'succeeded' });
    // No camelCase anywhere, nested objects and the posted tweet included.
    const keys = (value: unknown): string[] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, inner]) => [key, ...keys(inner)])
        : [];
    expect([...keys(png), ...keys(both), ...keys(status)].filter((key) => /[A-Z]/.test(key))).toEqual([]);
  });

  it('reads app-only with the consumer pair or a bearer alone, and names missing user variables', async () => {
    const posted = JSON.parse((await peony(['tweet', 'readable by apps'], env)).stdout) as { id: string };
    const app = {
      PEONY_BASE_URL: sandbox.url,
      PEONY_CONSUMER_KEY: env.PEONY_CONSUMER_KEY ?? '',
      PEONY_CONSUMER_SECRET: env.PEONY_CONSUMER_SECRET ?? '',
    };
    for (const extra of [{}, { PEONY_BEARER_TOKEN: sandbox.credentials.bearerToken }]) {
      const read = await peony(['get', `2/tweets/${posted.id}`], { ...app, ...extra });
      expect(read.code).toBe(0);
      expect(JSON.parse(read.stdout)).toMatchObject({ data: { id: posted.id } });
    }
    const half = await peony(['get', '2/users/me'], { ...app, PEONY_ACCESS_TOKEN: 'x' });
    expect(half.code).toBe(1);
    expect(half.stderr).toContain('set PEONY_ACCESS_TOKEN_SECRET too');
  });

  it('fails with one clear line, exit code 1, and no secret', async () => {
    const run = await peony(['get', '2/users/me'], {
      ...env,
      PEONY_ACCESS_TOKEN_SECRET: 'wrong-secret-value',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^peony: UnauthorizedError: X answered 401/);
    expect(run.stderr).not.toContain('wrong-secret-value');
    expect(run.stderr).not.toContain('    at ');
    const bad = await peony(['upload', 'no/such/file.png'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('InvalidMediaError: No file at no/such/file.png');
  });

  it('auth: prints the authorize page, takes the PIN on stdin, prints working tokens', async () => {
    const child = spawn(process.execPath, [MAIN, 'auth'], {
      env: childEnv({
        PEONY_BASE_URL: env.PEONY_BASE_URL ?? '',
        PEONY_CONSUMER_KEY: env.PEONY_CONSUMER_KEY ?? '',
        PEONY_CONSUMER_SECRET: env.PEONY_CONSUMER_SECRET ?? '',
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const page = await new Promise<string>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const found = /(http:\/\/\S+\/oauth\/authorize\?oauth_token=\S+)/.exec(stderr);
        if (found?.[1]) resolve(found[1]);
      });
    });
    // The user: approve on the page, read the PIN, type it.
    const token = new URL(page).searchParams.get('oauth_token') ?? '';
    const approved = await fetch(`${sandbox.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ oauth_token: token, approve: '1' }),
    });
    const pin = /id="oauth_pin">(\d+)</.exec(await approved.text())?.[1];
    child.stdin.write(`${pin}\n`);
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain(`Authorized as @${sandbox.user.username}`);
    const exports = Object.fromEntries([...stdout.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
    const me = await peony(['get', '2/users/me'], { ...env, ...exports });
    expect(JSON.parse(me.stdout)).toMatchObject({ data: { id: sandbox.user.id } });
  });

  it('stream: prints matching tweets as JSON lines until Ctrl-C, then removes its rules', async () => {
    const child = spawn(process.execPath, [MAIN, 'stream', '--rule', 'blossom'], {
      env: childEnv({
        PEONY_BASE_URL: sandbox.url,
        PEONY_BEARER_TOKEN: sandbox.credentials.bearerToken,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const firstLine = new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
      });
    });
    // The command says on stderr when its stream is open; only then can a tweet reach it.
    let stderr = '';
    const connected = new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('connected to the filtered stream')) resolve();
      });
    });
    const app = new PeonyClient({ bearerToken: sandbox.credentials.bearerToken, baseUrl: sandbox.url });
    await connected;
    await peony(['tweet', 'a blossom in the CLI'], env);
    const tweet = JSON.parse(await firstLine) as {
      data: { text: string };
      matching_rules: { tag?: string }[];
    };
    expect(tweet.data.text).toBe('a blossom in the CLI');
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(await app.streamRules.get()).toEqual([]);
    await app.close();
  });

  it('upload: Ctrl-C cancels cleanly, writes a checkpoint, and --resume finishes the same media', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'peony-cli-resume-'));
    const file = join(dir, 'long.mp4');
    await writeMp4File(file, 24 * 1024 * 1024);
    const child = spawn(
      process.execPath,
      [MAIN, 'upload', file, '--chunk-size', '262144', '--concurrency', '1'],
      {
        env: childEnv({ ...env, TMPDIR: dir }),
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // One Ctrl-C: a second one is the user's way to force the exit.
      if (!interrupted && stderr.includes('uploading')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(130);
    expect(stderr).toMatch(/Cancelled: \d+ chunks of media \d+ arrived/);
    const checkpointFile = (await readdir(dir)).find((f) => f.startsWith('peony-upload-'));
    expect(checkpointFile).toBeDefined();
    const resumed = await peony(['upload', file, '--resume', join(dir, checkpointFile ?? '')], env);
    expect(resumed.code).toBe(0);
    const media = JSON.parse(resumed.stdout) as { media_id: string };
    expect(checkpointFile).toContain(media.media_id);
    const seen = (await sandbox.inspect.media(media.media_id)) as { sha256: string; state: string };
    expect(seen.sha256).toBe(
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a sandbox that other clients can use, until stopped', async () => {
    const child: ChildProcess = spawn(process.execPath, [MAIN, 'sandbox', '--port', '0'], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const found = /listening on (http:\/\/\S+)/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)));
    });
    expect(out).toContain('PEONY_CONSUMER_KEY=');
    expect(out).toContain(`Watch it live in a browser: ${url}/__sandbox/view/`);
    const run = await peony(['tweet', 'to a CLI sandbox'], { ...env, PEONY_BASE_URL: url });
    expect(run.code).toBe(0);
    expect(await (await fetch(`${url}/__sandbox/view/`)).text()).toContain('to a CLI sandbox');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('runs an https sandbox with --https, and a client trusting the printed CA file posts to it', async () => {
    const child: ChildProcess = spawn(process.execPath, [MAIN, 'sandbox', '--port', '0', '--https'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const caPath = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const found = /export NODE_EXTRA_CA_CERTS=(\S+)/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)));
    });
    const url = /listening on (https:\/\/\S+)/.exec(out)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain(`export REQUESTS_CA_BUNDLE=${caPath}`);
    expect(await readFile(caPath, 'utf8')).toContain('BEGIN CERTIFICATE');
    const untrusted = await peony(['tweet', 'untrusted'], { ...env, PEONY_BASE_URL: url });
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(untrusted.stderr).toContain('NODE_EXTRA_CA_CERTS=<file>');
    const run = await peony(['tweet', 'over https'], {
      ...env,
      PEONY_BASE_URL: url,
      NODE_EXTRA_CA_CERTS: caPath,
    });
    expect(run.stderr).toMatch(/^posted tweet \d+\n$/);
    expect(run.code).toBe(0);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    await expect(readFile(caPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops a sandbox on SIGHUP (its terminal closed) as on Ctrl-C: exit code 0, the --https CA file removed', async () => {
    const child: ChildProcess = spawn(process.execPath, [MAIN, 'sandbox', '--port', '0', '--https'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const caPath = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const found = /export NODE_EXTRA_CA_CERTS=(\S+)/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)));
    });
    try {
      child.kill('SIGHUP');
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      await expect(readFile(caPath)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await rm(dirname(caPath), { recursive: true, force: true });
    }
  });
});
