// The last N requests to the X API surface (admin and view routes left out), each with what the view's
// request panel shows; secrets are redacted before an entry is stored.

import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthKind, SandboxContext } from '../context.js';
import type { ActiveFault } from '../faults.js';
import { redactBody, redactHeaders, redactUrl } from './redact.js';

/** How many requests the log keeps. */
export const REQUEST_LOG_SIZE = 200;
/** Characters of a request or response body kept for display. */
const BODY_LIMIT = 8_000;

/** Headers and bodies as they came, kept only in memory; `detailsOf` redacts them for display. */
interface RawExchange {
  requestHeaders: Record<string, string | number | readonly string[] | undefined>;
  /** The parsed body (form text, JSON value) or a note for multipart; turned into text when shown. */
  requestBody: unknown;
  requestType: string | undefined;
  responseHeaders: Record<string, string | number | readonly string[] | undefined>;
  responseBody: string | undefined;
}

export interface LoggedRequest {
  readonly id: number;
  /** Sandbox clock, epoch ms. */
  readonly at: number;
  readonly method: string;
  /** Path and query, secrets redacted. */
  readonly url: string;
  readonly path: string;
  state: 'pending' | 'done' | 'aborted';
  status?: number;
  latencyMs?: number;
  authKind?: AuthKind;
  rateLimit?: { remaining: string; limit: string };
  fault?: { kind: string; status: number; ruleId: string };
  /** Parsed error message of a 4xx/5xx answer, in X's words. */
  errorMessage?: string;
  /** @internal */
  raw: RawExchange;
  /** @internal The request while it is in flight (an open stream shows who it is), dropped when it ends. */
  live?: FastifyRequest;
}

/** The auth kind, known as soon as the route authenticated, even while the response is still open. */
export function authKindOf(entry: LoggedRequest): AuthKind | undefined {
  return entry.authKind ?? entry.live?.sandboxAuth?.kind;
}

/** What the request's detail shows: every credential and secret already replaced. */
export interface RequestDetails {
  readonly requestHeaders: Array<[string, string]>;
  readonly requestBody: string;
  readonly responseHeaders: Array<[string, string]>;
  readonly responseBody: string;
}

/**
 * Redacts when shown rather than when logged, so a busy bot pays nothing for the log but a copy of
 * references; no redacted text is ever built from a body nobody looks at.
 */
export function detailsOf(entry: LoggedRequest): RequestDetails {
  const { raw } = entry;
  const announced =
    Number(raw.requestHeaders['content-length'] ?? 0) > 0 ||
    raw.requestHeaders['transfer-encoding'] !== undefined;
  const responseType = raw.responseHeaders['content-type'];
  return {
    requestHeaders: redactHeaders(raw.requestHeaders),
    requestBody:
      raw.requestBody === undefined && announced && entry.fault
        ? '(not read: the injected fault answered before the body)'
        : redactBody(bodyText(raw.requestBody), raw.requestType, BODY_LIMIT),
    responseHeaders: redactHeaders(raw.responseHeaders),
    responseBody:
      raw.responseBody === undefined
        ? ''
        : redactBody(raw.responseBody, typeof responseType === 'string' ? responseType : '', BODY_LIMIT),
  };
}

type Listener = (entry: LoggedRequest) => void;

export class RequestLog {
  readonly #entries: LoggedRequest[] = [];
  readonly #listeners = new Set<Listener>();
  #nextId = 1;
  #total = 0;

  constructor(readonly capacity = REQUEST_LOG_SIZE) {}

  /** Newest first. */
  list(): LoggedRequest[] {
    return [...this.#entries].reverse();
  }

  /** Requests seen since the start or the last reset. */
  get total(): number {
    return this.#total;
  }

  get(id: number): LoggedRequest | undefined {
    return this.#entries.find((entry) => entry.id === id);
  }

  start(fields: Omit<LoggedRequest, 'id' | 'state'>): LoggedRequest {
    const entry: LoggedRequest = { ...fields, id: this.#nextId++, state: 'pending' };
    this.#entries.push(entry);
    this.#total++;
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
    this.changed(entry);
    return entry;
  }

  changed(entry: LoggedRequest): void {
    for (const listener of this.#listeners) listener(entry);
  }

  clear(): void {
    this.#entries.length = 0;
    this.#total = 0;
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** Paths the log leaves out: the sandbox's own admin surface and the view itself. */
export function isSandboxOwnPath(path: string): boolean {
  return path.startsWith('/__sandbox/') || path === '/__sandbox';
}

/** What to keep of a request body: the form text, the parsed JSON, or a note for a multipart stream. */
function bodyOf(request: FastifyRequest): unknown {
  const type = request.headers['content-type'] ?? '';
  if (type.toLowerCase().startsWith('multipart/')) {
    const length = request.headers['content-length'];
    return `[multipart body${length ? `, ${length} bytes` : ''}]`;
  }
  return request.rawFormBody ?? request.body;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return `[${body.length} bytes]`;
  return JSON.stringify(body);
}

/** X's message from either error shape (v1.1 `errors[0].message`, v2 problem `detail`/`title`). */
function errorMessageOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    const first = Array.isArray(record['errors']) ? (record['errors'][0] as unknown) : undefined;
    if (typeof first === 'object' && first !== null) {
      const entry = first as Record<string, unknown>;
      const message = entry['message'] ?? entry['detail'];
      if (typeof message === 'string') return message;
    }
    for (const key of ['detail', 'title', 'error']) {
      const value = record[key];
      if (typeof value === 'string') return value;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Hooks that fill `log`. Registered before the fault hooks so a request answered by an injected error is
 * still seen; the `fault` event (from the fault hooks) marks which ones were injected.
 */
export function registerRequestLog(
  app: FastifyInstance,
  ctx: SandboxContext,
  log: RequestLog,
  onAdminChange: () => void,
): void {
  const entries = new WeakMap<FastifyRequest, LoggedRequest>();
  const payloads = new WeakMap<FastifyRequest, string>();

  ctx.events.on('fault', (request: FastifyRequest, fault: ActiveFault) => {
    const entry = entries.get(request);
    if (!entry) return;
    entry.fault = { kind: fault.kind, status: fault.status, ruleId: fault.ruleId };
    log.changed(entry);
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isSandboxOwnPath(path)) {
      // Admin changes (a fault added, a user created) are news for the view, though not logged.
      if (request.method !== 'GET' && request.method !== 'HEAD' && !path.startsWith('/__sandbox/view/')) {
        reply.raw.once('close', onAdminChange);
      }
      return;
    }
    const started = performance.now();
    const entry = log.start({
      at: ctx.now(),
      method: request.method,
      url: request.url.includes('?') ? redactUrl(request.url) : request.url,
      path,
      raw: {
        requestHeaders: request.headers,
        requestBody: undefined,
        requestType: request.headers['content-type'],
        responseHeaders: {},
        responseBody: undefined,
      },
    });
    entries.set(request, entry);
    entry.live = request;
    reply.raw.once('close', () => {
      delete entry.live;
      entry.latencyMs = performance.now() - started;
      entry.state = reply.raw.writableFinished ? 'done' : 'aborted';
      if (reply.raw.headersSent) entry.status = reply.raw.statusCode;
      if (request.sandboxAuth) entry.authKind = request.sandboxAuth.kind;
      // fastify hands its headers to writeHead, so the raw response alone does not list them.
      const headers: Record<string, string | number | string[] | undefined> = {
        ...reply.raw.getHeaders(),
        ...reply.getHeaders(),
      };
      const remaining = headers['x-rate-limit-remaining'];
      const limit = headers['x-rate-limit-limit'];
      if (remaining !== undefined)
        entry.rateLimit = { remaining: String(remaining), limit: String(limit ?? '') };
      entry.raw.responseHeaders = headers;
      entry.raw.requestBody = bodyOf(request);
      const payload = payloads.get(request);
      entry.raw.responseBody = payload;
      if (payload !== undefined && (entry.status ?? 0) >= 400) {
        const message = errorMessageOf(payload);
        if (message !== undefined) entry.errorMessage = message;
      }
      log.changed(entry);
    });
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    if (!entries.has(request)) return payload;
    if (typeof payload === 'string') payloads.set(request, payload.slice(0, BODY_LIMIT * 2));
    else if (Buffer.isBuffer(payload))
      payloads.set(request, payload.subarray(0, BODY_LIMIT * 2).toString('utf8'));
    else if (payload !== null && payload !== undefined) payloads.set(request, '[streamed body]');
    return payload;
  });
}
