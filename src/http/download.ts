// Downloads a URL outside X (media given as an http(s) URL) through the client's dispatcher, so that
// whatever the server does ends in a typed error, never a crash or a hang.
//
// The body is read in flowing mode and handed on without backpressure. undici 7's HTTP/1 parser asserts
// when a server closes the connection (`Connection: close`, HTTP/1.0) while the parser is paused by
// backpressure, and that assertion is thrown from a socket event: an uncatchable crash (fixed only in
// undici 8, which needs Node 22). Never pausing avoids it; the spooling reader writes to disk, which keeps up.

import type { Dispatcher } from 'undici';
import { sendRequest } from './agent.js';
import { AbortError, ConnectionError, PeonyError, type RequestSummary, TimeoutError } from './errors.js';
import { onAbort } from './signals.js';

export interface DownloadOptions {
  readonly dispatcher: Dispatcher;
  /** Bounds the wait for the headers, and each silence between two pieces of the body. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly userAgent: string;
  readonly summary: RequestSummary;
  /** Turns a failure that is not a timeout or the caller's abort into a typed error. */
  readonly toError: (error: unknown) => PeonyError;
  /** Called once when the download ends, fails or is cancelled. */
  readonly onSettled?: () => void;
}

const MAX_REDIRECTS = 5;
/** Statuses a fetch Response must have no body for. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** GETs `url` (following up to 5 redirects) and resolves once the headers are in; the body streams. */
export async function download(url: URL, options: DownloadOptions): Promise<Response> {
  const { timeoutMs, summary } = options;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const stopListening = options.signal ? onAbort(options.signal, () => controller.abort()) : undefined;
  let settled = false;
  const release = () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    stopListening?.();
    options.onSettled?.();
  };
  const failure = (error: unknown): PeonyError => {
    if (error instanceof PeonyError) return error;
    if (timedOut) {
      return new TimeoutError(
        `Downloading ${summary.url} stalled: nothing arrived for ${timeoutMs} ms. Check the server, or raise the client's timeout.`,
        { request: summary, timeoutMs },
      );
    }
    if (options.signal?.aborted) return new AbortError('The download of the media was aborted.', summary);
    return options.toError(error);
  };

  try {
    // Before any connection: undici given an aborted signal still connects before it gives up.
    if (options.signal?.aborted) throw new AbortError('The download of the media was aborted.', summary);
    let target = url;
    for (let redirects = 0; ; redirects++) {
      const response = await sendRequest(options.dispatcher, {
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: { 'user-agent': options.userAgent },
        signal: controller.signal,
      });
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
        await response.body.dump();
        if (redirects >= MAX_REDIRECTS)
          throw new ConnectionError(`${summary.url} redirected more than ${MAX_REDIRECTS} times.`, {
            request: summary,
          });
        target = new URL(location, target);
        if (target.protocol !== 'http:' && target.protocol !== 'https:') {
          throw new ConnectionError(
            `${summary.url} redirected to a ${target.protocol} URL; only http(s) is followed.`,
            {
              request: summary,
            },
          );
        }
        continue;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        try {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        } catch {
          // A header fetch's Headers refuses (a stray byte) is of no use to the reader: dropped.
        }
      }
      const body = response.body;
      if (response.statusCode < 200 || response.statusCode > 599) {
        // Drained, not destroyed: a destroyed body emits undici's abort as an 'error' nobody listens to (uncaught).
        await body.dump().catch(() => undefined);
        throw new ConnectionError(
          `${summary.url} answered with status ${response.statusCode}, which is not HTTP.`,
          {
            request: summary,
          },
        );
      }
      if (NULL_BODY_STATUSES.has(response.statusCode)) {
        await body.dump();
        release();
        return new Response(null, { status: response.statusCode, headers });
      }
      // From here the timer measures silence: each piece of the body re-arms it.
      timer.refresh();
      // Once the reader cancels or the body ends, later events of the socket have nowhere to go.
      let open = true;
      const stream = new ReadableStream<Uint8Array>({
        start(sink) {
          body.on('data', (chunk: Buffer) => {
            timer.refresh();
            if (open) sink.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          });
          body.once('end', () => {
            release();
            if (open) sink.close();
            open = false;
          });
          body.on('error', (error) => {
            release();
            if (open) sink.error(failure(error));
            open = false;
          });
        },
        cancel() {
          open = false;
          release();
          body.destroy();
        },
      });
      return new Response(stream as unknown as globalThis.ReadableStream, {
        status: response.statusCode,
        headers,
      });
    }
  } catch (error) {
    release();
    throw failure(error);
  }
}
