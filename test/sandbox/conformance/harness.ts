// What a conformance case file receives and returns. A case is one valid request to one documented operation;
// the runner sends it, derives invalid variants of it from the document, and checks every answer.
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type Auth, type CallResult, call } from '../tweets/signed-client.js';

export interface ConformanceCase {
  /** The document's method and path template: `GET /2/users/{id}/tweets`. */
  operation: string;
  /** Path parameters by name. */
  path?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  /** Default: the default user's OAuth 1.0a credentials. */
  auth?: Auth;
  /** The status a valid request gets; default the first 2xx the document declares. */
  status?: number;
  /** False when sending the request twice would not give the same answer (creations, deletions). */
  repeatable?: boolean;
}

export interface Harness {
  readonly sb: Sandbox;
  readonly user: Auth;
  readonly bearer: Auth;
  send(
    method: string,
    path: string,
    options: { query?: Record<string, string>; json?: unknown; auth?: Auth },
  ): Promise<CallResult>;
  /** Posts a tweet as the default user and returns its id. */
  post(text: string, extra?: Record<string, unknown>): Promise<string>;
}

export function harness(sb: Sandbox): Harness {
  const user: Auth = { user: sb.credentials };
  const bearer: Auth = { bearer: sb.credentials.bearerToken };
  const send: Harness['send'] = (method, path, options) =>
    call(sb.url, method, path, {
      auth: options.auth ?? user,
      ...(options.query ? { query: options.query } : {}),
      ...(options.json !== undefined ? { json: options.json } : {}),
    });
  return {
    sb,
    user,
    bearer,
    send,
    async post(text, extra = {}) {
      const answer = await send('POST', '/2/tweets', { json: { text, ...extra } });
      const id = (answer.body as { data?: { id?: string } }).data?.id;
      if (answer.status !== 201 || id === undefined) throw new Error(`posting failed: ${answer.text}`);
      return id;
    },
  };
}

/** A case file's export: builds its cases, creating what they need through the harness. */
export type CaseFile = (h: Harness) => Promise<ConformanceCase[]>;
