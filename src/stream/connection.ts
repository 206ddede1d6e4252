// One raw stream connection, no reconnecting: bytes watched for stalls, split on \r\n, parsed into messages,
// keep-alives and X's in-stream disconnect notice (the last event). A line that is not JSON, a stall or a broken
// socket ends it with an error; X closing the response ends it quietly. The reconnecting stream wraps this.

import { ConnectionError, parseErrorBody } from '../http/errors.js';
import { errorCode } from '../http/response.js';
import { StreamDisconnectError, StreamStallError } from './errors.js';
import { splitCrlfLines } from './lines.js';

/** The response body of a stream connection, as undici hands it over. */
export interface StreamBody extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type StreamEvent =
  | { readonly kind: 'message'; readonly message: unknown }
  | { readonly kind: 'keep-alive' }
  /** X's `{"errors":[…]}` notice (operational-disconnect…): nothing follows it on this connection. */
  | { readonly kind: 'disconnect'; readonly error: StreamDisconnectError };

export interface ConnectionReadOptions {
  /** Milliseconds without a byte (keep-alives count) before the connection is declared stalled. */
  readonly stallTimeoutMs: number;
  readonly maxLineBytes?: number | undefined;
}

/** Reads one connection to its end. The caller destroys the body when it stops early. */
export async function* readStreamConnection(
  body: StreamBody,
  options: ConnectionReadOptions,
): AsyncGenerator<StreamEvent, void, undefined> {
  const bytes = watchForStall(body, options.stallTimeoutMs);
  const lines = splitCrlfLines(
    bytes,
    options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes },
  );
  for await (const line of lines) {
    if (line.trim() === '') {
      yield { kind: 'keep-alive' };
      continue;
    }
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      throw new StreamDisconnectError(
        `X sent a stream line that is not JSON (${line.length} characters); the connection is dropped.`,
      );
    }
    const inStreamError = asInStreamError(message);
    if (inStreamError) {
      yield { kind: 'disconnect', error: inStreamError };
      return;
    }
    yield { kind: 'message', message };
  }
}

/** `{"errors":[…]}` with no `data`: X's notice that it is closing the connection (operational-disconnect…). */
function asInStreamError(message: unknown): StreamDisconnectError | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  if ('data' in message || !('errors' in message) || !Array.isArray(message.errors)) return undefined;
  const { errors } = parseErrorBody(message);
  const summary = errors
    .map((entry) => [entry['title'], entry.message].filter((part) => typeof part === 'string').join(': '))
    .join('; ');
  return new StreamDisconnectError(
    `X ended the stream: ${summary || 'an error message without details'}`,
    errors,
  );
}

/** Passes the body's chunks through, and destroys the body when none comes for `stallTimeoutMs`. */
async function* watchForStall(body: StreamBody, stallTimeoutMs: number): AsyncGenerator<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  let stalled = false;
  // Only time spent waiting for bytes counts: a consumer slow to ask for the next message is not a stall.
  let waiting = false;
  // One timer for the connection's life, re-armed before each wait (a long stream makes millions of waits).
  const timer = setTimeout(() => {
    if (!waiting) return;
    stalled = true;
    body.destroy(new StreamStallError(stallTimeoutMs));
  }, stallTimeoutMs);
  try {
    for (;;) {
      timer.refresh();
      waiting = true;
      let result: IteratorResult<Uint8Array>;
      try {
        result = await chunks.next();
      } catch (error) {
        if (stalled) throw new StreamStallError(stallTimeoutMs);
        throw brokenConnection(error);
      } finally {
        waiting = false;
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    clearTimeout(timer);
    try {
      await chunks.return?.();
    } catch {
      // The body already failed; its error was reported above.
    }
  }
}

function brokenConnection(error: unknown): ConnectionError {
  const reason = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new ConnectionError(`The stream connection broke: ${reason}.`, { cause: error });
}
