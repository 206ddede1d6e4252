// A TokenPost for tests: the form POST the client's pipeline will make, sent with undici over real HTTP.

import { request } from 'undici';
import { TOKEN_FORM_CONTENT_TYPE } from '../../../src/auth/options.js';
import type { TokenPost, TokenResponse } from '../../../src/auth/types.js';

/** Stands in for the pipeline's ApiError: a non-2xx answer from a token endpoint. */
export class TokenEndpointError extends Error {
  override readonly name = 'TokenEndpointError';
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`Token endpoint ${path} answered ${status}`);
  }
}

export const tokenPost: TokenPost = async (tokenRequest) => {
  const headers: Record<string, string> = { 'content-type': TOKEN_FORM_CONTENT_TYPE };
  if (tokenRequest.authorization !== undefined) headers['authorization'] = tokenRequest.authorization;
  const response = await request(tokenRequest.url, {
    method: 'POST',
    headers,
    body: new URLSearchParams(tokenRequest.form).toString(),
    ...(tokenRequest.signal ? { signal: tokenRequest.signal } : {}),
  });
  const text = await response.body.text();
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new TokenEndpointError(response.statusCode, tokenRequest.url.pathname);
  }
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const answer: TokenResponse = { status: response.statusCode, headers: flat, text };
  return answer;
};

/** Counts calls, so a test can prove that concurrent callers shared one request. */
export function countingTokenPost(): { post: TokenPost; calls: () => number } {
  let calls = 0;
  return {
    post: (tokenRequest) => {
      calls += 1;
      return tokenPost(tokenRequest);
    },
    calls: () => calls,
  };
}
