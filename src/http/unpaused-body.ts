// A response body handed to the caller (`responseType: 'stream'`, X's streams) without ever pausing undici.
//
// undici 7's HTTP/1 parser pauses when its body stream is full, and if the server then closes the connection
// (`Connection: close`, HTTP/1.0, a close mid-body) it fails `assert(!this.paused)` inside a socket event: an
// uncatchable crash (nodejs/undici#5360, fixed only in undici 8, which needs Node 22). So the body is read in
// flowing mode and buffered here for the caller instead. A reader that falls too far behind gets a typed error
// rather than unbounded memory, as X itself drops a stream client that falls behind.

import { Readable } from 'node:stream';
import type { PeonyError } from './errors.js';

/** Bytes that may wait unread for the caller before the body is cut. */
export const MAX_UNREAD_BYTES = 64 * 1024 * 1024;

export interface UnpausedBodyOptions {
  /** Turns a failure of the underlying body (a reset, a short body, an abort) into a typed error. */
  readonly toError: (error: unknown) => PeonyError;
  /** Builds the error for a reader that left more than `maxUnreadBytes` unread. */
  readonly tooFarBehind: (maxUnreadBytes: number) => PeonyError;
  readonly maxUnreadBytes?: number;
}

/** `body` read as it arrives, handed on as a Readable that buffers what its reader has not taken yet. */
export function unpausedBody(body: Readable, options: UnpausedBodyOptions): Readable {
  const maxUnread = options.maxUnreadBytes ?? MAX_UNREAD_BYTES;
  const out = new Readable({
    // Nothing to ask for: the source is flowing and pushes as it arrives.
    read() {},
    destroy(error, callback) {
      body.destroy();
      callback(error);
    },
  });
  // A failure is kept on the body (`errored`) and thrown to whoever reads it; a caller that has not started
  // reading yet must not get it as an 'error' event with no listener, which would end the process.
  out.on('error', () => {});
  body.on('data', (chunk: Buffer) => {
    if (out.destroyed) return;
    // push() answering false is ignored on purpose: pausing the source is what crashes undici.
    out.push(chunk);
    if (out.readableLength > maxUnread) out.destroy(options.tooFarBehind(maxUnread));
  });
  body.once('end', () => {
    if (!out.destroyed) out.push(null);
  });
  body.on('error', (error) => {
    if (!out.destroyed) out.destroy(options.toError(error));
  });
  // A source closed without an end or an error (destroyed from outside) must not leave the reader waiting.
  body.once('close', () => {
    if (!out.destroyed && !out.readableEnded && !body.readableEnded)
      out.destroy(options.toError(new Error('the response body was closed before its end')));
  });
  return out;
}
