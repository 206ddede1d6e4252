// One raw stream connection, no reconnecting: bytes watched for stalls, split on \r\n, parsed into messages,
// keep-alives and X's in-stream disconnect notice (the last event). A line that is not JSON, a stall or a broken
// socket ends it with an error; X closing the response ends it quietly. The reconnecting stream wraps this.

import { ConnectionError, parseErrorBody } from '../http/errors.js';
import { errorCode } from '../http/response.js';
import { StreamDisconnectError, StreamStallError } from './errors.js';
import { CrlfLineDecoder } from './lines.js';

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

/** Reads one connection to its end, event by event. The caller destroys the body when it stops early. */
export async function* readStreamConnection(
  body: StreamBody,
  options: ConnectionReadOptions,
): AsyncGenerator<StreamEvent, void, undefined> {
  for await (const events of readConnectionBatches(body, options)) yield* events;
}

/**
 * Reads one connection to its end, yielding the events of each chunk together: one loop watches for stalls,
 * splits lines and parses them, so a message costs no async step of its own (a profile had four generators
 * in a row, resumed for every message, at over half of the CPU). The caller destroys the body when it stops.
 */
export async function* readConnectionBatches(
  body: StreamBody,
  options: ConnectionReadOptions,
): AsyncGenerator<StreamEvent[], void, undefined> {
  const { stallTimeoutMs } = options;
  const decoder = new CrlfLineDecoder(
    options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes },
  );
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
      const events: StreamEvent[] = [];
      let failure: unknown;
      let disconnected = false;
      for (const line of decoder.push(result.value)) {
        try {
          const event = eventOf(line);
          events.push(event);
          disconnected = event.kind === 'disconnect';
        } catch (error) {
          failure = error;
        }
        if (disconnected || failure !== undefined) break;
      }
      // The messages before a bad line or X's notice are delivered first.
      if (events.length > 0) yield events;
      if (failure !== undefined) throw failure;
      if (disconnected) return;
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

const KEEP_ALIVE: StreamEvent = { kind: 'keep-alive' };

function eventOf(line: string): StreamEvent {
  // A keep-alive is an empty line; whitespace alone counts too (only then is trim() worth its cost).
  if (line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '')) return KEEP_ALIVE;
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    throw new StreamDisconnectError(
      `X sent a stream line that is not JSON (${line.length} characters); the connection is dropped.`,
    );
  }
  const inStreamError = asInStreamError(message);
  return inStreamError ? { kind: 'disconnect', error: inStreamError } : { kind: 'message', message };
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

function brokenConnection(error: unknown): ConnectionError {
  const reason = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new ConnectionError(`The stream connection broke: ${reason}.`, { cause: error });
}
