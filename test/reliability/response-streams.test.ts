// Every path where the client hands back a body stream (a raw `responseType: 'stream'` call, X's tweet streams,
// media fetched from a URL), against servers that end the connection themselves: `Connection: close`, an
// HTTP/1.0 answer as `python3 -m http.server` gives, a close or a reset mid-body. undici 7 crashed the process
// with `assert(!this.paused)` when such a close met a body its reader had not yet taken (nodejs/undici#5360);
// each case is run 20 times over body sizes around undici's 64 KiB buffer, where the crash came.

import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../../bench/lib/media-files.mjs';
import { ConnectionError, PeonyClient, type PeonyError } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { activeHandles, leakedHandles, settleWithin, watchDefects } from './harness.js';
import { type RawServer, responseHead, startRawServer, writeInPieces } from './servers.js';

const RUNS = 20;
const KiB = 1024;
/** Sizes on both sides of undici's 64 KiB body buffer, one per run. */
const sizes = Array.from({ length: RUNS }, (_, i) => 48 * KiB + i * 1_999);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

/** A raw server whose every connection resolves `closed()` once the client has let go of it. */
async function serverThatCloses(
  answer: (socket: Socket, head: string) => void,
): Promise<{ server: RawServer; nextClose: () => Promise<void> }> {
  let waiters: Array<() => void> = [];
  const server = await startRawServer((socket, head) => {
    socket.once('close', () => {
      for (const resolve of waiters) resolve();
      waiters = [];
    });
    answer(socket, head);
  });
  return { server, nextClose: () => new Promise<void>((resolve) => waiters.push(resolve)) };
}

/** Runs `use` with a client of `baseUrl` under the defect checks: no crash, no unhandled rejection, no leak. */
async function underChecks(baseUrl: string, use: (client: PeonyClient) => Promise<void>): Promise<void> {
  const before = activeHandles();
  const client = new PeonyClient({ ...sandbox.credentials, baseUrl, timeout: 5_000 });
  const { result: outcome, defects } = await watchDefects(async () => {
    try {
      return await settleWithin(use(client), 10_000);
    } finally {
      await client.close();
    }
  });
  expect(defects.uncaught, 'uncaught exceptions (undici assertions)').toEqual([]);
  expect(defects.unhandled, 'unhandled rejections').toEqual([]);
  expect(outcome.kind, 'settled without a hang').not.toBe('hung');
  if (outcome.kind === 'rejected') throw outcome.error;
  expect(await leakedHandles(before), 'handles left behind').toEqual([]);
}

function rawStream(client: PeonyClient, url: string): Promise<Readable> {
  return client
    .send<Readable>({ method: 'GET', url: new URL(url), responseType: 'stream' })
    .then((body) => body);
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readError(body: Readable): Promise<unknown> {
  try {
    await readAll(body);
  } catch (error) {
    return error;
  }
  throw new Error('the body ended without an error');
}

/** The answer `python3 -m http.server` gives: HTTP/1.0, a Content-Length, then the server closes. */
function pythonLikeHead(length: number): string {
  return responseHead(
    200,
    {
      server: 'SimpleHTTP/0.6 Python/3.11',
      'content-type': 'application/octet-stream',
      'content-length': length,
    },
    '1.0',
  );
}

describe("responseType: 'stream' when the server closes the connection", () => {
  it('Connection: close, body left unread until the server is gone: every byte, 20 of 20', async () => {
    let size = 0;
    const { server, nextClose } = await serverThatCloses((socket) => {
      socket.write(responseHead(200, { 'content-length': size, connection: 'close' }));
      socket.end(Buffer.alloc(size, 0x61));
    });
    try {
      await underChecks(server.url, async (client) => {
        for (const next of sizes) {
          size = next;
          const closed = nextClose();
          const body = await rawStream(client, `${server.url}/s`);
          // The reader is slow: the server has closed before it takes the first byte.
          await closed;
          expect((await readAll(body)).length).toBe(next);
        }
      });
    } finally {
      await server.close();
    }
  });

  it('an HTTP/1.0 answer as python3 -m http.server gives it: every byte, 20 of 20', async () => {
    let size = 0;
    const { server, nextClose } = await serverThatCloses((socket) => {
      socket.write(pythonLikeHead(size));
      socket.end(Buffer.alloc(size, 0x62));
    });
    try {
      await underChecks(server.url, async (client) => {
        for (const next of sizes) {
          size = next;
          const closed = nextClose();
          const body = await rawStream(client, `${server.url}/file.bin`);
          await closed;
          expect((await readAll(body)).length).toBe(next);
        }
      });
    } finally {
      await server.close();
    }
  });

  it('a close mid-body is a ConnectionError when the body is read, 20 of 20', async () => {
    let size = 0;
    const { server, nextClose } = await serverThatCloses((socket) => {
      socket.write(responseHead(200, { 'content-length': size * 2, connection: 'close' }));
      socket.end(Buffer.alloc(size, 0x63));
    });
    try {
      await underChecks(server.url, async (client) => {
        for (const next of sizes) {
          size = next;
          const closed = nextClose();
          const body = await rawStream(client, `${server.url}/short`);
          await closed;
          const error = await readError(body);
          expect(error).toBeInstanceOf(ConnectionError);
          expect((error as PeonyError).message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/short failed/);
        }
      });
    } finally {
      await server.close();
    }
  });

  it('a reset mid-body is a ConnectionError when the body is read, 20 of 20', async () => {
    let size = 0;
    const { server, nextClose } = await serverThatCloses((socket) => {
      socket.write(responseHead(200, { 'content-length': size * 2 }));
      writeInPieces(socket, Buffer.alloc(size, 0x64), () => socket.resetAndDestroy(), 16 * KiB);
    });
    try {
      await underChecks(server.url, async (client) => {
        for (const next of sizes) {
          size = next;
          const closed = nextClose();
          const body = await rawStream(client, `${server.url}/reset`);
          await closed;
          expect(await readError(body)).toBeInstanceOf(ConnectionError);
        }
      });
    } finally {
      await server.close();
    }
  });

  it('a reader that leaves more than 64 MiB unread gets a ConnectionError instead of unbounded memory', async () => {
    const total = 80 * KiB * KiB;
    const { server } = await serverThatCloses((socket) => {
      socket.write(responseHead(200, { 'content-length': total }));
      writeInPieces(socket, Buffer.alloc(total, 0x65), () => socket.end(), KiB * KiB);
    });
    try {
      await underChecks(server.url, async (client) => {
        const body = await rawStream(client, `${server.url}/flood`);
        const error = await new Promise<unknown>((resolve) => body.once('error', resolve));
        expect(error).toBeInstanceOf(ConnectionError);
        expect((error as Error).message).toMatch(/more than 64 MiB of its body arrived unread/);
      });
    } finally {
      await server.close();
    }
  });
});

describe('tweet streams and media URLs when the server closes the connection', () => {
  it('a sample stream whose server closes after a burst delivers every tweet to a slow reader, 20 of 20', async () => {
    let count = 0;
    const line = (i: number) => `${JSON.stringify({ data: { id: String(i), text: 'x'.repeat(200) } })}\r\n`;
    const { server, nextClose } = await serverThatCloses((socket) => {
      socket.write(responseHead(200, { 'content-type': 'application/json', connection: 'close' }, '1.0'));
      socket.end(Array.from({ length: count }, (_, i) => line(i)).join(''));
    });
    try {
      await underChecks(server.url, async (client) => {
        for (const size of sizes) {
          count = Math.ceil((4 * size) / line(0).length);
          const closed = nextClose();
          const stream = client.sampleStream({ maxReconnects: 0 });
          const tweets = stream[Symbol.asyncIterator]();
          const ids: string[] = [];
          const first = await tweets.next();
          if (!first.done) ids.push(first.value.data.id);
          await closed;
          while (ids.length < count) {
            const next = await tweets.next();
            if (next.done) break;
            ids.push(next.value.data.id);
          }
          await tweets.return?.();
          expect(ids).toEqual(Array.from({ length: count }, (_, i) => String(i)));
        }
      });
    } finally {
      await server.close();
    }
  });

  it('media from an HTTP/1.0 server that closes after the body uploads byte for byte, 20 of 20', async () => {
    let media: Uint8Array = new Uint8Array();
    const { server } = await serverThatCloses((socket) => {
      socket.write(pythonLikeHead(media.length));
      socket.end(media);
    });
    try {
      await underChecks(sandbox.url, async (client) => {
        for (const size of sizes) {
          media = png(size);
          const uploaded = await client.uploadMedia(`${server.url}/image.png`);
          const stored = (await sandbox.inspect.media(uploaded.mediaId)) as { sha256: string };
          expect(stored.sha256).toBe(sha(media));
        }
      });
    } finally {
      await server.close();
    }
  });
});
