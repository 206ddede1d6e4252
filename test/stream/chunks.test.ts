// How a connection takes its bytes: undici's body through its 'data' events (paused while the reader is
// busy, so that unread bytes stay where the client bounds them), any other async iterable as it iterates.

import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, PeonyClient } from '../../src/index.js';
import { StreamDisconnectError } from '../../src/stream/errors.js';
import { filteredStream, readStreamConnection, type StreamEvent } from '../../src/stream/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let client: PeonyClient;
beforeEach(async () => {
  server = await startTestServer();
  client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url });
});
afterEach(async () => {
  await server.close();
  await client.close();
});

const line = (id: number, text = 'a tweet') => `${JSON.stringify({ data: { id: String(id), text } })}\r\n`;

/** Writes `bytes` in `size`-byte pieces, each once the last was taken, until the client leaves. */
async function writeInPieces(res: ServerResponse, bytes: Buffer, size: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  for (let start = 0; start < bytes.length && !res.destroyed; start += size) {
    if (!res.write(bytes.subarray(start, start + size))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("a tweet stream's reading of undici's body", () => {
  it('delivers every message in order to a reader that pauses while thousands arrive in small chunks', async () => {
    const count = 5_000;
    const written = deferred();
    server.handler = async (_request, res) => {
      await writeInPieces(res, Buffer.from(Array.from({ length: count }, (_, i) => line(i)).join('')), 1_000);
      written.resolve();
      return undefined;
    };
    const ids: string[] = [];
    for await (const tweet of filteredStream(client, { maxReconnects: 0 })) {
      // Busy while every other chunk arrives: they wait, several at once, for the next read.
      if (ids.length === 0) await written.promise;
      ids.push(tweet.data.id);
      if (ids.length === count) break;
    }
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => String(i)));
    expect(server.requests).toHaveLength(1);
  });

  it('cuts a reader that leaves more than 64 MiB unread with a ConnectionError, as a raw body', async () => {
    const text = line(0, 'x'.repeat(4000));
    const flood = Buffer.alloc(Math.ceil((80 * 1024 * 1024) / text.length) * text.length, text);
    const left = deferred();
    server.handler = async (_request, res) => {
      res.once('close', () => left.resolve());
      await writeInPieces(res, flood, 1024 * 1024);
      return undefined;
    };
    const stream = filteredStream(client, { maxReconnects: 0 });
    const outcome = await (async () => {
      // The first tweet, then nothing until the client has cut the connection for falling behind.
      for await (const _ of stream) await left.promise;
    })().catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(ConnectionError);
    expect((outcome as Error).message).toMatch(/more than 64 MiB of its body arrived unread/);
    expect(stream.reconnectsExhausted).toBe(true);
  });
});

describe('readStreamConnection over any async iterable of bytes', () => {
  it('yields messages, keep-alives and X’s notice in order, however the bytes are cut', async () => {
    const wire = new TextEncoder().encode(
      `\r\n${line(1)}${line(2)}\r\n${line(3)}{"errors":[{"title":"operational-disconnect","detail":"bye"}]}\r\n${line(4)}`,
    );
    for (const size of [1, 7, 64, wire.length]) {
      const destroyed: unknown[] = [];
      const body = {
        async *[Symbol.asyncIterator]() {
          for (let start = 0; start < wire.length; start += size) yield wire.slice(start, start + size);
        },
        destroy: (error?: Error) => destroyed.push(error),
        on: () => body,
      };
      const events: StreamEvent[] = [];
      for await (const event of readStreamConnection(body, { stallTimeoutMs: 5_000 })) events.push(event);
      expect(events.map((e) => (e.kind === 'message' ? e.message : e.kind))).toEqual([
        'keep-alive',
        { data: { id: '1', text: 'a tweet' } },
        { data: { id: '2', text: 'a tweet' } },
        'keep-alive',
        { data: { id: '3', text: 'a tweet' } },
        'disconnect',
      ]);
      const notice = events.at(-1);
      expect(notice?.kind === 'disconnect' && notice.error).toBeInstanceOf(StreamDisconnectError);
      expect(notice?.kind === 'disconnect' && notice.error.message).toMatch(/operational-disconnect/);
      expect(destroyed).toEqual([]);
    }
  });
});
