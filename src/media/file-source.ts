// A file as a MediaSource: a segment is read when its request is sent, into a buffer used again for later
// segments once nothing can still read it, so a file of any size uploads in flat memory. Paths, file URLs,
// FileHandles and spooled streams all end here.

import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { PeonyError } from '../http/errors.js';
import type { ByteSource } from '../http/multipart.js';
import { InvalidMediaError } from './errors.js';
import { SegmentBuffers } from './segment-buffers.js';

export interface MediaSource {
  /** Total bytes. */
  readonly size: number;
  /** A file name where one is known (path, URL, File). */
  readonly name: string | undefined;
  /** A MIME type the input declared (Blob type, Content-Type); the bytes decide in the end. */
  readonly declaredType: string | undefined;
  /** Reads `length` bytes at `offset` into a buffer of their own (for sniffing). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * The same bytes to send. File-backed where the source is a file: read when the request streams it (a retry
   * reads it again) into a buffer used again for later segments, so memory stays flat. Otherwise one copy of
   * the chunk.
   */
  slice(offset: number, length: number): Promise<ByteSource>;
  /** Releases what the source opened (file handles it opened, temp files). Safe to call twice. */
  close(): Promise<void>;
}

/** A source over a file handle; `owned` handles are closed by `close()`. Chunks are read as they are sent. */
export async function fileSource(
  handle: FileHandle,
  owned: boolean,
  name: string | undefined,
  cleanup?: () => Promise<void>,
): Promise<MediaSource> {
  let stats: { size: number; isFile: boolean };
  try {
    stats = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
  } catch (error) {
    throw unreadable(name ?? 'The file', error);
  }
  const { size, isFile } = stats;
  if (!isFile) {
    if (owned) await handle.close();
    throw new InvalidMediaError(`${name ?? 'The input'} is not a regular file.`);
  }
  const readInto = async (buffer: Buffer, offset: number) => {
    for (let filled = 0; filled < buffer.length; ) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled));
      } catch (error) {
        throw unreadable(name ?? 'The file', error);
      }
      if (bytesRead === 0)
        throw new InvalidMediaError(`${name ?? 'The file'} shrank while it was being uploaded.`);
      filled += bytesRead;
    }
    return buffer;
  };
  const read = (offset: number, length: number) => readInto(Buffer.allocUnsafe(length), offset);
  const buffers = new SegmentBuffers();
  let closed = false;
  return {
    size,
    name,
    declaredType: undefined,
    read,
    async slice(offset, length) {
      // Read whole into one buffer, then written as one piece, as a hand-written client does; the buffer goes
      // back to `buffers` only when its iteration has ended and the request has settled (release).
      let released = false;
      const ended: Buffer[] = [];
      return {
        size: length,
        async *chunks() {
          const pooled = !released;
          const buffer = pooled ? buffers.take(length) : Buffer.allocUnsafe(length);
          try {
            yield await readInto(buffer, offset);
          } finally {
            if (pooled) {
              if (released) buffers.give(buffer);
              else ended.push(buffer);
            }
          }
        },
        async framed(head, tail) {
          const buffer = released
            ? Buffer.allocUnsafe(head.length + length + tail.length)
            : buffers.take(head.length + length + tail.length);
          if (!released) ended.push(buffer);
          buffer.set(head, 0);
          await readInto(buffer.subarray(head.length, head.length + length), offset);
          buffer.set(tail, head.length + length);
          return buffer;
        },
        release() {
          released = true;
          for (const buffer of ended.splice(0)) buffers.give(buffer);
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (owned) await handle.close();
      await cleanup?.();
    },
  };
}

export async function pathSource(path: string): Promise<MediaSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidMediaError(
      code === 'ENOENT' ? `No file at ${path}; check the path.` : `Cannot open ${path} (${code ?? 'error'}).`,
    );
  }
  try {
    return await fileSource(handle, true, basename(path));
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A read failure as a peony error: typed errors pass through, anything else says what could not be read. */
export function unreadable(what: string, error: unknown): PeonyError {
  if (error instanceof PeonyError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EBADF')
    return new InvalidMediaError(`${what} could not be read: its FileHandle is closed; pass an open one.`, {
      cause: error,
    });
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new InvalidMediaError(`${what} could not be read (${detail}).`, { cause: error });
}
