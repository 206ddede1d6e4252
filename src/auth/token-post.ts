// Token endpoints' form POSTs, sent through the caller's request function: auth/ builds them, the pipeline
// sends them (timeouts, typed errors, redaction) without an Authenticator.

import type { PipelineRequest, PipelineResponse } from '../http/request.js';
import { TOKEN_FORM_CONTENT_TYPE } from './options.js';
import type { TokenPost, TokenResponse } from './types.js';

/** Sends one request and resolves with its body as text (a pipeline's `send`). */
export type SendText = (request: PipelineRequest) => Promise<PipelineResponse<string>>;

/** A TokenPost that sends through `send`: unauthenticated, form-encoded, the answer read as text. */
export function tokenPostThrough(send: SendText): TokenPost {
  return async (token) => {
    const response = await send({
      method: 'POST',
      url: token.url,
      body: { kind: 'form', pairs: Object.entries(token.form) },
      headers: { 'content-type': TOKEN_FORM_CONTENT_TYPE },
      authenticator: null,
      ...(token.authorization === undefined ? {} : { authorization: token.authorization }),
      ...(token.signal === undefined ? {} : { signal: token.signal }),
      ...(token.secrets === undefined ? {} : { secrets: token.secrets }),
      responseType: 'text',
    });
    const result: TokenResponse = { status: response.status, headers: response.headers, text: response.data };
    return result;
  };
}
