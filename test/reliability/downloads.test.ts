// Media at an http URL, served by servers that misbehave: each ends in the media uploaded byte for byte or a
// typed error within its bound, never a crash, a hang or a leaked handle.

import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../../bench/lib/media-files.mjs';
import {
  AbortError,
  ConnectionError,
  InvalidMediaError,
  PeonyClient,
  type PeonyError,
  TimeoutError,
} from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { activeHandles, expectTypedRejection, leakedHandles, settleWithin, watchDefects } from './harness.js';
import { responseHead, startRawServer, writeInPieces } from './servers.js';

let sandbox: Sandbox;
const MB = 1024 * 1024;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const big = Buffer.from(png(3 * MB));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  // One ordinary upload first, so that what the process sets up once (lazily opened pipes, the file
  // system's worker handles) is in place before any case counts handles.
  const client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
  await client.uploadMedia(Readable.from([big]));
  await client.close();
});
afterAll(async () => {
  await sandbox.close();
});

/** Runs `use` with a fresh client under the four defect checks; the client is closed before handles are counted. */
async function underChecks<T>(timeout: number, use: (client: PeonyClient) => Promise<T>): Promise<T> {
  const before = activeHandles();
  const client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url, timeout });
  const { result, defects } = await watchDefects(async () => {
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  });
  expect(defects.uncaught, 'uncaught exceptions').toEqual([]);
  expect(defects.unhandled, 'unhandled rejections').toEqual([]);
  expect(await leakedHandles(before), 'handles left behind').toEqual([]);
  return result;
}

async function expectUploadFails(
  timeout: number,
  input: (client: PeonyClient) => Parameters<PeonyClient['uploadMedia']>[0],
  expected: abstract new (...args: never[]) => PeonyError,
  boundMs: number,
  options: Parameters<PeonyClient['uploadMedia']>[1] = {},
): Promise<PeonyError> {
  return underChecks(timeout, async (client) => {
    const outcome = await settleWithin(client.uploadMedia(input(client), options), boundMs);
    return expectTypedRejection(outcome, expected, expected.name);
  });
}

describe('media downloads from misbehaving servers', () => {
  it('a node:http server that closes the connection after a large body: 10 of 10 byte for byte', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': big.length, connection: 'close' });
      res.end(big);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.png`;
    try {
      await underChecks(10_000, async (client) => {
        for (let i = 0; i < 10; i++) {
          const media = await client.uploadMedia(url);
          expect(((await sandbox.inspect.media(media.mediaId)) as { sha256: string }).sha256).toBe(sha(big));
        }
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('an HTTP/1.0 server with no length that ends the body by closing: byte for byte', async () => {
    const server = await startRawServer((socket) => {
      socket.write(responseHead(200, { 'content-type': 'image/png' }, '1.0'));
      writeInPieces(socket, big, () => socket.end());
    });
    try {
      await underChecks(10_000, async (client) => {
        for (let i = 0; i < 3; i++) {
          const media = await client.uploadMedia(`${server.url}/a.png`);
          expect(((await sandbox.inspect.media(media.mediaId)) as { sha256: string }).sha256).toBe(sha(big));
        }
      });
    } finally {
      await server.close();
    }
  });

  it('a body that stalls after 20 bytes is cut by the timeout with a TimeoutError', async () => {
    const server = await startRawServer((socket) => {
      socket.write(responseHead(200, { 'content-type': 'image/png', 'content-length': 5000 }));
      socket.write(big.subarray(0, 20));
    });
    try {
      const error = await expectUploadFails(300, () => `${server.url}/stall.png`, TimeoutError, 3_000);
      expect(error.message).toMatch(/stalled: nothing arrived for 300 ms/);
    } finally {
      await server.close();
    }
  });

  it('a server that never answers is cut by the timeout', async () => {
    const server = await startRawServer(() => {});
    try {
      await expectUploadFails(300, () => `${server.url}/silent.png`, TimeoutError, 3_000);
    } finally {
      await server.close();
    }
  });

  it('a refused media URL is a ConnectionError that points at the URL, not at the client’s baseUrl', async () => {
    const server = await startRawServer((socket) => socket.destroy());
    const refused = server.url;
    await server.close();
    const error = await expectUploadFails(5_000, () => `${refused}/gone.png`, ConnectionError, 5_000);
    expect(error.message).toContain(`${refused}/gone.png`);
    expect(error.message).toContain('Check the network and the media URL.');
    expect(error.message).not.toContain('baseUrl');
  });

  it('a connection reset mid-body is a ConnectionError', async () => {
    const server = await startRawServer((socket) => {
      socket.write(responseHead(200, { 'content-type': 'image/png', 'content-length': big.length }));
      writeInPieces(socket, big.subarray(0, MB), () => socket.resetAndDestroy());
    });
    try {
      await expectUploadFails(5_000, () => `${server.url}/reset.png`, ConnectionError, 5_000);
    } finally {
      await server.close();
    }
  });

  it('a body shorter than its Content-Length, then a close, is a ConnectionError', async () => {
    const server = await startRawServer((socket) => {
      socket.write(responseHead(200, { 'content-type': 'image/png', 'content-length': big.length }));
      writeInPieces(socket, big.subarray(0, MB), () => socket.end());
    });
    try {
      await expectUploadFails(5_000, () => `${server.url}/short.png`, ConnectionError, 5_000);
    } finally {
      await server.close();
    }
  });

  it('a body longer than its Content-Length uploads the declared bytes and nothing after', async () => {
    const declared = Buffer.from(png(4_000));
    const server = await startRawServer((socket) => {
      socket.write(responseHead(200, { 'content-type': 'image/png', 'content-length': declared.length }));
      socket.end(Buffer.concat([declared, Buffer.alloc(10_000, 1)]));
    });
    try {
      await underChecks(5_000, async (client) => {
        const media = await client.uploadMedia(`${server.url}/long.png`);
        const seen = (await sandbox.inspect.media(media.mediaId)) as { sha256: string };
        expect(seen.sha256).toBe(sha(declared));
      });
    } finally {
      await server.close();
    }
  });

  it('an error status is an InvalidMediaError naming the status', async () => {
    const server = await startRawServer((socket) => {
      socket.end(`${responseHead(404, { 'content-length': 9, connection: 'close' })}not found`);
    });
    try {
      const error = await expectUploadFails(5_000, () => `${server.url}/gone.png`, InvalidMediaError, 5_000);
      expect(error.message).toMatch(/HTTP 404/);
    } finally {
      await server.close();
    }
  });

  it('a redirect loop stops after 5 redirects with a ConnectionError', async () => {
    const server = await startRawServer((socket) => {
      socket.end(responseHead(302, { location: '/again', 'content-length': 0, connection: 'close' }));
    });
    try {
      const error = await expectUploadFails(5_000, () => `${server.url}/loop`, ConnectionError, 5_000);
      expect(error.message).toMatch(/redirected more than 5 times/);
      expect(server.connections).toBe(6);
    } finally {
      await server.close();
    }
  });

  it('a redirect away from http(s) is not followed: a ConnectionError', async () => {
    const server = await startRawServer((socket) => {
      socket.end(
        responseHead(302, { location: 'ftp://127.0.0.1/file.png', 'content-length': 0, connection: 'close' }),
      );
    });
    try {
      const error = await expectUploadFails(5_000, () => `${server.url}/away`, ConnectionError, 5_000);
      expect(error.message).toBe(`${server.url}/away redirected to a ftp: URL; only http(s) is followed.`);
    } finally {
      await server.close();
    }
  });

  it('a status outside HTTP (600) is a ConnectionError', async () => {
    const server = await startRawServer((socket) => {
      socket.end(`${responseHead(600, { 'content-length': 2, connection: 'close' })}no`);
    });
    try {
      const error = await expectUploadFails(5_000, () => `${server.url}/odd.png`, ConnectionError, 5_000);
      expect(error.message).toBe(`${server.url}/odd.png answered with status 600, which is not HTTP.`);
    } finally {
      await server.close();
    }
  });

  it('a 204 without a body is empty media: an InvalidMediaError', async () => {
    const server = await startRawServer((socket) => {
      socket.end(responseHead(204, { connection: 'close' }));
    });
    try {
      const error = await expectUploadFails(5_000, () => `${server.url}/none.png`, InvalidMediaError, 5_000);
      expect(error.message).toMatch(/empty/i);
    } finally {
      await server.close();
    }
  });

  it('a signal aborted before the download starts is a peony AbortError, and nothing is fetched', async () => {
    const server = await startRawServer((socket) => {
      socket.end(responseHead(404, { 'content-length': 0, connection: 'close' }));
    });
    try {
      await expectUploadFails(5_000, () => `${server.url}/never.png`, AbortError, 3_000, {
        signal: AbortSignal.abort(),
      });
      expect(server.connections).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('a redirect to the media is followed', async () => {
    const small = Buffer.from(png(2_000));
    const server = await startRawServer((socket, head) => {
      if (head.startsWith('GET /moved'))
        socket.end(responseHead(301, { location: '/here.png', 'content-length': 0, connection: 'close' }));
      else
        socket.end(
          Buffer.concat([
            Buffer.from(responseHead(200, { 'content-length': small.length, connection: 'close' })),
            small,
          ]),
        );
    });
    try {
      await underChecks(5_000, async (client) => {
        const media = await client.uploadMedia(`${server.url}/moved`);
        expect(((await sandbox.inspect.media(media.mediaId)) as { sha256: string }).sha256).toBe(sha(small));
      });
    } finally {
      await server.close();
    }
  });
});

describe('stream and file inputs that misbehave', () => {
  it('a Node stream that never ends is cut by the idle timeout', async () => {
    const error = await expectUploadFails(300, () => new Readable({ read() {} }), TimeoutError, 3_000);
    expect(error.message).toMatch(/sent nothing for 300 ms/);
  });

  it('a Node stream that sends some bytes and then stalls is cut by the idle timeout', async () => {
    const stream = new Readable({ read() {} });
    stream.push(big.subarray(0, 1000));
    await expectUploadFails(300, () => stream, TimeoutError, 3_000);
  });

  it('a Node stream that fails is an InvalidMediaError carrying the cause', async () => {
    const stream = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    const error = await expectUploadFails(5_000, () => stream, InvalidMediaError, 3_000);
    expect(error.message).toMatch(/disk gone/);
  });

  it('an abort while a stream is read is a peony AbortError', async () => {
    const controller = new AbortController();
    const stream = new Readable({ read() {} });
    stream.push(big.subarray(0, 1000));
    setTimeout(() => controller.abort(), 50);
    await expectUploadFails(5_000, () => stream, AbortError, 3_000, { signal: controller.signal });
  });

  it('an abort while a URL downloads is a peony AbortError', async () => {
    const server = await startRawServer((socket) => {
      socket.write(responseHead(200, { 'content-type': 'image/png', 'content-length': 5000 }));
      socket.write(big.subarray(0, 20));
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    try {
      await expectUploadFails(5_000, () => `${server.url}/slow.png`, AbortError, 3_000, {
        signal: controller.signal,
      });
    } finally {
      await server.close();
    }
  });

  it('a closed FileHandle is an InvalidMediaError that says so', async () => {
    const { open } = await import('node:fs/promises');
    const handle = await open(new URL(import.meta.url), 'r');
    await handle.close();
    const error = await expectUploadFails(5_000, () => handle, InvalidMediaError, 3_000);
    expect(error.message).toMatch(/FileHandle is closed/);
  });
});
