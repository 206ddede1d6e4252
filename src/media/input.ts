// Any MediaInput → one sized source of chunks. Streams of unknown length are spooled to a temp file,
// so that INIT knows total_bytes, chunks can be read in any order for parallel APPENDs and retries, and
// memory stays flat whatever the size. A chunk's buffer is used again only once nothing can still read it.

import { Blob } from 'node:buffer';
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { AbortError, PeonyError, TimeoutError } from '../http/errors.js';
import { blobBytes, bytesOf } from '../http/multipart.js';
import { InvalidMediaError } from './errors.js';
import { fileSource, type MediaSource, pathSource, unreadable } from './file-source.js';

/**
 * Everything `uploadMedia` accepts. The web types are the global ones, so that the DOM lib's `Blob`,
 * `ReadableStream` and `Response` are accepted as well as Node's.
 */
export type MediaInput =
  /** A file path, or a `file:` / `http(s):` URL written as a string. */
  | string
  /** A `file:` URL, or an `http(s):` URL that is downloaded (streamed to a temp file, never held in memory). */
  | URL
  /** An open file; it stays open and yours to close. */
  | FileHandle
  /** A Node stream; it is read once, to the end. */
  | NodeJS.ReadableStream
  /** A web stream. */
  | globalThis.ReadableStream<Uint8Array>
  | Uint8Array
  | ArrayBuffer
  | globalThis.Blob
  /** A fetch Response (its body is read once). */
  | globalThis.Response;

export type { MediaSource } from './file-source.js';

export interface OpenOptions {
  readonly signal?: AbortSignal | undefined;
  /** Where streams of unknown length are spooled. Default: the OS temp folder. */
  readonly tempDir?: string | undefined;
  /** Fetches http(s) URLs; the client passes its own (its dispatcher, its timeout). Default: the global fetch. */
  readonly fetch?: ((url: URL, init: { signal?: AbortSignal }) => Promise<Response>) | undefined;
  /** Longest silence while reading a stream of unknown length before it fails with a TimeoutError. Default 30 s. */
  readonly idleTimeoutMs?: number | undefined;
  /** Most bytes a stream of unknown length may bring (X's largest media). Default 512 MiB. */
  readonly maxBytes?: number | undefined;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

function isFileHandle(input: unknown): input is FileHandle {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as FileHandle).read === 'function' &&
    typeof (input as FileHandle).stat === 'function' &&
    'fd' in input
  );
}

function isNodeStream(input: unknown): input is NodeJS.ReadableStream {
  return (
    typeof input === 'object' && input !== null && typeof (input as NodeJS.ReadableStream).pipe === 'function'
  );
}

function isWebStream(input: unknown): input is WebReadableStream<Uint8Array> {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as WebReadableStream).getReader === 'function'
  );
}

function isResponse(input: unknown): input is Response {
  return (
    typeof input === 'object' &&
    input !== null &&
    'arrayBuffer' in input &&
    'headers' in input &&
    'status' in input &&
    'body' in input
  );
}

function blobSource(blob: Blob, name: string | undefined): MediaSource {
  return {
    size: blob.size,
    name,
    declaredType: blob.type || undefined,
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
    async slice(offset, length) {
      return blobBytes(blob.slice(offset, offset + length));
    },
    async close() {},
  };
}

function bytesSource(bytes: Uint8Array): MediaSource {
  return {
    size: bytes.byteLength,
    name: undefined,
    declaredType: undefined,
    async read(offset, length) {
      // A copy: the caller may change its array while chunks are in flight.
      return Uint8Array.prototype.slice.call(bytes, offset, offset + length);
    },
    async slice(offset, length) {
      // A copy, for the same reason as read().
      return bytesOf(Uint8Array.prototype.slice.call(bytes, offset, offset + length));
    },
    async close() {},
  };
}

/** Streams a body of unknown length to a temp file, then reads it like any file; the file goes on close. */
async function spooledSource(
  stream: NodeJS.ReadableStream,
  options: OpenOptions,
  name: string | undefined,
  declaredType: string | undefined,
): Promise<MediaSource> {
  // The stream may fail while the temp folder is made: with no listener that would be an uncaught
  // exception. The pipeline below still sees the failure (the stream is left errored).
  const swallow = () => {};
  (stream as NodeJS.EventEmitter).on('error', swallow);
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'peony-media-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'spool');
  try {
    await pipeline(
      stream,
      guard(options, name),
      createWriteStream(path),
      ...(options.signal ? [{ signal: options.signal }] : []),
    );
  } catch (error) {
    (stream as NodeJS.EventEmitter).off('error', swallow);
    await removeDir();
    if (options.signal?.aborted) throw new AbortError('Reading the media was aborted by its AbortSignal.');
    throw unreadable(name ?? 'The media stream', error);
  }
  (stream as NodeJS.EventEmitter).off('error', swallow);
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const source = await fileSource(handle, true, name, removeDir);
    return { ...source, declaredType };
  } catch (error) {
    await handle?.close();
    await removeDir();
    throw error;
  }
}

/**
 * Passes the bytes on, failing with a TimeoutError when nothing arrives for `idleTimeoutMs` (a stream that
 * never ends), and with an InvalidMediaError past `maxBytes` (a stream that never stops).
 */
function guard(options: OpenOptions, name: string | undefined): Transform {
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let bytes = 0;
  const transform: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      timer.refresh();
      bytes += chunk.length;
      if (bytes > maxBytes) {
        done(
          new InvalidMediaError(
            `${name ?? 'The media stream'} brought more than ${maxBytes} bytes, more than X accepts for any media.`,
          ),
        );
        return;
      }
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      done(error);
    },
  });
  const timer = setTimeout(() => {
    transform.destroy(
      new TimeoutError(
        `${name ?? 'The media stream'} sent nothing for ${idleMs} ms, so reading it stopped; check that the stream ends, or raise the client's timeout.`,
        { timeoutMs: idleMs },
      ),
    );
  }, idleMs);
  return transform;
}

/** Opens any MediaInput as a MediaSource. The caller must `close()` it. */
export async function openMediaSource(input: MediaInput, options: OpenOptions = {}): Promise<MediaSource> {
  // A string that spells a URL is one (a path that starts with "http://" is not worth supporting).
  if (typeof input === 'string' && /^(https?|file):\/\//i.test(input))
    return openMediaSource(new URL(input), options);
  if (typeof input === 'string') return pathSource(input);
  if (input instanceof URL) {
    if (input.protocol === 'file:') return pathSource(fileURLToPath(input));
    if (input.protocol !== 'http:' && input.protocol !== 'https:') {
      throw new InvalidMediaError(
        `Cannot read media from a ${input.protocol} URL; use a path, file: or http(s): URL.`,
      );
    }
    const fetcher = options.fetch ?? ((url: URL, init: { signal?: AbortSignal }) => fetch(url, init));
    let response: Response;
    try {
      response = await fetcher(input, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      if (options.signal?.aborted && !(error instanceof PeonyError))
        throw new AbortError('Downloading the media was aborted by its AbortSignal.');
      throw unreadable(`${input.origin}${input.pathname}`, error);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new InvalidMediaError(
        `Downloading ${input.origin}${input.pathname} failed with HTTP ${response.status}.`,
      );
    }
    return responseSource(response, options, basename(input.pathname) || undefined);
  }
  if (input instanceof Uint8Array) return bytesSource(input);
  if (input instanceof ArrayBuffer) return bytesSource(new Uint8Array(input));
  // node:buffer's Blob is the global one, so this takes File and the DOM lib's Blob too.
  if (input instanceof Blob) {
    const blob: Blob = input;
    return blobSource(blob, 'name' in blob && typeof blob.name === 'string' ? blob.name : undefined);
  }
  if (isFileHandle(input)) return fileSource(input, false, undefined);
  if (isResponse(input)) return responseSource(input, options, undefined);
  if (isWebStream(input)) return spooledSource(Readable.fromWeb(input), options, undefined, undefined);
  if (isNodeStream(input)) {
    const path = (input as { path?: unknown }).path;
    return spooledSource(input, options, typeof path === 'string' ? basename(path) : undefined, undefined);
  }
  throw new InvalidMediaError(
    'uploadMedia takes a path, a URL, a FileHandle, a Node or web stream, a Uint8Array, an ArrayBuffer, a Blob or a fetch Response.',
  );
}

async function responseSource(
  response: Response,
  options: OpenOptions,
  name: string | undefined,
): Promise<MediaSource> {
  const declaredType = response.headers.get('content-type')?.split(';')[0]?.trim() || undefined;
  if (!response.body) return { ...bytesSource(new Uint8Array(0)), declaredType };
  if (response.bodyUsed)
    throw new InvalidMediaError('The Response body was already read; pass a fresh Response.');
  return spooledSource(
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    options,
    name,
    declaredType,
  );
}
