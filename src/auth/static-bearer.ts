// A bearer token the user already holds (app-only or OAuth 2.0 user token), sent as it is.

import { InvalidRequestError } from '../http/errors.js';
import { requireToken } from './options.js';
import type { Authenticator, SignableRequest } from './types.js';

export class StaticBearerAuth implements Authenticator {
  readonly kind = 'bearer' as const;
  readonly #header: string;

  constructor(bearerToken: string) {
    if (typeof bearerToken === 'string' && /^bearer\s/i.test(bearerToken)) {
      throw new InvalidRequestError('StaticBearerAuth wants the token alone, without the "Bearer " prefix.');
    }
    this.#header = `Bearer ${requireToken(bearerToken, 'bearerToken', 'StaticBearerAuth')}`;
  }

  secrets(): readonly string[] {
    return [this.#header.slice('Bearer '.length)];
  }

  authorize(_request: SignableRequest): Promise<string> {
    return Promise.resolve(this.#header);
  }
}
