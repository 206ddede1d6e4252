// Hand-written HTTP helpers for sandbox tests: plain undici requests, optionally OAuth 1.0a signed.

import { request } from 'undici';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type OAuth1Credentials, oauth1Header, type SignInput } from './oauth1-signer.js';

export interface Sent {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: () => unknown;
}

export interface SendInput {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
}

export async function send(sb: Sandbox, input: SendInput): Promise<Sent> {
  const headers: Record<string, string> = { ...input.headers };
  let body: string | Buffer | undefined = input.body;
  if (input.form) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = new URLSearchParams(input.form).toString();
  } else if (input.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(input.json);
  }
  const response = await request(sb.url + input.path, {
    method: (input.method ?? 'GET') as 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers: flat, text, json: () => JSON.parse(text) };
}

/** The default user's OAuth 1.0a credentials. */
export function userCredentials(sb: Sandbox): OAuth1Credentials {
  return {
    consumerKey: sb.credentials.consumerKey,
    consumerSecret: sb.credentials.consumerSecret,
    token: sb.credentials.accessToken,
    tokenSecret: sb.credentials.accessTokenSecret,
  };
}

/** Sends an OAuth 1.0a signed request (form fields signed, JSON not). */
export async function sendSigned(
  sb: Sandbox,
  input: SendInput,
  credentials: OAuth1Credentials = userCredentials(sb),
  sign: Partial<SignInput> = {},
): Promise<Sent> {
  const method = input.method ?? 'GET';
  const authorization = oauth1Header(credentials, {
    method,
    url: sb.url + input.path,
    ...(input.form ? { form: input.form } : {}),
    timestamp: Math.floor(sb.clock.now() / 1000),
    ...sign,
  });
  return send(sb, { ...input, method, headers: { authorization, ...input.headers } });
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}
