// The reconnecting stream: an AsyncIterable of messages that opens a raw connection through the client's
// pipeline, and on a drop, stall or X's disconnect opens another as X's rules say. `break` (or close()) and
// the caller's AbortSignal end the request for good; errors a reconnect cannot fix end the iteration.

import type { Readable } from 'node:stream';
import { AbortError, PeonyError, RateLimitError } from '../http/errors.js';
import type { PipelineRequest } from '../http/request.js';
import { sleep as realSleep } from '../http/retry.js';
import { onAbort } from '../http/signals.js';
import {
  type BackoffState,
  classifyFailure,
  FRESH_BACKOFF,
  nextReconnect,
  rateLimitResetInMs,
} from './backoff.js';
import { readConnectionBatches, type StreamBody } from './connection.js';
import { StreamDisconnectError } from './errors.js';

/** 90 s: X's v1.1 advice, safe with v2's keep-alive every 20 s (v2's documented minimum). */
export const DEFAULT_STALL_TIMEOUT_MS = 90_000;

export interface ReconnectEvent {
  /** Reconnects in a row, counting from 1, since a connection last delivered something. */
  readonly attempt: number;
  /** How long the stream waits before this reconnect (0: at once). */
  readonly delayMs: number;
  /** Why the last connection ended or failed. */
  readonly error: PeonyError;
}

export interface ConnectEvent {
  /** Connections opened so far, this one included. */
  readonly connection: number;
}

export interface StreamOptions {
  /** Ends the stream for good; the iteration then throws an AbortError. */
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds without a byte, keep-alives included, before the connection is dropped and reopened. Default 90 000. */
  readonly stallTimeoutMs?: number | undefined;
  /** Milliseconds to wait for the response headers of each connection. Default: `stallTimeoutMs`. */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * Reconnects in a row (without a connection delivering anything in between) before the stream gives up:
   * the iteration then throws the last failure as it was (a ConnectionError with its `code`, a ServerError,
   * a RateLimitError…) and the stream's `reconnectsExhausted` turns true, which tells this bound reached
   * apart from an error no reconnect could fix. Default: no limit.
   */
  readonly maxReconnects?: number | undefined;
  /** Longest message in bytes. Default 10 MiB. */
  readonly maxLineBytes?: number | undefined;
  readonly onConnect?: ((event: ConnectEvent) => void) | undefined;
  readonly onReconnect?: ((event: ReconnectEvent) => void) | undefined;
  readonly onKeepAlive?: (() => void) | undefined;
  /** Waits between reconnects (replaceable in tests); must reject when the signal aborts. */
  readonly sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
  /** The clock a rate-limit reset is measured against (replaceable in tests). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** What a stream needs of a client: where X is, and a way to send a built request that resolves to its body. */
export interface StreamClient {
  readonly baseUrl: string;
  send<T>(request: PipelineRequest): PromiseLike<T>;
  /**
   * Scrubs the client's credentials from an error built from the stream (X's notices may echo one). Required:
   * only the client knows its secrets, and a stream without it would end with what the server echoed as sent.
   */
  redact<E>(error: E): E;
  /**
   * What ends the client's streams at once, even in a wait between reconnects (without it, such a wait, up to
   * minutes, is sat out first). `closed` fires on the client's close(): its streams then end as after
   * `stream.close()`, the loop finishing without an error, because a close is the owner's deliberate stop,
   * like `break`, never a failure to report (a network failure still reconnects or throws, so the two stay
   * apart). `aborted` is the client-wide AbortSignal: like the stream's own `signal`, an AbortError.
   */
  readonly streamStops?: StreamStops;
}

/** The client's signals a stream ends with: see StreamClient.streamStops. */
export interface StreamStops {
  readonly closed: AbortSignal;
  readonly aborted?: AbortSignal | undefined;
}

/** Opens one raw connection; rejects with the PeonyError the pipeline gives. */
export type OpenConnection = (signal: AbortSignal, timeoutMs: number) => Promise<StreamBody>;

/**
 * A long-lived stream of messages. Iterate it once with `for await`; `break` closes the connection. Nothing is
 * sent before the iteration starts.
 */
export class ReconnectingStream<T> implements AsyncIterable<T>, AsyncDisposable {
  readonly #open: OpenConnection;
  readonly #redact: (error: unknown) => unknown;
  readonly #accept: (message: unknown) => message is T;
  readonly #options: StreamOptions;
  readonly #clientStops: StreamStops | undefined;
  readonly #stallTimeoutMs: number;
  readonly #stop = new AbortController();
  /** Yields the accepted messages of each chunk together; the iterator hands them out one by one. */
  #iterator: AsyncGenerator<T[], void, undefined> | undefined;
  #connections = 0;
  #reconnects = 0;
  #keepAlives = 0;
  #messages = 0;
  #reconnectsExhausted = false;

  /**
   * `redact` scrubs the client's credentials from each failure before it is reported or thrown; `clientStops`
   * (the client's `streamStops`) end the stream at once.
   */
  constructor(
    open: OpenConnection,
    accept: (message: unknown) => message is T,
    options: StreamOptions,
    redact: (error: unknown) => unknown,
    clientStops?: StreamStops,
  ) {
    const stall = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    if (!(Number.isFinite(stall) && stall > 0)) {
      throw new PeonyError(`stallTimeoutMs must be a positive number of milliseconds, not ${stall}.`);
    }
    const max = options.maxReconnects;
    if (max !== undefined && !(max >= 0)) {
      throw new PeonyError(`maxReconnects must be 0 or more, not ${max}.`);
    }
    this.#open = open;
    this.#redact = redact;
    this.#accept = accept;
    this.#options = options;
    this.#clientStops = clientStops;
    this.#stallTimeoutMs = stall;
  }

  /** Connections opened (the first one included). */
  get connections(): number {
    return this.#connections;
  }
  /** Reconnects started, over the stream's whole life. */
  get reconnects(): number {
    return this.#reconnects;
  }
  /** Keep-alives received, over every connection. */
  get keepAlives(): number {
    return this.#keepAlives;
  }
  /** Messages yielded. */
  get messages(): number {
    return this.#messages;
  }
  /**
   * True once the stream gave up because `maxReconnects` reconnects in a row had failed: the error the
   * iteration threw is the last failure, one a further reconnect might have fixed.
   */
  get reconnectsExhausted(): boolean {
    return this.#reconnectsExhausted;
  }

  [Symbol.asyncIterator](): AsyncIterator<T, void, undefined> {
    if (this.#iterator) {
      throw new PeonyError('A stream can be iterated only once; open a new one to listen again.');
    }
    const batches = this.#run();
    this.#iterator = batches;
    let batch: readonly T[] = [];
    let index = 0;
    const finished: IteratorResult<T, void> = { done: true, value: undefined };
    const refill = async (): Promise<IteratorResult<T, void>> => {
      while (index >= batch.length) {
        const result = await batches.next();
        if (result.done) return finished;
        batch = result.value;
        index = 0;
      }
      this.#messages += 1;
      return { done: false, value: batch[index++] as T };
    };
    return {
      // Most calls are answered from the chunk already parsed, without resuming any generator, nor the cost
      // of an async function's call (a few % of the CPU at socket speed).
      next: () => {
        if (index >= batch.length) return refill();
        this.#messages += 1;
        return Promise.resolve({ done: false, value: batch[index++] as T });
      },
      // Stops the connection first, so a return() during a pending next() does not wait for X's next byte.
      return: async () => {
        this.#stop.abort();
        batch = [];
        await batches.return(undefined);
        return finished;
      },
    };
  }

  /** Ends the stream and its connection; the iteration, if any, finishes without an error. */
  async close(): Promise<void> {
    this.#stop.abort();
    await this.#iterator?.return(undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async *#run(): AsyncGenerator<T[], void, undefined> {
    // Through onAbort: a dozen streams sharing the client's signals (or a caller's signal) hold one listener
    // on each between them, not one each past Node's warning at 11.
    const stop = () => this.#stop.abort();
    const signals = [this.#options.signal, this.#clientStops?.closed, this.#clientStops?.aborted];
    const stopListening = signals.map((signal) => {
      if (signal?.aborted) stop();
      return signal ? onAbort(signal, stop) : undefined;
    });
    try {
      yield* this.#reconnectLoop();
    } finally {
      for (const stopListeningTo of stopListening) stopListeningTo?.();
      this.#stop.abort();
    }
  }

  async *#reconnectLoop(): AsyncGenerator<T[], void, undefined> {
    const options = this.#options;
    const sleep = options.sleep ?? realSleep;
    let backoff: BackoffState = FRESH_BACKOFF;
    let streak = 0;
    for (;;) {
      if (this.#stopped()) return;
      // One controller per connection, tied to the stop signal by a listener removed below, so that a
      // stream reconnecting for days leaves nothing behind on the stop signal.
      const connection = new AbortController();
      const abortConnection = () => connection.abort();
      this.#stop.signal.addEventListener('abort', abortConnection, { once: true });
      let body: StreamBody | undefined;
      let delivered = false;
      let failure: unknown;
      try {
        body = await this.#open(connection.signal, options.connectTimeoutMs ?? this.#stallTimeoutMs);
        // Errors after a teardown (an abort, a stall) are expected; the reading loop has reported what counts.
        body.on('error', ignore);
        this.#connections += 1;
        options.onConnect?.({ connection: this.#connections });
        const batches = readConnectionBatches(
          body,
          { stallTimeoutMs: this.#stallTimeoutMs, maxLineBytes: options.maxLineBytes },
          this.#accept,
        );
        for await (const { messages, keepAlivesAfter, disconnect } of batches) {
          delivered = true;
          let from = 0;
          for (const at of keepAlivesAfter) {
            // The messages before it are handed out first, so that the hook sees them as delivered.
            if (at > from) yield messages.slice(from, at);
            from = at;
            this.#keepAlives += 1;
            options.onKeepAlive?.();
          }
          if (from < messages.length) yield from === 0 ? messages : messages.slice(from);
          if (disconnect) {
            failure = disconnect;
            break;
          }
        }
        failure ??= new StreamDisconnectError('X closed the stream.');
      } catch (error) {
        failure = error;
      } finally {
        this.#stop.signal.removeEventListener('abort', abortConnection);
        connection.abort();
        body?.destroy();
      }
      // X's disconnect notices are its own words: they may quote a credential.
      failure = this.#redact(failure);
      if (this.#stopped()) return;

      const decision = nextReconnect(
        backoff,
        classifyFailure(failure),
        delivered,
        failure instanceof RateLimitError
          ? rateLimitResetInMs(failure, (options.now ?? Date.now)())
          : undefined,
      );
      if (delivered) streak = 0;
      if (decision.delayMs === undefined) throw failure;
      if (streak >= (options.maxReconnects ?? Number.POSITIVE_INFINITY)) {
        this.#reconnectsExhausted = true;
        throw failure;
      }
      backoff = decision.state;
      streak += 1;
      this.#reconnects += 1;
      options.onReconnect?.({ attempt: streak, delayMs: decision.delayMs, error: failure as PeonyError });
      if (decision.delayMs > 0) {
        try {
          await sleep(decision.delayMs, this.#stop.signal);
        } catch (error) {
          if (!this.#stop.signal.aborted) throw error;
        }
      }
    }
  }

  /** True when the stream was closed by its consumer or client; throws when a signal aborted it. */
  #stopped(): boolean {
    if (this.#options.signal?.aborted) throw new AbortError('The stream was aborted by its AbortSignal.');
    if (this.#clientStops?.aborted?.aborted) {
      throw new AbortError("The stream was aborted by its client's AbortSignal.");
    }
    return this.#stop.signal.aborted;
  }
}

function ignore(): void {}

/** How `client` scrubs its credentials from an error. */
export function redactorOf(client: StreamClient): (error: unknown) => unknown {
  return (error) => client.redact(error);
}

/** Opens `request` (a GET built by the caller) as a raw stream through the client's pipeline. */
export function connectThrough(
  client: StreamClient,
  request: Pick<PipelineRequest, 'url' | 'headers'>,
): OpenConnection {
  return async (signal, timeoutMs) => {
    const body: StreamBody = await client.send<Readable>({
      ...request,
      method: 'GET',
      responseType: 'stream',
      retry: false,
      // X's reconnect rules for 429s apply, not the client's waiting for a rate-limit reset.
      waitOnRateLimit: false,
      signal,
      timeout: timeoutMs,
    });
    return body;
  };
}

const anyMessage = (_message: unknown): _message is unknown => true;

/**
 * A reconnecting stream of `client` at `url` yielding the messages `accept` takes: connected through the client,
 * its failures scrubbed of the client's secrets, ended by the client's close() and signal.
 */
export function clientStream<T>(
  client: StreamClient,
  url: URL,
  accept: (message: unknown) => message is T,
  options: StreamOptions,
): ReconnectingStream<T> {
  return new ReconnectingStream(
    connectThrough(client, { url }),
    accept,
    options,
    redactorOf(client),
    client.streamStops,
  );
}

/**
 * A reconnecting stream over any streaming endpoint: `openStream(client, url)` yields every JSON message
 * (keep-alives and X's disconnect notices are handled, not yielded).
 */
export function openStream(
  client: StreamClient,
  url: URL,
  options: StreamOptions = {},
): ReconnectingStream<unknown> {
  return clientStream(client, url, anyMessage, options);
}
