// A tiny hand-written HTTP client for the media tests: RFC 5849 signing, multipart bodies built byte by byte.
import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'undici';

export interface UserCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  /** The clock oauth_timestamp comes from: the sandbox's, when a test moves it. */
  now?: () => number;
}

export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
  /** Extra part headers, e.g. Content-Transfer-Encoding. */
  headers?: Record<string, string>;
}

export type Auth = UserCredentials | { bearer: string } | 'none';

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  query?: Record<string, string>;
  form?: Record<string, string>;
  multipart?: Part[];
  json?: unknown;
  auth: Auth;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

const pct = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function oauthHeader(
  method: string,
  url: string,
  signedParams: Record<string, string>,
  creds: UserCredentials,
): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(Math.floor((creds.now ?? Date.now)() / 1000)),
    oauth_token: creds.accessToken,
    oauth_version: '1.0',
  };
  const parsed = new URL(url);
  const pairs: [string, string][] = [
    ...parsed.searchParams,
    ...Object.entries(signedParams),
    ...Object.entries(oauth),
  ];
  const normalized = pairs
    .map(([k, v]) => [pct(k), pct(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `${method.toUpperCase()}&${pct(`${parsed.origin}${parsed.pathname}`)}&${pct(normalized)}`;
  const key = `${pct(creds.consumerSecret)}&${pct(creds.accessTokenSecret)}`;
  const signature = createHmac('sha1', key).update(base).digest('base64');
  const all = { ...oauth, oauth_signature: signature };
  return `OAuth ${Object.entries(all)
    .map(([k, v]) => `${pct(k)}="${pct(v)}"`)
    .join(', ')}`;
}

export function multipartBody(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----peony-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}\r\n`;
    for (const [name, value] of Object.entries(part.headers ?? {})) head += `${name}: ${value}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function authorization(method: string, url: string, auth: Auth, signed: Record<string, string> = {}) {
  if (auth === 'none') return {};
  if ('bearer' in auth) return { authorization: `Bearer ${auth.bearer}` };
  return { authorization: oauthHeader(method, url, signed, auth) };
}

export async function call(baseUrl: string, path: string, options: CallOptions): Promise<CallResult> {
  const method = options.method ?? 'POST';
  const url = new URL(path, baseUrl);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  let body: Buffer | string | undefined;
  let signed: Record<string, string> = {};
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
    signed = options.form;
  } else if (options.multipart) {
    const built = multipartBody(options.multipart);
    body = built.body;
    headers['content-type'] = built.contentType;
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, authorization(method, url.toString(), options.auth, signed));
  const response = await request(url, body === undefined ? { method, headers } : { method, headers, body });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}
