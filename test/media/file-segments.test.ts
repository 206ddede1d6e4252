// A file's segments are read into buffers used again for later segments: a chunk must keep its bytes until
// the request that sent it has settled (release), whatever other segments are read meanwhile.

import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../bench/lib/media-files.mjs';
import type { ByteSource } from '../../src/http/multipart.js';
import { openMediaSource } from '../../src/media/input.js';

const SEGMENT = 64 * 1024;
let dir: string;
let path: string;
const bytes = mp4(4 * SEGMENT + 100, 3);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peony-segments-'));
  path = join(dir, 'clip.mp4');
  await writeFile(path, bytes);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(source: ByteSource): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.chunks()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function chunksOf(source: ByteSource): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.chunks()) chunks.push(chunk);
  return chunks;
}

// Compared by digest: a diff of two 64 KiB buffers would take minutes to print.
const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const expected = (index: number) => digest(bytes.subarray(index * SEGMENT, (index + 1) * SEGMENT));

describe('file segments', () => {
  it('keep their bytes until released, and later segments read their own bytes into the memory given back', async () => {
    const source = await openMediaSource(path);
    try {
      const first = await source.slice(0, SEGMENT);
      const firstChunks = await chunksOf(first);
      // Not released yet (its request has not settled): the next segments must not touch its memory.
      const second = await source.slice(SEGMENT, SEGMENT);
      const secondChunks = await chunksOf(second);
      expect(digest(Buffer.concat(firstChunks))).toEqual(expected(0));
      first.release?.();
      const third = await source.slice(2 * SEGMENT, SEGMENT);
      expect(digest(await read(third))).toEqual(expected(2));
      expect(digest(Buffer.concat(secondChunks))).toEqual(expected(1));
      // A retry of a segment reads it again in full; the short last segment too.
      expect(digest(await read(second))).toEqual(expected(1));
      const last = await source.slice(4 * SEGMENT, 100);
      expect(digest(await read(last))).toEqual(digest(bytes.subarray(4 * SEGMENT)));
    } finally {
      await source.close();
    }
  });

  it('read a retried segment afresh while an abandoned attempt still holds its chunk', async () => {
    const source = await openMediaSource(path);
    try {
      const segment = await source.slice(SEGMENT, SEGMENT);
      const abandoned = segment.chunks()[Symbol.asyncIterator]();
      const held = await abandoned.next();
      const retry = await read(segment);
      segment.release?.();
      const other = await read(await source.slice(3 * SEGMENT, SEGMENT));
      expect(digest(retry)).toEqual(expected(1));
      expect(digest(other)).toEqual(expected(3));
      // The abandoned attempt never ended its iteration: its chunk was never given back.
      expect(digest(held.value as Uint8Array)).toEqual(expected(1));
    } finally {
      await source.close();
    }
  });

  it('frame a segment between a head and a tail in one buffer, kept until released, then used again', async () => {
    const source = await openMediaSource(path);
    try {
      const head = Buffer.from('--b\r\ncontent-disposition: form-data; name="media"\r\n\r\n');
      const tail = Buffer.from('\r\n--b--\r\n');
      const framed = async (index: number, length = SEGMENT) => {
        const segment = await source.slice(index * SEGMENT, length);
        const body = await (segment.framed?.(head, tail) as Promise<Uint8Array>);
        return { segment, body };
      };
      const whole = (index: number, length = SEGMENT) =>
        digest(Buffer.concat([head, bytes.subarray(index * SEGMENT, index * SEGMENT + length), tail]));
      const first = await framed(0);
      const second = await framed(1);
      // Neither released: each holds its own memory.
      expect(first.body.byteLength).toBe(head.length + SEGMENT + tail.length);
      expect(digest(first.body)).toEqual(whole(0));
      expect(digest(second.body)).toEqual(whole(1));
      first.segment.release?.();
      // The memory given back serves the next segment; the unreleased one is untouched.
      const third = await framed(2);
      expect(third.body.buffer).toBe(first.body.buffer);
      expect(digest(third.body)).toEqual(whole(2));
      expect(digest(second.body)).toEqual(whole(1));
      // A longer head (a two-digit segment_index) and the short last segment fit the same kept memory.
      third.segment.release?.();
      const last = await source.slice(4 * SEGMENT, 100);
      const longHead = Buffer.concat([head, Buffer.from('xx')]);
      const lastBody = await (last.framed?.(longHead, tail) as Promise<Uint8Array>);
      expect(lastBody.buffer).toBe(first.body.buffer);
      expect(digest(lastBody)).toEqual(digest(Buffer.concat([longHead, bytes.subarray(4 * SEGMENT), tail])));
    } finally {
      await source.close();
    }
  });
});
