// One open streaming response: writes framed messages and keep-alives, and can stall, drop or close on demand.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { frame, KEEP_ALIVE, operationalDisconnect } from './framing.js';

/**
 * A stream's id from the catalog (`filtered`, `sample`), with `-<partition>` on a partitioned stream
 * (`sample10-1`, `firehose-17`): each partition is a connection of its own.
 */
export type StreamKind = string;

/** `reset` destroys the socket mid-stream; `operational-disconnect` sends X's error message, then ends. */
export type DropMode = 'reset' | 'operational-disconnect';

/**
 * Why a connection ended, as `/2/connections` reports it (UNCONFIRMED: X's values are not documented):
 * the client went away, the sandbox ended it (closing, end_time reached, a stall's end), an operational
 * disconnect or a broken socket (admin or fault), or a kill through `DELETE /2/connections...`.
 */
export type CloseReason =
  | 'client_disconnected'
  | 'server_closed'
  | 'operational_disconnect'
  | 'connection_reset'
  | 'terminated_by_api';

export class StreamConnection {
  /** The connection's UUID, as `/2/connections` lists and kills it. */
  readonly id = randomUUID();
  #reason: CloseReason | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  #stalled = false;
  #closed = false;
  #written = 0;
  #dropAt: { bytes: number; mode: DropMode } | undefined;
  readonly #closeListeners: (() => void)[] = [];

  constructor(
    readonly appId: string,
    readonly kind: StreamKind,
    private readonly response: ServerResponse,
    private readonly keepAliveMs: number,
  ) {
    // A client that left before its stream was opened (while a delay fault held the request) has had its
    // 'close' already: without this, its keep-alives ran for ever and its slot answered 429 to the next one.
    if (response.destroyed) this.#finish();
    else response.on('close', () => this.#finish());
  }

  /** Sends the status line and headers at once, so a client sees the stream open before any tweet. */
  open(headers: Record<string, string | number | string[]>): void {
    if (this.#closed) return;
    this.response.writeHead(200, headers);
    this.response.flushHeaders();
    this.#keepAlive = setInterval(() => this.#write(KEEP_ALIVE), this.keepAliveMs);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Why it ended; undefined while open. */
  get closeReason(): CloseReason | undefined {
    return this.#reason;
  }

  get stalled(): boolean {
    return this.#stalled;
  }

  send(message: unknown): void {
    this.#write(frame(message));
  }

  /** Stops writing anything, keep-alives included, while keeping the socket open: a stall to detect. */
  stall(): void {
    this.#stalled = true;
  }

  drop(mode: DropMode): void {
    if (this.#closed) return;
    this.#reason = mode === 'reset' ? 'connection_reset' : 'operational_disconnect';
    if (mode === 'reset') {
      this.response.socket?.destroy();
      this.response.destroy();
    } else {
      this.response.end(frame(operationalDisconnect()));
    }
    this.#finish();
  }

  /** A clean end of the response (sandbox closing, admin disconnect without a fault, a kill by the API). */
  end(reason: CloseReason = 'server_closed'): void {
    if (this.#closed) return;
    this.#reason = reason;
    this.response.end();
    this.#finish();
  }

  /** Drops the stream once `bytes` bytes (keep-alives included) have been written. */
  dropAfter(bytes: number, mode: DropMode): void {
    this.#dropAt = { bytes, mode };
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  #write(chunk: string): void {
    if (this.#closed || this.#stalled || this.response.writableEnded || this.response.destroyed) return;
    this.#written += Buffer.byteLength(chunk);
    const dropAt = this.#dropAt;
    if (dropAt && this.#written >= dropAt.bytes) {
      // Let these bytes reach the socket first, so the client sees exactly what came before the break.
      this.#dropAt = undefined;
      this.#stalled = true;
      this.response.write(chunk, () => this.drop(dropAt.mode));
    } else {
      this.response.write(chunk);
    }
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reason ??= 'client_disconnected';
    clearInterval(this.#keepAlive);
    for (const listener of this.#closeListeners.splice(0)) listener();
  }
}
