// multipart/form-data framed by hand over byte sources. A profile of a 256 MiB upload put undici's FormData
// (Blob slices read through web streams, chunk by chunk, with a transfer per chunk) at about half of peony's CPU
// and its first use at ~40 MB of code; framing is a few header lines around bytes that go to the socket as read.

import { randomUUID } from 'node:crypto';
import type { ParamPair } from './params.js';

/** Bytes of a known length that can be read again from the start (each attempt of a request reads them anew). */
export interface ByteSource {
  readonly size: number;
  /** A chunk stays valid until the iteration ends, and after that until `release()` is called. */
  chunks(): AsyncIterable<Uint8Array>;
  /**
   * The same bytes read into one buffer between `head` and `tail`, so that the whole body goes to the socket in
   * one write (see `MultipartBody.whole`). The buffer is the source's until `release()`.
   */
  framed?(head: Uint8Array, tail: Uint8Array): Promise<Uint8Array>;
  /**
   * Says the request that sent these bytes has settled (answered or failed, retries included), so no socket
   * write can still read a chunk: the source may reuse its memory once each iteration has ended.
   */
  release?(): void;
}

export interface FilePart {
  readonly name: string;
  readonly filename: string;
  readonly bytes: ByteSource;
  /** Default `application/octet-stream`, as browsers and undici send a Blob without a type. */
  readonly contentType?: string;
}

/** One multipart body: its headers' values, and its bytes, read afresh on each call of `chunks()`. */
export interface MultipartBody {
  readonly contentType: string;
  readonly length: number;
  chunks(): AsyncIterable<Uint8Array>;
  /**
   * The whole body in one buffer, where its one file part can be read into one (a file's segment), as a
   * hand-written client sends it. undici writes a buffer body in one corked write; an iterable is pulled chunk by
   * chunk, with a wait for the socket to drain after each (a 256 MiB upload to a lean local X: ~220–250 ms
   * with the iterable, ~165–200 ms with one buffer per segment).
   */
  whole?(): Promise<Uint8Array>;
}

/** Quotes a name as the WHATWG form encoding does: `"`, CR and LF percent-encoded. */
function quoted(name: string): string {
  return `"${name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

/** Line breaks in a field's value become CRLF, as in every browser's (and undici's) FormData. */
function normalizeLineBreaks(value: string): string {
  return value.replace(/\r\n|\r|\n/g, '\r\n');
}

/** Text fields first, then the file parts, in the order given. */
export function multipartBody(fields: readonly ParamPair[], files: readonly FilePart[]): MultipartBody {
  const boundary = `----peony${randomUUID().replace(/-/g, '')}`;
  let text = '';
  for (const [name, value] of fields) {
    text += `--${boundary}\r\ncontent-disposition: form-data; name=${quoted(name)}\r\n\r\n${normalizeLineBreaks(value)}\r\n`;
  }
  const heads: Buffer[] = [];
  for (const [i, file] of files.entries()) {
    const head = `${i === 0 ? text : ''}--${boundary}\r\ncontent-disposition: form-data; name=${quoted(file.name)}; filename=${quoted(file.filename)}\r\ncontent-type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`;
    heads.push(Buffer.from(head, 'utf8'));
  }
  const lead = files.length === 0 ? Buffer.from(text, 'utf8') : undefined;
  const tail = Buffer.from(`${files.length === 0 ? '' : '\r\n'}--${boundary}--\r\n`, 'utf8');
  const length =
    (lead?.length ?? 0) +
    heads.reduce((sum, head) => sum + head.length, 0) +
    files.reduce((sum, file) => sum + file.bytes.size, 0) +
    2 * Math.max(0, files.length - 1) +
    tail.length;
  const between = Buffer.from('\r\n');
  const [only] = files;
  const framed = files.length === 1 ? only?.bytes.framed?.bind(only.bytes) : undefined;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    ...(framed ? { whole: () => framed(heads[0] as Buffer, tail) } : {}),
    async *chunks() {
      if (lead) yield lead;
      for (const [i, file] of files.entries()) {
        if (i > 0) yield between;
        yield heads[i] as Buffer;
        let sent = 0;
        for await (const chunk of file.bytes.chunks()) {
          sent += chunk.byteLength;
          yield chunk;
        }
        // A body shorter or longer than announced would corrupt the request on a kept-alive connection.
        if (sent !== file.bytes.size) {
          throw new RangeError(
            `The part ${file.name} gave ${sent} bytes where ${file.bytes.size} were announced.`,
          );
        }
      }
      yield tail;
    },
  };
}

/** In-memory bytes as a ByteSource (no copy: the caller owns keeping them unchanged). */
export function bytesOf(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    async *chunks() {
      yield bytes;
    },
  };
}

/** A Blob as a ByteSource, read through its own stream on each attempt. */
export function blobBytes(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async *chunks() {
      yield new Uint8Array(await blob.arrayBuffer());
    },
  };
}
