// A tiny hand-written X client for the tweets and streams tests: OAuth 1.0a (the foundation's independent
// test signer) or bearer, with form, JSON or multipart bodies.
import { oauth1Header } from '../helpers/oauth1-signer.js';

export interface UserCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

export type Auth = { user: UserCredentials } | { bearer: string } | 'none';

/** The OAuth 1.0a auth of a user made with `sb.createUser()`, signing as `app` (the sandbox's `credentials`). */
export function userAuthOf(
  app: UserCredentials,
  created: { accessToken: string; accessTokenSecret: string },
): Auth {
  return { user: { ...app, accessToken: created.accessToken, accessTokenSecret: created.accessTokenSecret } };
}

export interface CallOptions {
  query?: Record<string, string | number>;
  form?: Record<string, string | number>;
  json?: unknown;
  /** A body sent as given with `Content-Type: application/json` (empty or malformed JSON). */
  rawJsonBody?: string;
  /** Multipart fields; never part of the OAuth 1.0a signature. */
  multipart?: Record<string, string | { bytes: Buffer; filename: string; type: string }>;
  auth: Auth;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

function percent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function authorization(
  method: string,
  url: URL,
  form: Array<[string, string]>,
  auth: Auth,
): string | undefined {
  if (auth === 'none') return undefined;
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  const { user } = auth;
  return oauth1Header(
    {
      consumerKey: user.consumerKey,
      consumerSecret: user.consumerSecret,
      token: user.accessToken,
      tokenSecret: user.accessTokenSecret,
    },
    { method, url: url.toString(), form: Object.fromEntries(form) },
  );
}

export function buildUrl(base: string, path: string, query: Record<string, string | number> = {}): URL {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  return url;
}

export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: CallOptions,
): Promise<CallResult<T>> {
  const url = buildUrl(base, path, options.query);
  const form = Object.entries(options.form ?? {}).map(([name, value]): [string, string] => [
    name,
    String(value),
  ]);
  const headers: Record<string, string> = {};
  let body: string | FormData | undefined;
  if (options.multipart) {
    const data = new FormData();
    for (const [name, value] of Object.entries(options.multipart)) {
      if (typeof value === 'string') data.append(name, value);
      else data.append(name, new Blob([value.bytes], { type: value.type }), value.filename);
    }
    body = data;
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = form.map(([name, value]) => `${percent(name)}=${percent(value)}`).join('&');
  } else if (options.rawJsonBody !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawJsonBody;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const header = authorization(method, url, form, options.auth);
  if (header) headers['authorization'] = header;
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}
