// Why a stream connection ended, when X did not answer with an error status: each one is a reason to reconnect
// (or, for an over-long line, to stop).

import { PeonyError, type XErrorEntry } from '../http/errors.js';

/** A message grew past the line limit: the stream is broken or not X's, and memory must stay bounded. */
export class LineTooLongError extends PeonyError {
  override readonly name: string = 'LineTooLongError';
  readonly maxLineBytes: number;
  constructor(maxLineBytes: number) {
    super(
      `A stream message grew past ${maxLineBytes} bytes without its \\r\\n terminator; raise maxLineBytes if X really sends messages this long.`,
    );
    this.maxLineBytes = maxLineBytes;
  }
}

/** Nothing arrived, not even a keep-alive, for `stallTimeoutMs`: the connection is dead though the socket is open. */
export class StreamStallError extends PeonyError {
  override readonly name: string = 'StreamStallError';
  readonly stallTimeoutMs: number;
  constructor(stallTimeoutMs: number) {
    super(`The stream sent nothing, not even a keep-alive, for ${stallTimeoutMs} ms.`);
    this.stallTimeoutMs = stallTimeoutMs;
  }
}

/**
 * X ended the connection: with an in-stream error message (`errors` holds X's entries, e.g. an
 * operational-disconnect), by closing the response, or with a line that is not JSON.
 */
export class StreamDisconnectError extends PeonyError {
  override readonly name: string = 'StreamDisconnectError';
  /** X's in-stream error entries; empty when the connection simply ended. */
  readonly errors: readonly XErrorEntry[];
  constructor(message: string, errors: readonly XErrorEntry[] = []) {
    super(message);
    this.errors = errors;
  }
}
