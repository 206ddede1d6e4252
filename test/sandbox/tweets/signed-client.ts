// A tiny hand-written X client for sandbox tests: OAuth 1.0a signing (RFC 5849), bearer, form and JSON bodies.
import { createHmac, randomBytes } from 'node:crypto';

export interface UserCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

export type Auth = { user: UserCredentials } | { bearer: string } | 'none';

export interface CallOptions {
  query?: Record<string, string | number>;
  form?: Record<string, string | number>;
  json?: unknown;
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

export function oauth1Header(
  method: string,
  url: URL,
  formParams: ReadonlyArray<readonly [string, string]>,
  credentials: UserCredentials,
): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
    oauth_token: credentials.accessToken,
    oauth_version: '1.0',
  };
  const pairs = [...url.searchParams.entries(), ...formParams, ...Object.entries(oauth)]
    .map(([name, value]) => [percent(name), percent(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const base = `${method.toUpperCase()}&${percent(`${url.origin}${url.pathname}`)}&${percent(pairs)}`;
  const key = `${percent(credentials.consumerSecret)}&${percent(credentials.accessTokenSecret)}`;
  oauth['oauth_signature'] = createHmac('sha1', key).update(base).digest('base64');
  return `OAuth ${Object.entries(oauth)
    .map(([name, value]) => `${name}="${percent(value)}"`)
    .join(', ')}`;
}

export function authorization(
  method: string,
  url: URL,
  form: Array<[string, string]>,
  auth: Auth,
): string | undefined {
  if (auth === 'none') return undefined;
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  return oauth1Header(method, url, form, auth.user);
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
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = form.map(([name, value]) => `${percent(name)}=${percent(value)}`).join('&');
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
