// The stream against a scripted server on port 0: awkward chunking on a real socket, unknown message kinds,
// X closing the response, 5xx, lines that are not JSON or too long, and a hook that throws.

import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PeonyClient, ServerError } from '../../src/index.js';
import { LineTooLongError, StreamDisconnectError } from '../../src/stream/errors.js';
import {
  filteredStream,
  openStream,
  type ReconnectEvent,
  type StreamedTweet,
} from '../../src/stream/index.js';
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

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Writes each piece as its own chunk on the wire, then ends the response unless `keepOpen`. */
async function writeChunks(
  res: ServerResponse,
  pieces: readonly Uint8Array[],
  keepOpen = false,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
  for (const piece of pieces) {
    res.write(piece);
    await pause();
  }
  if (!keepOpen) res.end();
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** `text` cut into pieces at the given byte offsets. */
function cut(text: string, offsets: readonly number[]): Uint8Array[] {
  const all = bytes(text);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, all.length]) {
    pieces.push(all.slice(start, offset));
    start = offset;
  }
  return pieces;
}

describe('a stream over a real socket', () => {
  it('reassembles messages cut anywhere, skips unknown kinds, and reconnects as X says after an end, a 503 and garbage', async () => {
    // A raw \n between tokens and an escaped one in the text: neither separates messages.
    const firstWire = '\r\n{"data":\n{"id":"1","text":"🌸 one\\nline"}}\r\n';
    const wireBytes = bytes(firstWire);
    const flower = wireBytes.indexOf(0xf0);
    // Between the keep-alive's \r and \n, at each byte inside 🌸, and between the message's \r and \n.
    const cuts = [1, flower + 1, flower + 2, flower + 3, wireBytes.length - 1];
    server.handler = async (_request, res) => {
      switch (server.requests.length) {
        case 1:
          await writeChunks(res, [
            ...cut(firstWire, cuts),
            bytes('{"some_new_kind":{"x":1}}\r\n'),
            bytes('{"data":{"id":"2","text":"two"},"errors":[{"title":"Not Found Error","type":"x"}]}\r\n'),
          ]);
          return undefined;
        case 2:
          return { status: 503, json: { title: 'Service Unavailable', detail: 'busy', type: 'about:blank' } };
        case 3:
          await writeChunks(res, [bytes('this is not json\r\n')], true);
          return undefined;
        default:
          await writeChunks(res, [bytes('{"data":{"id":"3","text":"three"}}\r\n')], true);
          return undefined;
      }
    };
    const waits: number[] = [];
    const reconnects: ReconnectEvent[] = [];
    const stream = filteredStream(client, {
      tweetFields: ['created_at'],
      sleep: async (ms) => {
        waits.push(ms);
      },
      onReconnect: (event) => reconnects.push(event),
    });
    const tweets: StreamedTweet[] = [];
    for await (const tweet of stream) {
      tweets.push(tweet);
      if (tweets.length === 3) break;
    }
    expect(tweets.map((t) => t.data.text)).toEqual(['🌸 one\nline', 'two', 'three']);
    expect(tweets[1]?.errors?.[0]?.title).toBe('Not Found Error');
    expect(stream.keepAlives).toBe(1);
    // Ended after delivering: at once. 503: 5 s. Garbage before anything: 250 ms.
    expect(reconnects.map((r) => r.delayMs)).toEqual([0, 5_000, 250]);
    expect(waits).toEqual([5_000, 250]);
    expect(reconnects[0]?.error).toBeInstanceOf(StreamDisconnectError);
    expect(reconnects[1]?.error).toBeInstanceOf(ServerError);
    expect(reconnects[2]?.error.message).toMatch(/not JSON/);
    const request = server.requests[0];
    expect(request?.path).toBe('/2/tweets/search/stream');
    expect(request?.query.get('tweet.fields')).toBe('created_at');
    expect(request?.headers.authorization).toBe('Bearer test-bearer');
  });

  it('ends with a LineTooLongError, without reconnecting, when a message passes maxLineBytes', async () => {
    server.handler = async (_request, res) => {
      await writeChunks(
        res,
        cut(`{"data":{"id":"1","text":"${'x'.repeat(200)}"}}\r\n`, [50, 100, 150]),
        true,
      );
      return undefined;
    };
    const stream = openStream(client, new URL('/2/tweets/sample/stream', server.url), { maxLineBytes: 64 });
    await expect(
      (async () => {
        for await (const _ of stream) break;
      })(),
    ).rejects.toBeInstanceOf(LineTooLongError);
    expect(server.requests).toHaveLength(1);
  });

  it('openStream yields every message; a throwing hook ends the iteration with its own error', async () => {
    server.handler = async (_request, res) => {
      await writeChunks(res, [bytes('{"some_new_kind":1}\r\n\r\n')], true);
      return undefined;
    };
    const hookError = new Error('a bug in my handler');
    const stream = openStream(client, new URL('/2/anything/stream', server.url), {
      onKeepAlive: () => {
        throw hookError;
      },
    });
    const seen: unknown[] = [];
    const outcome = await (async () => {
      for await (const message of stream) seen.push(message);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ some_new_kind: 1 }]);
    expect(outcome).toBe(hookError);
    expect(stream.reconnects).toBe(0);
  });
});
