// Reading what came back: headers, bodies, and failures that never got an answer.

import {
  ConnectionError,
  capped,
  PeonyError,
  type RequestSummary,
  UnexpectedResponseError,
} from './errors.js';
import { redactUrl } from './redact.js';
import type { PipelineRequest } from './request.js';
import { certificateFailure } from './tls-certificate.js';

/** Connection failures that happen before a byte is written: the request provably never reached X. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** What errors and logs say of a request; the redacted URL is only worked out if someone reads it. */
export function summarize(req: Pick<PipelineRequest, 'method' | 'url'>): RequestSummary {
  let url: string | undefined;
  return {
    method: req.method,
    get url() {
      url ??= redactUrl(req.url);
      return url;
    },
  };
}

export function lowerKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** An error body: JSON when it says or looks so, else the text. */
export function parseBody(text: string, contentType: string | undefined): unknown {
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

/** A success body, which must be JSON. */
/** Statuses whose answer has no body by definition: they resolve `undefined`. */
export const NO_CONTENT: ReadonlySet<number> = new Set([204, 205]);

/** A 2xx body as JSON; an empty, `null` or unparseable one is an UnexpectedResponseError. */
export function parseJson(
  text: string,
  summary: RequestSummary,
  status: number,
  headers: Readonly<Record<string, string>>,
  /** Removes echoed credentials from what a failure keeps (only called on failure). */
  clean: (text: string) => string = (t) => t,
): unknown {
  const fail = (what: string) =>
    new UnexpectedResponseError(
      clean(
        `X answered ${status} to ${summary.method} ${summary.url} with ${what}; the response may have been cut short, try again.`,
      ),
      { status, headers, body: clean(text), request: summary },
    );
  if (text.length === 0) throw fail('an empty body where JSON was expected');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const kind = headers['content-type'] ?? 'no content type';
    throw fail(
      // Scrubbed before the cut, so that a credential across the 200th character leaves no part of itself.
      `a body that is not JSON (${kind}, ${text.length} bytes: ${capped(JSON.stringify(clean(text).slice(0, 200)))})`,
    );
  }
  if (data === null) throw fail('a JSON null');
  return data;
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

/** `advice` says where to look: an API call's origin is the client's baseUrl, a media download's is its URL. */
export function toConnectionError(
  error: unknown,
  summary: RequestSummary,
  advice = "Check the network and the client's baseUrl.",
): ConnectionError {
  const code = errorCode(error);
  const certificate = certificateFailure(code, summary, error);
  if (certificate) return certificate;
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  return new ConnectionError(
    `${summary.method} ${summary.url} failed: ${code ?? (error instanceof Error ? error.message : String(error))}${notSent ? ' (nothing was sent)' : ''}. ${advice}`,
    { request: summary, notSent, code, cause: error },
  );
}

/** A media URL that could not be fetched: where to look is that URL, not the client's baseUrl. */
export function toDownloadError(error: unknown, summary: RequestSummary): ConnectionError {
  return toConnectionError(error, summary, 'Check the network and the media URL.');
}

/** The error for a request cut short by the client's close(). */
export function cutShort(summary: RequestSummary): PeonyError {
  return new PeonyError(
    `${summary.method} ${summary.url} was cut short: the client was closed while it was in flight.`,
  );
}
