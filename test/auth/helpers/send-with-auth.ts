// What the pipeline does with an Authenticator, reduced to its contract: sign, send, and on a 401 recover and re-send once.

import { request } from 'undici';
import type { Authenticator } from '../../../src/auth/types.js';

export interface Sent {
  readonly status: number;
  readonly body: string;
  /** How many times the request went on the wire (1, or 2 after a recovery). */
  readonly attempts: number;
}

export async function sendWithAuth(auth: Authenticator, method: string, url: URL): Promise<Sent> {
  let attempts = 0;
  const once = async () => {
    const authorization = await auth.authorize({ method, url, formParams: [] });
    attempts += 1;
    const response = await request(url, {
      method: method as 'GET',
      headers: authorization === undefined ? {} : { authorization },
    });
    return { status: response.statusCode, body: await response.body.text(), authorization };
  };
  const first = await once();
  if (first.status === 401 && auth.recoverFromUnauthorized) {
    if (await auth.recoverFromUnauthorized(first.authorization)) {
      const second = await once();
      return { status: second.status, body: second.body, attempts };
    }
  }
  return { status: first.status, body: first.body, attempts };
}
