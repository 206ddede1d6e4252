// Checks an incoming OAuth 1.0a header with an independent implementation (twitter-api-v2's signer), as a server would.

import { OAuth1Helper } from 'twitter-api-v2/dist/cjs/client-mixins/oauth1.helper.js';
import type { RecordedRequest } from './token-server.js';

class IndependentSigner extends OAuth1Helper {
  sign(
    method: string,
    url: string,
    form: Record<string, string>,
    tokenSecret: string,
    params: Record<string, string>,
  ) {
    // twitter-api-v2 types its oauth info narrowly, but signs whatever oauth_* fields it is given.
    return this.getSignature({ method, url, data: form }, tokenSecret, params as never);
  }
}

/** The header's parameters, decoded. */
export function parseOAuthHeader(header: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  if (!header?.startsWith('OAuth ')) return params;
  for (const match of header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)) {
    params.set(match[1] ?? '', decodeURIComponent(match[2] ?? ''));
  }
  return params;
}

/** Whether the request's OAuth signature is right for these secrets. */
export function hasValidSignature(
  request: RecordedRequest,
  origin: string,
  consumerSecret: string,
  tokenSecret: string,
): boolean {
  const params = parseOAuthHeader(request.headers.authorization);
  const signature = params.get('oauth_signature');
  params.delete('oauth_signature');
  const signer = new IndependentSigner({
    consumerKeys: { key: params.get('oauth_consumer_key') ?? '', secret: consumerSecret },
  });
  const url = `${origin}${request.url.pathname}${request.url.search}`;
  const expected = signer.sign(
    request.method,
    url,
    Object.fromEntries(request.form),
    tokenSecret,
    Object.fromEntries(params),
  );
  return signature !== undefined && signature === expected;
}
