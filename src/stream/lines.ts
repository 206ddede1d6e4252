// The byte-safe \r\n splitter under every stream. X ends each message with \r\n and sends a bare \r\n as a
// keep-alive; tweet text may hold \n but never \r, so only the pair separates. Bytes are split before they are
// decoded, so a chunk boundary inside a UTF-8 character or between \r and \n changes nothing.

import { LineTooLongError } from './errors.js';

const CR = 0x0d;
const LF = 0x0a;

/** 10 MiB: far above any tweet with its expansions, low enough that a broken stream cannot exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 10 * 1024 * 1024;

export interface LineOptions {
  /** Longest message, in bytes without its \r\n, before a LineTooLongError. Default 10 MiB. */
  readonly maxLineBytes?: number;
}

/**
 * The text of `bytes` from `start` to `end`: Buffer's UTF-8 decoder replaces bad bytes as a TextDecoder does
 * (U+FFFD for each maximal bad sequence, a BOM kept) at about 60 % of its cost, a few % of a stream's CPU.
 */
function utf8(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('utf8', start, end);
}

/** Turns byte chunks into complete lines; `''` is a keep-alive. Keeps only the unfinished line between calls. */
export class CrlfLineDecoder {
  readonly #maxLineBytes: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  constructor(options: LineOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, not ${max}.`);
    }
    this.#maxLineBytes = max;
  }

  /** Bytes of the line not yet terminated: after the last chunk, a message that was cut short. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /**
   * Adds a chunk and returns the lines it completes, without their \r\n. The complete lines of a chunk are
   * decoded in one go and split as text (\r and \n are never part of a multi-byte character); only the line
   * that began in earlier chunks is joined from bytes.
   */
  push(chunk: Uint8Array): string[] {
    const first = this.#terminatorFrom(chunk, 0);
    if (first === -1) {
      this.#keep(chunk, 0);
      return [];
    }
    const lines = [this.#takeFirstLine(chunk.subarray(0, first + 1))];
    const last = this.#lastTerminator(chunk, first);
    if (last > first) {
      // Everything between the first and the last \r\n, without the last one.
      const text = utf8(chunk, first + 1, last - 1);
      const max = this.#maxLineBytes;
      for (const line of text.split('\r\n')) {
        // A UTF-16 unit is at least one byte and at most three: measure bytes only when it could matter.
        if (line.length * 3 > max && (line.length > max || Buffer.byteLength(line) > max)) {
          throw new LineTooLongError(max);
        }
        lines.push(line);
      }
    }
    this.#keep(chunk, last + 1);
    return lines;
  }

  /** The index of the \n of the first \r\n at or after `from`, or -1. */
  #terminatorFrom(chunk: Uint8Array, from: number): number {
    for (let lf = chunk.indexOf(LF, from); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
      const before = lf > 0 ? chunk[lf - 1] : this.#lastPendingByte();
      if (before === CR) return lf; // a \n alone belongs to the message
    }
    return -1;
  }

  /** The index of the \n of the last \r\n after `first` (which is one), or `first`. */
  #lastTerminator(chunk: Uint8Array, first: number): number {
    for (let lf = chunk.lastIndexOf(LF); lf > first; lf = chunk.lastIndexOf(LF, lf - 1)) {
      if (chunk[lf - 1] === CR) return lf;
    }
    return first;
  }

  /** Holds the unterminated bytes from `from` on. */
  #keep(chunk: Uint8Array, from: number): void {
    if (from >= chunk.length) return;
    // A copy: the caller may reuse its buffer, and a small tail must not pin a large chunk.
    this.#pending.push(chunk.slice(from));
    this.#pendingBytes += chunk.length - from;
    // One byte of slack for a \r whose \n is still on its way.
    if (this.#pendingBytes > this.#maxLineBytes + 1) throw new LineTooLongError(this.#maxLineBytes);
  }

  #lastPendingByte(): number | undefined {
    const last = this.#pending.at(-1);
    return last?.[last.length - 1];
  }

  /** Joins the pending bytes with `head` (which ends with the \r\n) and decodes them without it. */
  #takeFirstLine(head: Uint8Array): string {
    const length = this.#pendingBytes + head.length - 2;
    if (length > this.#maxLineBytes) throw new LineTooLongError(this.#maxLineBytes);
    let bytes: Uint8Array;
    if (this.#pending.length === 0) {
      bytes = head;
    } else {
      bytes = new Uint8Array(this.#pendingBytes + head.length);
      let offset = 0;
      for (const piece of this.#pending) {
        bytes.set(piece, offset);
        offset += piece.length;
      }
      bytes.set(head, offset);
      this.#pending = [];
      this.#pendingBytes = 0;
    }
    return utf8(bytes, 0, length);
  }
}

/**
 * Yields each \r\n-terminated line of a byte stream (`''` for a keep-alive). A last line without its \r\n is a
 * message cut short by the connection ending, and is dropped with it.
 */
export async function* splitCrlfLines(
  source: AsyncIterable<Uint8Array>,
  options: LineOptions = {},
): AsyncGenerator<string, void, undefined> {
  const decoder = new CrlfLineDecoder(options);
  for await (const chunk of source) {
    yield* decoder.push(chunk);
  }
}
