// The one request pipeline every call goes through: build → sign → send with timeout and abort → parse →
// typed error, recovery or retry. Typed helpers, the path builder and the uploader all end here.

import type { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { createAgent, sendRequest } from './agent.js';
import type { Authenticator, SignableRequest } from './authenticator.js';
import { download } from './download.js';
import {
  AbortError,
  ConnectionError,
  createApiError,
  PeonyError,
  type RateLimitError,
  type RequestSummary,
  TimeoutError,
} from './errors.js';
import type { MultipartBody } from './multipart.js';
import { encodeForm } from './params.js';
import { parseRateLimit } from './rate-limit.js';
import { formSecrets, redactError, redactHeaders, scrub, scrubHeaders, secretsOf } from './redact.js';
import {
  checkDuration,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOTAL_TIMEOUT_MS,
  type PipelineOptions,
  type PipelineRequest,
  type PipelineResponse,
  type RequestBody,
} from './request.js';
import {
  cutShort,
  flattenHeaders,
  lowerKeys,
  NO_CONTENT,
  parseBody,
  parseJson,
  summarize,
  toConnectionError,
  toDownloadError,
} from './response.js';
import {
  delayBeforeRetry,
  isIdempotent,
  maxRateLimitWait,
  type ResolvedRetry,
  resolveRetry,
  sleep,
} from './retry.js';
import { linkSignals, onAbort } from './signals.js';
import { unpausedBody } from './unpaused-body.js';
import { AttemptAbort, sendForWholeAnswer, type WholeAnswer } from './whole-answer.js';

const CLOSED_MESSAGE = 'This client was closed; create a new PeonyClient to send requests.';

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
    this.authenticator = options.authenticator;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? createAgent({ keepAliveTimeout: 10_000, connections: 32 });
    this.#retry = resolveRetry(options.retry);
    if (options.timeout !== undefined) checkDuration('timeout', options.timeout);
    if (options.totalTimeout !== undefined) checkDuration('totalTimeout', options.totalTimeout);
    this.#baseHeaders = {
      'user-agent': options.userAgent ?? 'peony',
      accept: 'application/json',
      ...lowerKeys(options.headers),
    };
    const maxWait = maxRateLimitWait(options.waitOnRateLimit);
    this.#maxRateLimitWaitMs =
      maxWait === undefined ? undefined : checkDuration('waitOnRateLimit.maxWaitMs', maxWait, 0);
  }

  /** Fires when close() is called: what is long-lived (a stream) ends with it. */
  get closeSignal(): AbortSignal {
    return this.#closing.signal;
  }

  /** The dispatcher requests go through (shared with twins of the client, such as its app-only view). */
  get dispatcher(): Dispatcher {
    return this.#dispatcher;
  }

  async send<T>(req: PipelineRequest): Promise<PipelineResponse<T>> {
    if (this.#closed) throw new PeonyError(CLOSED_MESSAGE);
    const summary = summarize(req);
    const authenticator = req.authenticator === null ? undefined : (req.authenticator ?? this.authenticator);
    const link = linkSignals(this.#options.signal, req.signal, this.#closing.signal);
    // A stream's body outlives send(): the link must stay until the body closes.
    let linkOutlivesSend = false;
    try {
      return await this.#sendWithRetries<T>(req, summary, authenticator, link.signal, (response) => {
        if (req.responseType === 'stream') {
          linkOutlivesSend = true;
          (response.data as Readable).once('close', link.dispose);
        }
      });
    } catch (error) {
      // Whatever ends up in the error (an echo, a message of the caller's own) is free of the credentials.
      throw redactError(error, secretsOf(undefined, this.#heldSecrets(req, authenticator)));
    } finally {
      if (!linkOutlivesSend) link.dispose();
    }
  }

  async #sendWithRetries<T>(
    req: PipelineRequest,
    summary: RequestSummary,
    authenticator: Authenticator | undefined,
    signal: AbortSignal | undefined,
    onResponse: (response: PipelineResponse<T>) => void,
  ): Promise<PipelineResponse<T>> {
    const policy = {
      retry: req.retry === undefined ? this.#retry : resolveRetry(req.retry),
      idempotent: isIdempotent(req.method, req.idempotent),
      maxRateLimitWaitMs: req.waitOnRateLimit === false ? undefined : this.#maxRateLimitWaitMs,
    };
    let recovered = false;
    let rateLimitWaits = 0;
    const totalMs =
      req.totalTimeout === undefined
        ? (this.#options.totalTimeout ?? DEFAULT_TOTAL_TIMEOUT_MS)
        : checkDuration('totalTimeout', req.totalTimeout);
    // Rate-limit waits the caller enabled move the deadline on; everything else counts against it.
    let deadline = Date.now() + totalMs;

    for (let attempt = 0; ; attempt++) {
      try {
        const authorization = req.authorization ?? (await authenticator?.authorize(signable(req), signal));
        try {
          const secrets = () => secretsOf(authorization, this.#heldSecrets(req, authenticator));
          const response = await this.#attempt<T>(req, summary, authorization, signal, {
            deadline,
            totalMs,
            secrets,
          });
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
        const delay = delayBeforeRetry(error, attempt, rateLimitWaits, policy, Date.now());
        if (delay === undefined) throw error;
        if (!delay.rateLimitWait && Date.now() + delay.ms >= deadline) throw error;
        if (delay.rateLimitWait) deadline += delay.ms;
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
          throw this.#closed ? cutShort(summary) : new AbortError(undefined, summary);
        }
      }
    }
  }

  async #attempt<T>(
    req: PipelineRequest,
    summary: RequestSummary,
    authorization: string | undefined,
    outerSignal: AbortSignal | undefined,
    bound: { readonly deadline: number; readonly totalMs: number; readonly secrets: () => string[] },
  ): Promise<PipelineResponse<T>> {
    const attemptMs = req.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT_MS;
    // The last attempt gets what is left of the call's totalTimeout.
    const left = bound.deadline - Date.now();
    const cutByTotal = left < attemptMs;
    const timeoutMs = Math.max(1, Math.min(attemptMs, left));
    const cut = new AttemptAbort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      cut.abort();
    }, timeoutMs);
    if (outerSignal?.aborted) cut.abort();
    const stopListening = outerSignal ? onAbort(outerSignal, () => cut.abort()) : undefined;
    const cleanup = () => {
      clearTimeout(timer);
      stopListening?.();
    };

    const multipart = req.body?.kind === 'multipart' ? req.body.build() : undefined;
    const headers = this.#headers(req, authorization, multipart);
    const started = Date.now();
    this.#options.logger?.debug(`→ ${summary.method} ${summary.url}`, { headers: redactHeaders(headers) });
    let keepOpen = false;
    try {
      // Straight to the dispatcher with origin and path: undici's top-level request() would parse the URL again.
      const options = {
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers,
        // undici sends an AsyncIterable body with backpressure (its docs list it; its typings do not).
        body: multipart
          ? multipart.whole
            ? await multipart.whole()
            : (multipart.chunks() as unknown as Readable)
          : bodyOf(req.body),
      };
      // undici lends a connection again only a loop turn after its answer (setImmediate): a request sent in that
      // turn finds it busy and opens another, at X a TLS handshake (16 in flight had opened 25).
      await nextTurn();
      // Only a stream's body is handed on as it arrives; every other answer is read whole.
      const response: WholeAnswer | Dispatcher.ResponseData =
        req.responseType === 'stream'
          ? await sendRequest(this.#dispatcher, { ...options, signal: streamSignal(cut) })
          : await sendForWholeAnswer(this.#dispatcher, options, cut);
      const responseHeaders = flattenHeaders(response.headers);
      const rateLimit = parseRateLimit(responseHeaders);
      this.#options.logger?.debug(`← ${response.statusCode} ${summary.method} ${summary.url}`, {
        ms: Date.now() - started,
      });

      if (response.statusCode >= 300) {
        // A server may echo credentials back: they are scrubbed before the body reaches any error.
        const secrets = bound.secrets();
        const text = scrub(await response.body.text(), secrets);
        throw createApiError({
          status: response.statusCode,
          headers: scrubHeaders(responseHeaders, secrets),
          body: parseBody(text, responseHeaders['content-type']),
          request: summary,
          rateLimit,
        });
      }
      if (req.responseType === 'stream') {
        // The caller now owns the body; the timeout covered the wait for headers, the abort stays wired.
        keepOpen = true;
        clearTimeout(timer);
        const stream = (response as Dispatcher.ResponseData).body;
        stream.once('close', cleanup);
        const body = unpausedBody(stream, {
          toError: (error) =>
            this.#closed
              ? cutShort(summary)
              : outerSignal?.aborted
                ? new AbortError(undefined, summary)
                : toConnectionError(error, summary),
          tooFarBehind: (bytes) =>
            new ConnectionError(
              `${summary.method} ${summary.url} was cut: more than ${bytes / 1024 / 1024} MiB of its body arrived unread. Read the stream as fast as it comes.`,
              { request: summary },
            ),
        });
        return {
          data: body as T,
          status: response.statusCode,
          headers: responseHeaders,
          rateLimit,
        };
      }
      const text = await response.body.text();
      const data =
        req.responseType === 'text'
          ? text
          : text.length === 0 && NO_CONTENT.has(response.statusCode)
            ? undefined
            : parseJson(text, summary, response.statusCode, responseHeaders, (t) =>
                scrub(t, bound.secrets()),
              );
      return { data: data as T, status: response.statusCode, headers: responseHeaders, rateLimit };
    } catch (error) {
      if (error instanceof PeonyError) throw error;
      if (timedOut) {
        throw new TimeoutError(
          cutByTotal
            ? `${summary.method} ${summary.url} did not complete within its totalTimeout of ${bound.totalMs} ms (retries included); raise totalTimeout if this is expected.`
            : `${summary.method} ${summary.url} got no complete answer within ${timeoutMs} ms; raise the client's or the request's timeout if this is expected.`,
          { request: summary, timeoutMs },
        );
      }
      if (this.#closed) throw cutShort(summary);
      if (outerSignal?.aborted) throw new AbortError(undefined, summary);
      throw toConnectionError(error, summary);
    } finally {
      if (!keepOpen) cleanup();
    }
  }

  /** Credentials of the client and of this request that could be echoed back, beyond its Authorization value. */
  #heldSecrets(req: PipelineRequest, authenticator: Authenticator | undefined): string[] {
    const held = [...(this.authenticator?.secrets?.() ?? []), ...(req.secrets ?? [])];
    if (authenticator && authenticator !== this.authenticator)
      held.push(...(authenticator.secrets?.() ?? []));
    if (req.body?.kind === 'form') held.push(...formSecrets(req.body.pairs));
    return held;
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

  /** `error` with this client's credentials scrubbed from it (for failures that did not come through send()). */
  redact<E>(error: E): E {
    return redactError(error, secretsOf(undefined, this.authenticator?.secrets?.() ?? []));
  }

  /**
   * Downloads a URL outside X (media given as an http(s) URL) through this client's dispatcher (its proxy,
   * its pool). The client's timeout bounds the wait for the headers and each silence in the body.
   */
  async download(url: URL, signal?: AbortSignal): Promise<Response> {
    if (this.#closed) throw new PeonyError(CLOSED_MESSAGE);
    const link = linkSignals(this.#options.signal, signal, this.#closing.signal);
    const summary = summarize({ method: 'GET', url });
    // The body outlives this call: close() and the caller's signal stay wired to it until it ends.
    return download(url, {
      dispatcher: this.#dispatcher,
      timeoutMs: this.#options.timeout ?? DEFAULT_TIMEOUT_MS,
      signal: link.signal,
      userAgent: this.#options.userAgent ?? 'peony',
      summary,
      toError: (error) => (this.#closed ? cutShort(summary) : toDownloadError(error, summary)),
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
}

/** The AbortSignal undici's request() needs for a stream, following the attempt's cut. */
function streamSignal(cut: AttemptAbort): AbortSignal {
  const controller = new AbortController();
  if (cut.aborted) controller.abort();
  else cut.onAbort(() => controller.abort());
  return controller.signal;
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
