// Downloads a URL outside X (media given as an http(s) URL) through the client's dispatcher (its proxy,
// its pool), bounded by the client's timeout for the response headers. The body streams; the caller reads it.

import { type Dispatcher, fetch } from 'undici';
import { AbortError, TimeoutError } from './errors.js';
import { cutShort, summarize, toConnectionError } from './response.js';
import { linkSignals } from './signals.js';

export interface DownloadSettings {
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** Signals that end the download while its body is still being read (the client's, its close()). */
  readonly signals: ReadonlyArray<AbortSignal | undefined>;
  /** Whether the client was closed, to tell a cut-short download from an aborted one. */
  readonly closed: () => boolean;
}

export async function download(
  settings: DownloadSettings,
  url: URL,
  signal?: AbortSignal,
): Promise<Response> {
  const { timeoutMs } = settings;
  const link = linkSignals(...settings.signals, signal);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  link.signal?.addEventListener('abort', onAbort, { once: true });
  if (link.signal?.aborted) controller.abort();
  const release = () => {
    link.signal?.removeEventListener('abort', onAbort);
    link.dispose();
  };
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const summary = summarize({ method: 'GET', url });
  try {
    const response = await fetch(url, {
      dispatcher: settings.dispatcher,
      signal: controller.signal,
      headers: { 'user-agent': settings.userAgent },
    });
    clearTimeout(timer);
    if (!response.body) {
      release();
      return response as unknown as Response;
    }
    // The body outlives this call: keep close() and the caller's signal wired to it until it is read.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    response.body.pipeTo(writable).then(release, release);
    return new Response(readable as unknown as ReadableStream, {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers),
    });
  } catch (error) {
    clearTimeout(timer);
    release();
    if (settings.closed()) throw cutShort(summary);
    if (link.signal?.aborted) throw new AbortError(undefined, summary);
    if (controller.signal.aborted) {
      throw new TimeoutError(`Downloading ${summary.url} gave no answer within ${timeoutMs} ms.`, {
        request: summary,
        timeoutMs,
      });
    }
    throw toConnectionError(error, summary);
  }
}
