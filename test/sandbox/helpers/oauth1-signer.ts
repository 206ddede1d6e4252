// A tiny, independent OAuth 1.0a signer for sandbox tests (the client's signer must not be used here,
// so a bug shared by both could not hide).

import { createHmac, randomBytes } from 'node:crypto';

const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
}

export interface SignInput {
  method: string;
  /** Full URL including the query string. */
  url: string;
  /** Form body fields that are signed (urlencoded bodies only). */
  form?: Record<string, string>;
  /** Extra oauth_* parameters (oauth_callback, oauth_verifier). */
  extra?: Record<string, string>;
  /** Override the generated values (to test replays and clock skew). */
  nonce?: string;
  timestamp?: number;
  /** Sign with only the oauth_* parameters (ignore the query). */
  oauthOnly?: boolean;
}

export function oauth1Header(credentials: OAuth1Credentials, input: SignInput): string {
  const url = new URL(input.url);
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: input.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_version: '1.0',
    ...(credentials.token ? { oauth_token: credentials.token } : {}),
    ...input.extra,
  };
  const pairs: Array<[string, string]> = Object.entries(oauth);
  if (!input.oauthOnly) {
    for (const [name, value] of url.searchParams) pairs.push([name, value]);
    for (const [name, value] of Object.entries(input.form ?? {})) pairs.push([name, value]);
  }
  const normalized = pairs
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&');
  const base = [
    input.method.toUpperCase(),
    encode(`${url.protocol}//${url.host}${url.pathname}`),
    encode(normalized),
  ].join('&');
  const key = `${encode(credentials.consumerSecret)}&${encode(credentials.tokenSecret ?? '')}`;
  oauth['oauth_signature'] = createHmac('sha1', key).update(base).digest('base64');
  return `OAuth ${Object.entries(oauth)
    .map(([name, value]) => `${encode(name)}="${encode(value)}"`)
    .join(', ')}`;
}
