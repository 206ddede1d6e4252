// The one request pipeline every call goes through: build → sign → send with timeout and abort → parse →
// typed error, recovery or retry. Typed helpers, the path builder and the uploader all end here.

import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { TOKEN_FORM_CONTENT_TYPE } from '../auth/options.js';
import type { Authenticator, SignableRequest, TokenPost, TokenResponse } from '../auth/types.js';
import { createAgent, sendRequest } from './agent.js';
import { download } from './download.js';
import {
  AbortError,
  ApiError,
  ConnectionError,
  createApiError,
  PeonyError,
  RateLimitError,
  type RequestSummary,
  TimeoutError,
} from './errors.js';
import type { MultipartBody } from './multipart.js';
import { encodeForm, type ParamPair } from './params.js';
import { parseRateLimit, type RateLimit, retryAfterMs } from './rate-limit.js';
import { redactHeaders, redactUrl } from './redact.js';
import {
  backoffDelay,
  isIdempotent,
  type RateLimitWaitOptions,
  type ResolvedRetry,
  type RetryOptions,
  rateLimitDelay,
  resolveRetry,
  shouldRetry,
  sleep,
} from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export type RequestBody =
  | { readonly kind: 'form'; readonly pairs: readonly ParamPair[] }
  | { readonly kind: 'json'; readonly text: string }
  /** Built anew for each attempt, so a retry never sends a consumed body. */
  | { readonly kind: 'multipart'; readonly build: () => MultipartBody };

export type ResponseType = 'json' | 'text' | 'stream';

export interface PipelineRequest {
  readonly method: HttpMethod;
  /** The final URL, query included. */
  readonly url: URL;
  readonly body?: RequestBody;
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds for this attempt; for streams, until the response headers arrive. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  /** Marks a non-GET request as safe to repeat (or a GET as unsafe). */
  readonly idempotent?: boolean;
  /** Overrides the client's authenticator; `null` sends no Authorization. */
  readonly authenticator?: Authenticator | null;
  /** A ready Authorization header; wins over any authenticator. */
  readonly authorization?: string;
  readonly responseType?: ResponseType;
  readonly retry?: RetryOptions | false;
  /** `false` turns the client's rate-limit waiting off for this request (streams keep their own 429 rules). */
  readonly waitOnRateLimit?: false;
}

export interface PipelineResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly rateLimit: RateLimit | undefined;
}

export interface RetryEvent {
  readonly request: RequestSummary;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: PeonyError;
}

export interface RateLimitWaitEvent {
  readonly request: RequestSummary;
  readonly waitMs: number;
  readonly reset: Date | undefined;
  readonly rateLimit: RateLimit | undefined;
}

/** Receives one line per request and response, already free of credentials. */
export interface Logger {
  debug(message: string, details?: Readonly<Record<string, unknown>>): void;
}

export interface PipelineOptions {
  /**
   * How requests are authorized: an Authenticator, or a function that makes one from this pipeline's
   * TokenPost (authenticators that fetch tokens need the pipeline that will use them).
   */
  readonly authenticator?: Authenticator | ((tokenPost: TokenPost) => Authenticator | undefined) | undefined;
  readonly dispatcher?: Dispatcher | undefined;
  readonly userAgent?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly timeout?: number | undefined;
  readonly retry?: RetryOptions | false | undefined;
  readonly waitOnRateLimit?: boolean | RateLimitWaitOptions | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly logger?: Logger | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  readonly onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000 + 5_000;
/** Rate-limit waits in a row for one request before it gives up with the RateLimitError. */
const MAX_RATE_LIMIT_WAITS = 5;
const RATE_LIMIT_BACKOFF_MS = 60_000;
/** Connection failures that happen before a byte is written: the request provably never reached X. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class HttpPipeline {
  readonly authenticator: Authenticator | undefined;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #options: PipelineOptions;
  readonly #retry: ResolvedRetry;
  readonly #maxRateLimitWaitMs: number | undefined;
  #closed = false;
  /** The headers every request starts from, worked out once. */
  readonly #baseHeaders: Readonly<Record<string, string>>;
  /** Fires on close(): every request, wait and stream of this pipeline listens to it, so close() never waits. */
  readonly #closing = new AbortController();

  constructor(options: PipelineOptions) {
    this.#options = options;
    this.authenticator =
      typeof options.authenticator === 'function'
        ? options.authenticator(this.tokenPost)
        : options.authenticator;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? createAgent({ keepAliveTimeout: 10_000, connections: 32 });
    this.#retry = resolveRetry(options.retry);
    this.#baseHeaders = {
      'user-agent': options.userAgent ?? 'peony',
      accept: 'application/json',
      ...lowerKeys(options.headers),
    };
    const wait = options.waitOnRateLimit;
    this.#maxRateLimitWaitMs =
      wait === true
        ? DEFAULT_MAX_RATE_LIMIT_WAIT_MS
        : wait
          ? (wait.maxWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS)
          : undefined;
  }

  /** The dispatcher requests go through (shared with twins of the client, such as its app-only view). */
  get dispatcher(): Dispatcher {
    return this.#dispatcher;
  }

  /** A TokenPost bound to this pipeline, for the authenticators and the OAuth flows. */
  readonly tokenPost: TokenPost = async (token) => {
    const response = await this.send<string>({
      method: 'POST',
      url: token.url,
      body: { kind: 'form', pairs: Object.entries(token.form) },
      headers: { 'content-type': TOKEN_FORM_CONTENT_TYPE },
      authenticator: null,
      ...(token.authorization === undefined ? {} : { authorization: token.authorization }),
      ...(token.signal === undefined ? {} : { signal: token.signal }),
      responseType: 'text',
    });
    const result: TokenResponse = { status: response.status, headers: response.headers, text: response.data };
    return result;
  };

  async send<T>(req: PipelineRequest): Promise<PipelineResponse<T>> {
    if (this.#closed)
      throw new PeonyError('This client was closed; create a new PeonyClient to send requests.');
    const summary = summarize(req);
    const idempotent = isIdempotent(req.method, req.idempotent);
    const retry = req.retry === undefined ? this.#retry : resolveRetry(req.retry);
    const authenticator = req.authenticator === null ? undefined : (req.authenticator ?? this.authenticator);
    const link = linkSignals(this.#options.signal, req.signal, this.#closing.signal);
    // A stream's body outlives send(): the link must stay until the body closes.
    let linkOutlivesSend = false;
    try {
      return await this.#sendWithRetries<T>(
        req,
        summary,
        authenticator,
        idempotent,
        retry,
        link.signal,
        (response) => {
          if (req.responseType === 'stream') {
            linkOutlivesSend = true;
            (response.data as Readable).once('close', link.dispose);
          }
        },
      );
    } finally {
      if (!linkOutlivesSend) link.dispose();
    }
  }

  async #sendWithRetries<T>(
    req: PipelineRequest,
    summary: RequestSummary,
    authenticator: Authenticator | undefined,
    idempotent: boolean,
    retry: ResolvedRetry,
    signal: AbortSignal | undefined,
    onResponse: (response: PipelineResponse<T>) => void,
  ): Promise<PipelineResponse<T>> {
    let recovered = false;
    let rateLimitWaits = 0;

    for (let attempt = 0; ; attempt++) {
      try {
        const authorization = req.authorization ?? (await authenticator?.authorize(signable(req), signal));
        try {
          const response = await this.#attempt<T>(req, summary, authorization, signal);
          onResponse(response);
          return response;
        } catch (error) {
          if (
            error instanceof PeonyError &&
            'status' in error &&
            error.status === 401 &&
            !recovered &&
            req.authorization === undefined &&
            authenticator?.recoverFromUnauthorized
          ) {
            recovered = true;
            if (await authenticator.recoverFromUnauthorized(authorization, signal)) {
              attempt--;
              continue;
            }
          }
          throw error;
        }
      } catch (error) {
        const delay = this.#delayBeforeRetry(
          error,
          attempt,
          retry,
          idempotent,
          req.waitOnRateLimit !== false,
          rateLimitWaits,
        );
        if (delay === undefined) throw error;
        if (delay.rateLimitWait) {
          rateLimitWaits++;
          this.#options.onRateLimitWait?.({
            request: summary,
            waitMs: delay.ms,
            reset: (error as RateLimitError).reset,
            rateLimit: (error as RateLimitError).rateLimit,
          });
          attempt--;
        } else {
          this.#options.onRetry?.({
            request: summary,
            attempt: attempt + 1,
            delayMs: delay.ms,
            error: error as PeonyError,
          });
        }
        this.#options.logger?.debug(`retrying ${summary.method} ${summary.url} in ${delay.ms} ms`);
        try {
          await sleep(delay.ms, signal);
        } catch {
          throw this.#closed ? this.#cutShort(summary) : new AbortError(undefined, summary);
        }
      }
    }
  }

  /** `undefined`: give up and throw. Otherwise how long to wait, and whether it is a rate-limit wait. */
  #delayBeforeRetry(
    error: unknown,
    attempt: number,
    retry: ResolvedRetry,
    idempotent: boolean,
    mayWaitOnRateLimit: boolean,
    rateLimitWaits: number,
  ): { ms: number; rateLimitWait: boolean } | undefined {
    if (error instanceof RateLimitError) {
      const untilReset = rateLimitDelay(error, Date.now());
      // A 429 was not applied, so even a POST may wait and go again, but only when the caller asked for it.
      if (this.#maxRateLimitWaitMs !== undefined && mayWaitOnRateLimit) {
        if (rateLimitWaits >= MAX_RATE_LIMIT_WAITS) return undefined;
        // Without a reset to wait for, back off as X asks for 429s: from a minute, doubling.
        const ms = untilReset ?? RATE_LIMIT_BACKOFF_MS * 2 ** rateLimitWaits;
        return ms <= this.#maxRateLimitWaitMs ? { ms, rateLimitWait: true } : undefined;
      }
      // Without waiting, retry only when the window reopens within one backoff step; a 429 with no reset
      // (a usage cap, a connection limit) wants a minute or more, which is the caller's call, not a retry.
      if (!idempotent || attempt >= retry.retries) return undefined;
      if (untilReset === undefined || untilReset > retry.maxDelayMs) return undefined;
      return { ms: untilReset, rateLimitWait: false };
    }
    if (attempt >= retry.retries || !shouldRetry(error, idempotent)) return undefined;
    // A server that says when to come back (503 with Retry-After) is believed, up to the backoff cap.
    const asked =
      error instanceof ApiError ? retryAfterMs(error.headers['retry-after'], Date.now()) : undefined;
    const backoff = backoffDelay(attempt, retry);
    return {
      ms: asked === undefined ? backoff : Math.min(Math.max(asked, backoff), retry.maxDelayMs),
      rateLimitWait: false,
    };
  }

  async #attempt<T>(
    req: PipelineRequest,
    summary: RequestSummary,
    authorization: string | undefined,
    outerSignal: AbortSignal | undefined,
  ): Promise<PipelineResponse<T>> {
    const timeoutMs = req.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onOuterAbort = () => controller.abort();
    if (outerSignal?.aborted) controller.abort();
    outerSignal?.addEventListener('abort', onOuterAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      outerSignal?.removeEventListener('abort', onOuterAbort);
    };

    const multipart = req.body?.kind === 'multipart' ? req.body.build() : undefined;
    const headers = this.#headers(req, authorization, multipart);
    const started = Date.now();
    this.#options.logger?.debug(`→ ${summary.method} ${summary.url}`, { headers: redactHeaders(headers) });
    let keepOpen = false;
    try {
      // Straight to the dispatcher with origin and path: undici's top-level request() would parse the URL again.
      const response = await sendRequest(this.#dispatcher, {
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers,
        // undici sends an AsyncIterable body with backpressure (its docs list it; its typings do not).
        body: multipart ? (multipart.chunks() as unknown as Readable) : bodyOf(req.body),
        signal: controller.signal,
      });
      const responseHeaders = flattenHeaders(response.headers);
      const rateLimit = parseRateLimit(responseHeaders);
      this.#options.logger?.debug(`← ${response.statusCode} ${summary.method} ${summary.url}`, {
        ms: Date.now() - started,
      });

      if (response.statusCode >= 400) {
        const text = await response.body.text();
        throw createApiError({
          status: response.statusCode,
          headers: responseHeaders,
          body: parseBody(text, responseHeaders['content-type']),
          request: summary,
          rateLimit,
        });
      }
      if (req.responseType === 'stream') {
        // The caller now owns the body; the timeout covered the wait for headers, the abort stays wired.
        keepOpen = true;
        clearTimeout(timer);
        response.body.once('close', cleanup);
        return {
          data: response.body as Readable as T,
          status: response.statusCode,
          headers: responseHeaders,
          rateLimit,
        };
      }
      const text = await response.body.text();
      const data =
        req.responseType === 'text'
          ? text
          : text.length === 0
            ? undefined
            : parseJson(text, summary, responseHeaders);
      return { data: data as T, status: response.statusCode, headers: responseHeaders, rateLimit };
    } catch (error) {
      if (error instanceof PeonyError) throw error;
      if (timedOut) {
        throw new TimeoutError(
          `${summary.method} ${summary.url} got no complete answer within ${timeoutMs} ms; raise the client's or the request's timeout if this is expected.`,
          { request: summary, timeoutMs },
        );
      }
      if (this.#closed) throw this.#cutShort(summary);
      if (outerSignal?.aborted) throw new AbortError(undefined, summary);
      throw toConnectionError(error, summary);
    } finally {
      if (!keepOpen) cleanup();
    }
  }

  #headers(
    req: PipelineRequest,
    authorization: string | undefined,
    multipart: MultipartBody | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = { ...this.#baseHeaders };
    if (multipart) {
      headers['content-type'] = multipart.contentType;
      headers['content-length'] = String(multipart.length);
    }
    if (req.body?.kind === 'form') headers['content-type'] = 'application/x-www-form-urlencoded';
    if (req.body?.kind === 'json') headers['content-type'] = 'application/json';
    if (req.headers) Object.assign(headers, lowerKeys(req.headers));
    if (authorization !== undefined) headers.authorization = authorization;
    return headers;
  }

  /**
   * Downloads a URL outside X (media given as an http(s) URL) through this client's dispatcher (its proxy,
   * its pool). The client's timeout bounds the wait for the headers and each silence in the body.
   */
  async download(url: URL, signal?: AbortSignal): Promise<Response> {
    if (this.#closed)
      throw new PeonyError('This client was closed; create a new PeonyClient to send requests.');
    const link = linkSignals(this.#options.signal, signal, this.#closing.signal);
    const summary = summarize({ method: 'GET', url });
    // The body outlives this call: close() and the caller's signal stay wired to it until it ends.
    return download(url, {
      dispatcher: this.#dispatcher,
      timeoutMs: this.#options.timeout ?? DEFAULT_TIMEOUT_MS,
      signal: link.signal,
      userAgent: this.#options.userAgent ?? 'peony',
      summary,
      toError: (error) => (this.#closed ? this.#cutShort(summary) : toConnectionError(error, summary)),
      onSettled: link.dispose,
    });
  }

  /** Refuses new requests, cuts those in flight (open streams included), then ends pooled connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.abort();
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #cutShort(summary: RequestSummary): PeonyError {
    return new PeonyError(
      `${summary.method} ${summary.url} was cut short: the client was closed while it was in flight.`,
    );
  }
}

/** What errors and logs say of a request; the redacted URL is only worked out if someone reads it. */
function summarize(req: PipelineRequest): RequestSummary {
  let url: string | undefined;
  return {
    method: req.method,
    get url() {
      url ??= redactUrl(req.url);
      return url;
    },
  };
}

function signable(req: PipelineRequest): SignableRequest {
  return {
    method: req.method,
    url: req.url,
    formParams: req.body?.kind === 'form' ? req.body.pairs : [],
  };
}

function bodyOf(body: RequestBody | undefined): string | null {
  if (!body || body.kind === 'multipart') return null;
  return body.kind === 'form' ? encodeForm(body.pairs) : body.text;
}

function lowerKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) return undefined;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function parseJson(
  text: string,
  summary: RequestSummary,
  headers: Readonly<Record<string, string>>,
): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const kind = headers['content-type'] ?? 'no content type';
    throw new PeonyError(
      `X answered ${summary.method} ${summary.url} with a body that is not JSON (${kind}, ${text.length} bytes); the response may have been cut short, try again.`,
    );
  }
}

/** The system or undici error code of a failure, looked for down its `cause` chain. */
export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function toConnectionError(error: unknown, summary: RequestSummary): ConnectionError {
  const code = errorCode(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  return new ConnectionError(
    `${summary.method} ${summary.url} failed: ${code ?? (error instanceof Error ? error.message : String(error))}${notSent ? ' (nothing was sent)' : ''}. Check the network and the client's baseUrl.`,
    { request: summary, notSent, cause: error },
  );
}

/**
 * One signal that fires when any given signal does. Built from removable listeners rather than
 * AbortSignal.any, which on Node 20 keeps every composite alive as long as a long-lived source signal lives.
 */
function linkSignals(...given: Array<AbortSignal | undefined>): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  const signals = given.filter((s): s is AbortSignal => s !== undefined);
  if (signals.length <= 1) return { signal: signals[0], dispose: () => {} };
  const linked = new AbortController();
  const abort = () => linked.abort();
  for (const signal of signals) {
    if (signal.aborted) linked.abort();
    signal.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: linked.signal,
    dispose: () => {
      for (const signal of signals) signal.removeEventListener('abort', abort);
    },
  };
}
