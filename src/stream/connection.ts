// One raw stream connection, no reconnecting: bytes watched for stalls, split on \r\n, parsed into messages,
// keep-alives and X's in-stream disconnect notice (the last event). A line that is not JSON, a stall or a broken
// socket ends it with an error; X closing the response ends it quietly. The reconnecting stream wraps this.

import { ConnectionError, parseErrorBody } from '../http/errors.js';
import { errorCode } from '../http/response.js';
import { readChunks } from './chunks.js';
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

/**
 * The events of one read, lean: a message costs no event object of its own and is filtered where it is
 * parsed (a profile had the event objects and a second filtering pass at 5 % of the CPU).
 */
export interface ConnectionBatch<T> {
  /** The accepted messages, in order. */
  readonly messages: T[];
  /** For each keep-alive, in order, how many of `messages` came before it. */
  readonly keepAlivesAfter: number[];
  /** X's `{"errors":[…]}` notice: the last event, nothing follows it on this connection. */
  readonly disconnect: StreamDisconnectError | undefined;
}

/** Reads one connection to its end, event by event. The caller destroys the body when it stops early. */
export async function* readStreamConnection(
  body: StreamBody,
  options: ConnectionReadOptions,
): AsyncGenerator<StreamEvent, void, undefined> {
  for await (const { messages, keepAlivesAfter, disconnect } of readConnectionBatches(
    body,
    options,
    anyMessage,
  )) {
    let from = 0;
    for (const at of keepAlivesAfter) {
      for (; from < at; from++) yield { kind: 'message', message: messages[from] };
      yield KEEP_ALIVE;
    }
    for (; from < messages.length; from++) yield { kind: 'message', message: messages[from] };
    if (disconnect) yield { kind: 'disconnect', error: disconnect };
  }
}

/**
 * Reads one connection to its end, yielding the events of each read together: one loop watches for stalls,
 * splits lines, parses them and keeps those `accept` wants, so a message costs no async step of its own (a
 * profile had four generators in a row, resumed for every message, at over half of the CPU). A read of only
 * keep-alives or unwanted messages still yields its batch: the connection delivered something. The caller
 * destroys the body when it stops.
 */
export async function* readConnectionBatches<T>(
  body: StreamBody,
  options: ConnectionReadOptions,
  accept: (message: unknown) => message is T,
): AsyncGenerator<ConnectionBatch<T>, void, undefined> {
  const { stallTimeoutMs } = options;
  const decoder = new CrlfLineDecoder(
    options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes },
  );
  const chunks = readChunks(body);
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
      let arrived: Uint8Array[] | undefined;
      try {
        arrived = await chunks.next();
      } catch (error) {
        if (stalled) throw new StreamStallError(stallTimeoutMs);
        throw brokenConnection(error);
      } finally {
        waiting = false;
      }
      if (arrived === undefined) return;
      const lines = linesOf(decoder, arrived);
      if (lines.length === 0) continue;
      const messages: T[] = [];
      const keepAlivesAfter: number[] = [];
      let disconnect: StreamDisconnectError | undefined;
      let failure: unknown;
      let read = 0;
      try {
        for (const line of lines) {
          const message = parseLine(line);
          read += 1;
          if (message === KEEP_ALIVE_LINE) {
            keepAlivesAfter.push(messages.length);
            continue;
          }
          disconnect = asInStreamError(message);
          if (disconnect) break;
          if (accept(message)) messages.push(message);
        }
      } catch (error) {
        failure = error;
      }
      // The events before a bad line or X's notice are delivered first.
      if (read > 0) yield { messages, keepAlivesAfter, disconnect };
      if (failure !== undefined) throw failure;
      if (disconnect) return;
    }
  } finally {
    clearTimeout(timer);
    try {
      await chunks.return();
    } catch {
      // The body already failed; its error was reported above.
    }
  }
}

/** The lines `chunks` complete; a LineTooLongError drops them all, as when they came joined in one chunk. */
function linesOf(decoder: CrlfLineDecoder, chunks: Uint8Array[]): string[] {
  let lines: string[] = [];
  for (const chunk of chunks) {
    const more = decoder.push(chunk);
    lines = lines.length === 0 ? more : lines.concat(more);
  }
  return lines;
}

const KEEP_ALIVE: StreamEvent = { kind: 'keep-alive' };
const anyMessage = (_message: unknown): _message is unknown => true;
/** What parseLine answers for a keep-alive: no JSON value is this object. */
const KEEP_ALIVE_LINE = Symbol('keep-alive');

function parseLine(line: string): unknown {
  // A keep-alive is an empty line; whitespace alone counts too (only then is trim() worth its cost).
  if (line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '')) return KEEP_ALIVE_LINE;
  try {
    return JSON.parse(line);
  } catch {
    throw new StreamDisconnectError(
      `X sent a stream line that is not JSON (${line.length} characters); the connection is dropped.`,
    );
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

function brokenConnection(error: unknown): ConnectionError {
  const reason = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new ConnectionError(`The stream connection broke: ${reason}.`, { cause: error });
}
