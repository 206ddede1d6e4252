// Each kind of media input at its edges: what a source reads, and the InvalidMediaError, TimeoutError or
// AbortError (with its message) a caller gets for an input that cannot be read. Real files, real streams and a
// real server on port 0.
import { mkdir, mkdtemp, open, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/http/errors.js';
import { InvalidMediaError } from '../../src/media/errors.js';
import { openMediaSource } from '../../src/media/input.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let dir: string;
let file: string;
const bytes = Uint8Array.from({ length: 64 }, (_, i) => i);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peony-input-kinds-'));
  file = join(dir, 'clip.bin');
  await writeFile(file, bytes);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The error a promise rejects with, for asserting its class and exact message. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

async function collect(source: AsyncIterable<Uint8Array> | Uint8Array): Promise<number[]> {
  if (source instanceof Uint8Array) return [...source];
  const out: number[] = [];
  for await (const chunk of source) out.push(...chunk);
  return out;
}

describe('files', () => {
  it('refuses a directory, by path or by FileHandle', async () => {
    const sub = join(dir, 'folder');
    await mkdir(sub, { recursive: true });
    const byPath = await failure(openMediaSource(sub));
    expect(byPath).toBeInstanceOf(InvalidMediaError);
    expect((byPath as Error).message).toBe('folder is not a regular file.');

    const handle = await open(sub, 'r');
    try {
      const byHandle = await failure(openMediaSource(handle));
      expect((byHandle as Error).message).toBe('The input is not a regular file.');
      // The caller's handle is theirs: still open.
      expect((await handle.stat()).isDirectory()).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('says why a path cannot be opened when it is not for want of a file', async () => {
    const error = await failure(openMediaSource(join(file, 'inside')));
    expect(error).toBeInstanceOf(InvalidMediaError);
    expect((error as Error).message).toBe(`Cannot open ${join(file, 'inside')} (ENOTDIR).`);
  });

  it('refuses a FileHandle that is already closed', async () => {
    const handle = await open(file, 'r');
    await handle.close();
    const error = await failure(openMediaSource(handle));
    expect(error).toBeInstanceOf(InvalidMediaError);
    expect((error as Error).message).toBe(
      'The file could not be read: its FileHandle is closed; pass an open one.',
    );
  });

  it('fails a read when the caller closes their FileHandle mid-upload', async () => {
    const handle = await open(file, 'r');
    const source = await openMediaSource(handle);
    expect([...(await source.read(0, 4))]).toEqual([0, 1, 2, 3]);
    await handle.close();
    const error = await failure(source.read(0, 4));
    expect(error).toBeInstanceOf(InvalidMediaError);
    expect((error as Error).message).toMatch(/^The file could not be read: its FileHandle is closed/);
    await source.close();
  });

  it('says the file shrank when it is cut short after it was opened', async () => {
    const path = join(dir, 'shrinks.bin');
    await writeFile(path, bytes);
    const source = await openMediaSource(path);
    try {
      expect(source.size).toBe(64);
      await truncate(path, 10);
      const error = await failure(source.read(0, 64));
      expect(error).toBeInstanceOf(InvalidMediaError);
      expect((error as Error).message).toBe('shrinks.bin shrank while it was being uploaded.');
    } finally {
      await source.close();
    }
  });

  it('reads a slice whether it is released before, during or after its iteration, and closes twice safely', async () => {
    const source = await openMediaSource(file);
    const before = await source.slice(8, 4);
    before.release?.();
    expect(await collect(before.chunks())).toEqual([8, 9, 10, 11]);

    const during = await source.slice(16, 4);
    const iterator = during.chunks()[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect([...(first.value as Uint8Array)]).toEqual([16, 17, 18, 19]);
    during.release?.();
    expect((await iterator.next()).done).toBe(true);

    // The buffer given back above serves the next slice of that size, with the right bytes in it.
    const after = await source.slice(32, 4);
    expect(await collect(after.chunks())).toEqual([32, 33, 34, 35]);
    after.release?.();

    await source.close();
    await source.close();
  });
});

describe('in-memory inputs', () => {
  it('takes a File with its name and type', async () => {
    const source = await openMediaSource(new File([bytes], 'photo.png', { type: 'image/png' }));
    expect(source.name).toBe('photo.png');
    expect(source.declaredType).toBe('image/png');
    expect([...(await source.read(60, 4))]).toEqual([60, 61, 62, 63]);
  });

  it('reads a Response without a body as empty, keeping its declared type', async () => {
    const source = await openMediaSource(
      new Response(null, { headers: { 'content-type': 'image/gif; charset=binary' } }),
    );
    expect(source.size).toBe(0);
    expect(source.declaredType).toBe('image/gif');
  });

  it('refuses a Response whose body was already read', async () => {
    const response = new Response('GIF89a');
    await response.text();
    const error = await failure(openMediaSource(response));
    expect(error).toBeInstanceOf(InvalidMediaError);
    expect((error as Error).message).toBe('The Response body was already read; pass a fresh Response.');
  });
});

describe('streams of unknown length', () => {
  it('spools into the tempDir given, and removes the spool on close', async () => {
    const spoolRoot = join(dir, 'spools');
    await mkdir(spoolRoot, { recursive: true });
    const source = await openMediaSource(Readable.from([Buffer.from(bytes)]), { tempDir: spoolRoot });
    expect(source.size).toBe(64);
    expect(await readdir(spoolRoot)).toHaveLength(1);
    await source.close();
    expect(await readdir(spoolRoot)).toEqual([]);
  });

  it('stops a stream that brings more than maxBytes', async () => {
    const stream = Readable.from([Buffer.alloc(10), Buffer.alloc(10)]);
    const error = await failure(openMediaSource(stream, { maxBytes: 15 }));
    expect(error).toBeInstanceOf(InvalidMediaError);
    expect((error as Error).message).toBe(
      'The media stream brought more than 15 bytes, more than X accepts for any media.',
    );
  });

  it('times out a stream that sends nothing, naming its file', async () => {
    const silent = Object.assign(new PassThrough(), { path: '/var/media/stuck.mp4' });
    const error = await failure(openMediaSource(silent, { idleTimeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/^stuck\.mp4 sent nothing for 50 ms/);
  });

  it('ends with an AbortError when its signal is aborted', async () => {
    const error = await failure(openMediaSource(new PassThrough(), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).message).toBe('Reading the media was aborted by its AbortSignal.');
  });
});

describe('URLs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((request) =>
      request.path === '/missing.png'
        ? { status: 404, text: 'no such media' }
        : { headers: { 'content-type': 'image/png' }, bytes },
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('downloads with the global fetch; a URL path without a file name gives no name', async () => {
    const source = await openMediaSource(`${server.url}/`);
    try {
      expect(source.name).toBeUndefined();
      expect(source.declaredType).toBe('image/png');
      expect([...(await source.read(0, 64))]).toEqual([...bytes]);
    } finally {
      await source.close();
    }
  });

  it('says which download failed and with which status', async () => {
    const error = await failure(openMediaSource(new URL(`${server.url}/missing.png?sig=secret`)));
    expect(error).toBeInstanceOf(InvalidMediaError);
    expect((error as Error).message).toBe(`Downloading ${server.url}/missing.png failed with HTTP 404.`);
  });

  it('ends with an AbortError when the download is aborted', async () => {
    const error = await failure(openMediaSource(`${server.url}/a.png`, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).message).toBe('Downloading the media was aborted by its AbortSignal.');
  });

  it('refuses a URL scheme it cannot read', async () => {
    const error = await failure(openMediaSource(new URL('data:image/png;base64,AAAA')));
    expect(error).toBeInstanceOf(InvalidMediaError);
    expect((error as Error).message).toBe(
      'Cannot read media from a data: URL; use a path, file: or http(s): URL.',
    );
  });

  it('reports what a failing fetch threw, an Error or not', async () => {
    const url = new URL(`${server.url}/b.png`);
    const withError = await failure(
      openMediaSource(url, {
        fetch: async () => {
          throw new Error('proxy refused');
        },
      }),
    );
    expect((withError as Error).message).toBe(`${server.url}/b.png could not be read (proxy refused).`);
    const withString = await failure(
      openMediaSource(url, {
        fetch: async () => {
          throw 'offline';
        },
      }),
    );
    expect(withString).toBeInstanceOf(InvalidMediaError);
    expect((withString as Error).message).toBe(`${server.url}/b.png could not be read (offline).`);
  });
});
