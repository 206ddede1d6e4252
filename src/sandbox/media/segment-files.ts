// Temp-file storage for uploads: one file per segment under <mediaDir>/<mediaId>/, written through a
// spool file and renamed into place, so a half-received or re-sent segment never shows a partial state.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBase64Decoder } from './base64-decoder.js';
import type { ByteSource } from './sniff.js';

export class SegmentTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Segment exceeds ${limit} bytes.`);
    this.name = 'SegmentTooLargeError';
  }
}

/** A fully received body part waiting in the spool folder to become a segment. */
export interface SpooledFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface StoredSegment {
  readonly index: number;
  readonly size: number;
}

export class SegmentFiles {
  readonly #root: string;
  readonly #spoolDir: string;

  constructor(root: string) {
    this.#root = root;
    this.#spoolDir = join(root, 'spool');
  }

  async init(): Promise<void> {
    await mkdir(this.#spoolDir, { recursive: true });
  }

  /**
   * Streams `source` (decoded from base64 when asked) into a spool file. Fails as soon as more than
   * `limit` bytes arrive, and on any source error; in both cases the spool file is removed.
   */
  async spool(source: Readable, options: { limit: number; base64: boolean }): Promise<SpooledFile> {
    const path = join(this.#spoolDir, `${randomBytes(12).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        size += chunk.length;
        if (size > options.limit) {
          callback(new SegmentTooLargeError(options.limit));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const sink = createWriteStream(path);
    try {
      if (options.base64) await pipeline(source, createBase64Decoder(), meter, sink);
      else await pipeline(source, meter, sink);
    } catch (error) {
      // The file may still be opening when the body fails; removing it before the stream has closed would
      // race the open and leave a stray .part behind.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(path, { force: true });
      throw error;
    }
    return { path, size, sha256: hash.digest('hex') };
  }

  async discard(spooled: SpooledFile): Promise<void> {
    await rm(spooled.path, { force: true });
  }

  /** rename() replaces an existing segment atomically, so a re-sent segment is never seen half-written. */
  async commit(spooled: SpooledFile, mediaId: string, index: number): Promise<void> {
    await mkdir(this.#mediaDir(mediaId), { recursive: true });
    try {
      await rename(spooled.path, this.#segmentPath(mediaId, index));
    } catch (error) {
      await unlink(spooled.path).catch(() => undefined);
      throw error;
    }
  }

  async remove(mediaId: string): Promise<void> {
    await rm(this.#mediaDir(mediaId), { recursive: true, force: true });
  }

  async removeAll(): Promise<void> {
    await rm(this.#root, { recursive: true, force: true });
  }

  /** The assembled bytes of an upload: its segments in index order, read from their files on demand. */
  byteSource(mediaId: string, segments: readonly StoredSegment[]): ByteSource {
    const ordered = [...segments].sort((a, b) => a.index - b.index);
    const size = ordered.reduce((sum, segment) => sum + segment.size, 0);
    return {
      size,
      readAt: async (offset, length) => {
        const parts: Buffer[] = [];
        let segmentStart = 0;
        const end = Math.min(offset + length, size);
        for (const segment of ordered) {
          const segmentEnd = segmentStart + segment.size;
          if (segmentEnd > offset && segmentStart < end) {
            const from = Math.max(offset, segmentStart) - segmentStart;
            const to = Math.min(end, segmentEnd) - segmentStart;
            parts.push(await readRange(this.#segmentPath(mediaId, segment.index), from, to - from));
          }
          segmentStart = segmentEnd;
          if (segmentStart >= end) break;
        }
        return Buffer.concat(parts);
      },
    };
  }

  /** The bytes of a spooled body, before it becomes a segment (simple upload sniffs them first). */
  spooledSource(spooled: SpooledFile): ByteSource {
    return {
      size: spooled.size,
      readAt: (offset, length) =>
        readRange(spooled.path, offset, Math.max(0, Math.min(length, spooled.size - offset))),
    };
  }

  /** sha256 of the assembled bytes, streamed file by file. */
  async sha256(mediaId: string, segments: readonly StoredSegment[]): Promise<string> {
    const hash = createHash('sha256');
    for (const segment of [...segments].sort((a, b) => a.index - b.index)) {
      for await (const chunk of createReadStream(this.#segmentPath(mediaId, segment.index))) {
        hash.update(chunk as Buffer);
      }
    }
    return hash.digest('hex');
  }

  #mediaDir(mediaId: string): string {
    // Ids are validated as decimal before they get here; the prefix keeps them apart from the spool folder.
    return join(this.#root, `media-${mediaId}`);
  }

  #segmentPath(mediaId: string, index: number): string {
    return join(this.#mediaDir(mediaId), `segment-${index}`);
  }
}

async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
