// A bearer token the user already holds (app-only or OAuth 2.0 user token), sent as it is.

import { requireToken } from './options.js';
import type { Authenticator, SignableRequest } from './types.js';

export class StaticBearerAuth implements Authenticator {
  readonly kind = 'bearer' as const;
  readonly #header: string;

  constructor(bearerToken: string) {
    this.#header = `Bearer ${requireToken(bearerToken, 'bearerToken', 'StaticBearerAuth')}`;
  }

  authorize(_request: SignableRequest): Promise<string> {
    return Promise.resolve(this.#header);
  }
}
