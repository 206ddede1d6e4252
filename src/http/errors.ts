// The error tree every failure is reported with, and the one factory that picks a class from a response.

import { exhaustedUntil, type RateLimit, retryAfterMs } from './rate-limit.js';
import { redactUrl } from './redact.js';

/** One entry of X's v1.1 `errors` array, or of a v2 problem's `errors`. */
export interface XErrorEntry {
  readonly code?: number;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** The RFC 7807 fields of a v2 problem. `type` is kept as sent; `problemType` is its last path segment. */
export interface XProblem {
  readonly type: string;
  readonly problemType: string;
  readonly title?: string;
  readonly detail?: string;
  readonly [field: string]: unknown;
}

export interface RequestSummary {
  readonly method: string;
  /** The URL with credentials removed. */
  readonly url: string;
}

/** Base class of every error peony throws. */
export class PeonyError extends Error {
  override readonly name: string = 'PeonyError';
}

/** The request never got a complete answer: DNS, refused connection, reset socket, TLS. */
export class ConnectionError extends PeonyError {
  override readonly name: string = 'ConnectionError';
  readonly request: RequestSummary | undefined;
  /** True when the failure happened before any byte of the request reached the server. */
  readonly notSent: boolean;
  /**
   * Node's or undici's code for the failure, when it had one: `ECONNREFUSED`, `ECONNRESET`, or for a server
   * certificate that did not verify (never retried) `DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`…
   */
  readonly code: string | undefined;
  constructor(
    message: string,
    options: { request?: RequestSummary; notSent?: boolean; code?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.request = options.request;
    this.notSent = options.notSent ?? false;
    this.code = options.code;
  }
}

/** The request took longer than its `timeout`. */
export class TimeoutError extends PeonyError {
  override readonly name: string = 'TimeoutError';
  readonly request: RequestSummary | undefined;
  readonly timeoutMs: number;
  constructor(message: string, options: { request?: RequestSummary; timeoutMs: number }) {
    super(message);
    this.request = options.request;
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends PeonyError {
  override readonly name: string = 'AbortError';
  readonly request: RequestSummary | undefined;
  constructor(message = 'The request was aborted by its AbortSignal.', request?: RequestSummary) {
    super(message);
    this.request = request;
  }
}

/** A parameter or option the caller passed cannot be sent as it is. */
export class InvalidRequestError extends PeonyError {
  override readonly name: string = 'InvalidRequestError';
}

export interface ApiErrorInit {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly request: RequestSummary;
  readonly rateLimit: RateLimit | undefined;
}

/** X answered with an error status. */
export class ApiError extends PeonyError {
  override readonly name: string = 'ApiError';
  readonly status: number;
  /** X's error codes (v1.1 `errors[].code`), in the order sent. Empty for v2 problems. */
  readonly codes: readonly number[];
  /** X's error entries: v1.1 `errors`, the upload host's `error`, or a v2 problem's `errors`. */
  readonly errors: readonly XErrorEntry[];
  /** The v2 problem, when the body was one. */
  readonly problem: XProblem | undefined;
  /** The parsed body (JSON when it was JSON, text otherwise). */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly rateLimit: RateLimit | undefined;
  readonly request: RequestSummary;

  /** `parsed` lets the factory pass the body it already read. */
  constructor(init: ApiErrorInit, parsed: ParsedErrorBody = parseErrorBody(init.body)) {
    super(describe(init, parsed));
    this.status = init.status;
    this.codes = parsed.errors.flatMap((e) => (typeof e.code === 'number' ? [e.code] : []));
    this.errors = parsed.errors;
    this.problem = parsed.problem;
    this.body = init.body;
    this.headers = init.headers;
    this.rateLimit = init.rateLimit;
    this.request = init.request;
  }

  /** The first X error code, if any. */
  get code(): number | undefined {
    return this.codes[0];
  }

  hasCode(code: number): boolean {
    return this.codes.includes(code);
  }

  /** A plain, secret-free form for logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      codes: this.codes,
      errors: this.errors,
      problem: this.problem,
      rateLimit: this.rateLimit,
      request: this.request,
    };
  }
}

export class BadRequestError extends ApiError {
  override readonly name: string = 'BadRequestError';
}
export class UnauthorizedError extends ApiError {
  override readonly name: string = 'UnauthorizedError';
}
export class ForbiddenError extends ApiError {
  override readonly name: string = 'ForbiddenError';
}
export class NotFoundError extends ApiError {
  override readonly name: string = 'NotFoundError';
}
export class ConflictError extends ApiError {
  override readonly name: string = 'ConflictError';
}
export class ServerError extends ApiError {
  override readonly name: string = 'ServerError';
}

/**
 * X answered with a redirect (3xx). peony never follows one for an API call: the base URL is wrong or a
 * proxy is in the way. A request that changes something may or may not have been applied.
 */
export class RedirectError extends ApiError {
  override readonly name: string = 'RedirectError';
  /** Where the answer pointed (`Location`), when it said. */
  get location(): string | undefined {
    return this.headers.location;
  }
}

/** X answered 2xx without the body the call needs: empty, `null`, not JSON, or not the shape expected. */
export class UnexpectedResponseError extends PeonyError {
  override readonly name: string = 'UnexpectedResponseError';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received (text), kept whole even when the message is shortened. */
  readonly body: unknown;
  readonly request: RequestSummary | undefined;
  constructor(
    message: string,
    init: {
      status: number;
      headers?: Readonly<Record<string, string>>;
      body?: unknown;
      request?: RequestSummary;
    },
  ) {
    super(message);
    this.status = init.status;
    this.headers = init.headers ?? {};
    this.body = init.body;
    this.request = init.request;
  }
}

/** 429, or X's code 88. `reset` is when the exhausted window reopens. */
export class RateLimitError extends ApiError {
  override readonly name: string = 'RateLimitError';
  readonly reset: Date | undefined;
  constructor(init: ApiErrorInit, parsed?: ParsedErrorBody) {
    super(init, parsed);
    this.reset = exhaustedUntil(init.rateLimit) ?? retryAfter(init.headers);
  }
  /** Milliseconds from now until `reset` (0 when it has passed; undefined when X did not say). */
  get resetIn(): number | undefined {
    return this.reset ? Math.max(0, this.reset.getTime() - Date.now()) : undefined;
  }
}

/** X refused the credentials: codes 32 (could not authenticate), 89 (invalid or expired token), 135 (timestamp). */
export class AuthenticationError extends UnauthorizedError {
  override readonly name: string = 'AuthenticationError';
}
/** Code 187, or v2's "duplicate content" refusal. */
export class DuplicateTweetError extends ForbiddenError {
  override readonly name: string = 'DuplicateTweetError';
}
/** Code 186: the text is over X's length limit. */
export class TweetTooLongError extends ForbiddenError {
  override readonly name: string = 'TweetTooLongError';
}
/** Codes 324 and 325: a media id is unknown, expired, not yours, not processed or not allowed together. */
export class MediaIdError extends BadRequestError {
  override readonly name: string = 'MediaIdError';
}

const HINTS: Readonly<Record<string, string>> = {
  AuthenticationError:
    'Check the consumer key and secret and the access token and secret, and that this machine’s clock is right (X refuses timestamps more than 5 minutes off).',
  UnauthorizedError: 'Check the credentials this client was given.',
  MediaIdError: 'Attach only media ids this user uploaded whose processing has succeeded.',
  DuplicateTweetError: 'X refuses the same text twice in a row; change the text.',
  RedirectError:
    'peony does not follow redirects for API calls: check the client’s baseUrl and any proxy. A request other than GET may or may not have been applied; check before sending it again.',
};

/** When to come back, in the message itself: a log line or the CLI's one line cannot read `reset`. */
function rateLimitHint(reset: Date | undefined, resetIn: number | undefined): string {
  if (!reset) return 'X gave no time to come back: back off, from a minute, doubling.';
  const seconds = Math.ceil((resetIn ?? 0) / 1000);
  return `Wait for the reset at ${reset.toISOString()} (in ${seconds} s), or create the client with waitOnRateLimit: true.`;
}

/** Picks the most specific class for an error response, with advice on what to do where there is some. */
export function createApiError(init: ApiErrorInit): ApiError {
  const error = pickErrorClass(init);
  const hint =
    error instanceof RateLimitError ? rateLimitHint(error.reset, error.resetIn) : HINTS[error.name];
  if (hint) error.message = `${error.message.replace(/\.+$/, '')}. ${hint}`;
  return error;
}

function pickErrorClass(init: ApiErrorInit): ApiError {
  const parsed = parseErrorBody(init.body);
  const { errors, problem } = parsed;
  const codes = errors.flatMap((e) => (typeof e.code === 'number' ? [e.code] : []));
  const has = (...wanted: number[]) => wanted.some((c) => codes.includes(c));
  const detail = `${problem?.detail ?? ''}`.toLowerCase();

  if (init.status >= 300 && init.status < 400) return new RedirectError(init, parsed);
  if (init.status === 429 || has(88)) return new RateLimitError(init, parsed);
  if (has(32, 89, 135)) return new AuthenticationError(init, parsed);
  if (has(187) || (init.status === 403 && detail.includes('duplicate content'))) {
    return new DuplicateTweetError(init, parsed);
  }
  if (has(186) || (init.status === 403 && detail.includes('too long')))
    return new TweetTooLongError(init, parsed);
  if (has(324, 325)) return new MediaIdError(init, parsed);
  switch (init.status) {
    case 400:
      return new BadRequestError(init, parsed);
    case 401:
      return new UnauthorizedError(init, parsed);
    case 403:
      return new ForbiddenError(init, parsed);
    case 404:
      return new NotFoundError(init, parsed);
    case 409:
      return new ConflictError(init, parsed);
    default:
      return init.status >= 500 ? new ServerError(init, parsed) : new ApiError(init, parsed);
  }
}

function retryAfter(headers: Readonly<Record<string, string>>): Date | undefined {
  const ms = retryAfterMs(headers['retry-after'], Date.now());
  return ms === undefined ? undefined : new Date(Date.now() + ms);
}

export interface ParsedErrorBody {
  readonly errors: XErrorEntry[];
  readonly problem: XProblem | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Understands X's three error shapes: v1.1 `errors`, the upload host's `error`, and v2 problems. */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (!isRecord(body)) {
    return { errors: [], problem: undefined };
  }
  const errors: XErrorEntry[] = [];
  if (Array.isArray(body.errors)) {
    for (const entry of body.errors) {
      if (!isRecord(entry)) continue;
      const message = [entry.message, entry.detail, entry.title].find((m) => typeof m === 'string');
      errors.push({
        ...entry,
        message: typeof message === 'string' ? message : 'Unknown error',
        ...(typeof entry.code === 'number' ? { code: entry.code } : {}),
      });
    }
  } else if (typeof body.error === 'string') {
    errors.push({ message: body.error });
  }
  let problem: XProblem | undefined;
  if (typeof body.type === 'string' && (typeof body.title === 'string' || typeof body.detail === 'string')) {
    problem = {
      ...body,
      type: body.type,
      problemType: problemTypeOf(body.type),
      ...(typeof body.title === 'string' ? { title: body.title } : {}),
      ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
    };
  }
  return { errors, problem };
}

/** X's problem `type` URLs differ by host (api.x.com vs api.twitter.com); only the path suffix is stable. */
export function problemTypeOf(type: string): string {
  if (type === 'about:blank') return type;
  const parts = type.split('/problems/');
  return parts.length > 1 ? (parts.at(-1) ?? type) : type;
}

function describe(init: ApiErrorInit, parsed: ParsedErrorBody): string {
  const what = parsed.errors
    .map((e) => (e.code === undefined ? e.message : `${e.message} (code ${e.code})`))
    .join('; ');
  const { title, detail } = parsed.problem ?? {};
  // X often sends the same words as title and detail ("Unauthorized: Unauthorized"): say them once.
  const problem = [title, detail === title ? undefined : detail].filter(Boolean).join(': ');
  const summary = [problem, what].filter(Boolean).join(' — ') || 'no error details in the body';
  return `X answered ${init.status} to ${init.request.method} ${redactUrl(init.request.url)}: ${capped(summary)}`;
}

/** Longest part of a message taken from X's body; the whole body stays on the error. */
export const MAX_DETAIL_CHARS = 2_000;

/** Cuts text taken from a response to MAX_DETAIL_CHARS, saying so. */
export function capped(text: string): string {
  return text.length <= MAX_DETAIL_CHARS
    ? text
    : `${text.slice(0, MAX_DETAIL_CHARS)}… (${text.length - MAX_DETAIL_CHARS} more characters: see error.body)`;
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
export function isRateLimitError(value: unknown): value is RateLimitError {
  return value instanceof RateLimitError;
}
export function isPeonyError(value: unknown): value is PeonyError {
  return value instanceof PeonyError;
}
