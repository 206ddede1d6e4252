import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { authorization, call, multipartBody, type UserCredentials } from './client.js';
import { jpeg, mp4, sha256, split } from './fixtures.js';

const UPLOAD = '/1.1/media/upload.json';
let sb: Sandbox;
let me: UserCredentials;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = await mkdtemp(join(tmpdir(), 'peony-media-test-'));
  sb = await startSandbox({ mediaDir });
  me = { ...sb.credentials, now: () => sb.context.now() };
});
afterAll(async () => {
  await sb.close();
  await rm(mediaDir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function init(totalBytes: number, mediaType: string): Promise<string> {
  const response = await call(sb.url, UPLOAD, {
    auth: me,
    form: { command: 'INIT', total_bytes: String(totalBytes), media_type: mediaType },
  });
  return (response.json as { media_id_string: string }).media_id_string;
}

function appendParts(id: string, index: number, bytes: Buffer) {
  return multipartBody([
    { name: 'command', value: 'APPEND' },
    { name: 'media_id', value: id },
    { name: 'segment_index', value: String(index) },
    { name: 'media', value: bytes, filename: 'chunk', contentType: 'application/octet-stream' },
  ]);
}

const append = (id: string, index: number, bytes: Buffer) =>
  call(sb.url, UPLOAD, {
    auth: me,
    multipart: [
      { name: 'command', value: 'APPEND' },
      { name: 'media_id', value: id },
      { name: 'segment_index', value: String(index) },
      { name: 'media', value: bytes, filename: 'chunk', contentType: 'application/octet-stream' },
    ],
  });

/** Sends the headers and part of an APPEND body over a raw socket, then kills the connection. */
async function appendAndCut(id: string, index: number, bytes: Buffer, sendBytes: number): Promise<void> {
  const url = new URL(UPLOAD, sb.url);
  const { body, contentType } = appendParts(id, index, bytes);
  const headers = [
    `POST ${url.pathname} HTTP/1.1`,
    `Host: ${url.host}`,
    `Content-Type: ${contentType}`,
    `Content-Length: ${body.length}`,
    `Authorization: ${authorization('POST', url.toString(), me).authorization}`,
    '',
    '',
  ].join('\r\n');
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(headers);
      socket.write(body.subarray(0, sendBytes), () => setTimeout(() => socket.destroy(), 50));
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached');
}

describe('interrupted uploads', () => {
  it('leaves no partial segment when the connection dies mid-APPEND, and the segment can be re-sent', async () => {
    const bytes = jpeg(40, 30, 3 * 1024 * 1024);
    const id = await init(bytes.length, 'image/jpeg');
    const [first, second] = split(bytes, 2 * 1024 * 1024) as [Buffer, Buffer];
    expect((await append(id, 0, first)).status).toBe(204);
    await appendAndCut(id, 1, second, 600_000);
    await eventually(async () => (await filesUnder(mediaDir)).every((path) => !path.endsWith('.part')));
    const seen = (await sb.inspect.media(id)) as { segments: { index: number }[] };
    expect(seen.segments.map((segment) => segment.index)).toEqual([0]);
    expect((await append(id, 1, second)).status).toBe(204);
    const done = await call(sb.url, UPLOAD, { auth: me, form: { command: 'FINALIZE', media_id: id } });
    expect(done.status, done.text).toBe(200);
    expect(((await sb.inspect.media(id)) as { sha256: string }).sha256).toBe(sha256(bytes));
  });

  it('refuses a multipart body that ends inside the media part, keeping nothing of it', async () => {
    const id = await init(100_000, 'image/jpeg');
    const { body, contentType } = appendParts(id, 0, Buffer.alloc(100_000, 7));
    const url = new URL(UPLOAD, sb.url);
    const { request } = await import('undici');
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': contentType, ...authorization('POST', url.toString(), me) },
      body: body.subarray(0, body.length - 5_000),
    });
    const text = await response.body.text();
    expect(response.statusCode, text).toBe(400);
    expect(JSON.parse(text)).toEqual({ request: UPLOAD, error: 'Malformed multipart body.' });
    expect(((await sb.inspect.media(id)) as { segments: unknown[] }).segments).toEqual([]);
    expect((await filesUnder(mediaDir)).filter((path) => path.endsWith('.part'))).toEqual([]);
  });

  it('recovers from the sandbox’s own reset-request fault on APPEND', async () => {
    const bytes = jpeg(10, 10, 200_000);
    const id = await init(bytes.length, 'image/jpeg');
    sb.faults.add({ route: `POST ${UPLOAD}`, kind: 'reset-request', afterBytes: 50_000, times: 1 });
    await expect(append(id, 0, bytes)).rejects.toThrow();
    expect((await append(id, 0, bytes)).status).toBe(204);
    expect(((await sb.inspect.media(id)) as { sha256: string }).sha256).toBe(sha256(bytes));
  });

  it('deletes the files of an expired upload', async () => {
    const id = await init(1000, 'image/jpeg');
    expect((await append(id, 0, Buffer.alloc(400))).status).toBe(204);
    const ours = async () => (await filesUnder(mediaDir)).filter((path) => path.includes(`media-${id}`));
    expect(await ours()).toHaveLength(1);
    sb.clock.advance(86_401_000);
    expect(await sb.inspect.media(id)).toBeUndefined();
    await eventually(async () => (await ours()).length === 0);
  });

  it('removes every file on close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'peony-media-close-'));
    const local = await startSandbox({ mediaDir: dir });
    const creds = { ...local.credentials, now: () => local.context.now() };
    const init = await call(local.url, UPLOAD, {
      auth: creds,
      form: { command: 'INIT', total_bytes: '1000', media_type: 'image/jpeg' },
    });
    const id = (init.json as { media_id_string: string }).media_id_string;
    await call(local.url, UPLOAD, {
      auth: creds,
      multipart: [
        { name: 'command', value: 'APPEND' },
        { name: 'media_id', value: id },
        { name: 'segment_index', value: '0' },
        { name: 'media', value: Buffer.alloc(500), filename: 'c' },
      ],
    });
    expect((await filesUnder(dir)).length).toBeGreaterThan(0);
    await local.close();
    expect(await filesUnder(dir)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('memory', () => {
  it('keeps memory bounded with 20 concurrent 2 MB appends', async () => {
    const size = 2 * 1024 * 1024;
    const bytes = mp4(20 * size - 200);
    const pieces = split(bytes, size);
    expect(pieces.length).toBe(20);
    const id = await init(bytes.length, 'video/mp4');
    // Prepared bodies are allocated before measuring; only the server's share shows in the difference.
    const bodies = pieces.map((piece, index) => appendParts(id, index, piece));
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const url = new URL(UPLOAD, sb.url);
    const { request } = await import('undici');
    const answers = await Promise.all(
      bodies.map(async ({ body, contentType }) => {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': contentType, ...authorization('POST', url.toString(), me) },
          body,
        });
        await response.body.dump();
        return response.statusCode;
      }),
    );
    clearInterval(sampler);
    expect(answers.every((status) => status === 204)).toBe(true);
    const growthMb = (peak - before) / (1024 * 1024);
    // 40 MB went through; a server holding the bodies in memory would grow by about that much.
    expect(growthMb).toBeLessThan(25);
    expect(((await sb.inspect.media(id)) as { bytesReceived: number }).bytesReceived).toBe(bytes.length);
  });
});
