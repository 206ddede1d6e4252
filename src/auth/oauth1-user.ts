// OAuth 1.0a user context: every request signed with the app's consumer pair and the user's access token.

import { createNonce, currentTimestamp, type OAuth1Credentials, signOAuth1 } from './oauth1.js';
import { requireToken } from './options.js';
import type { Authenticator, SignableRequest } from './types.js';

export interface OAuth1UserAuthOptions {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
  /** For tests: a fixed nonce source. Defaults to createNonce(): 32 hex digits from the CSPRNG. */
  readonly nonce?: () => string;
  /** For tests or a skewed clock: seconds since the epoch. */
  readonly timestamp?: () => number | string;
}

export class OAuth1UserAuth implements Authenticator {
  readonly kind = 'oauth1-user' as const;
  readonly #credentials: OAuth1Credentials;
  readonly #nonce: () => string;
  readonly #timestamp: () => number | string;

  constructor(options: OAuth1UserAuthOptions) {
    const owner = 'OAuth1UserAuth';
    this.#credentials = {
      consumerKey: requireToken(options.consumerKey, 'consumerKey', owner),
      consumerSecret: requireToken(options.consumerSecret, 'consumerSecret', owner),
      token: requireToken(options.accessToken, 'accessToken', owner),
      tokenSecret: requireToken(options.accessTokenSecret, 'accessTokenSecret', owner),
    };
    this.#nonce = options.nonce ?? createNonce;
    this.#timestamp = options.timestamp ?? (() => currentTimestamp());
  }

  secrets(): readonly string[] {
    const { consumerKey, consumerSecret, token, tokenSecret } = this.#credentials;
    return [consumerKey, consumerSecret, token ?? '', tokenSecret ?? ''];
  }

  authorize(request: SignableRequest): Promise<string> {
    const { header } = signOAuth1(request, this.#credentials, {
      nonce: this.#nonce(),
      timestamp: this.#timestamp(),
    });
    return Promise.resolve(header);
  }
}
