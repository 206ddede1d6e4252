// App-only authentication: a bearer token fetched from /oauth2/token with the consumer pair, once, and renewed on a 401.

import { resolveOrigin, urlUnder } from '../http/url.js';
import { basicAuthorization } from './basic.js';
import { requireToken, X_API_ORIGIN } from './options.js';
import { SingleFlight, waitFor } from './single-flight.js';
import { fieldsOf, jsonAnswer, missing, tokenField } from './token-answer.js';
import type { Authenticator, SignableRequest, TokenPost } from './types.js';

export interface AppCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

export interface AppBearerOptions extends AppCredentials {
  /** Sends the token request through the client's pipeline. */
  readonly tokenPost: TokenPost;
  /** Defaults to https://api.x.com; e.g. http://127.0.0.1:4010 for the sandbox. */
  readonly origin?: string | URL;
}

const EXPECTED_TOKEN = 'JSON like {"token_type":"bearer","access_token":"…"}';
/** Asks `POST {origin}/oauth2/token` for the app's bearer token (X returns the same one until it is invalidated). */
export async function requestAppBearerToken(
  post: TokenPost,
  options: AppCredentials & { readonly origin?: string | URL; readonly signal?: AbortSignal },
): Promise<string> {
  const owner = 'requestAppBearerToken';
  const url = urlUnder(resolveOrigin(options.origin ?? X_API_ORIGIN, owner), '/oauth2/token');
  const response = await post({
    url,
    form: { grant_type: 'client_credentials' },
    authorization: appBasic(options, owner),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const fields = fieldsOf(jsonAnswer(response, url, EXPECTED_TOKEN));
  const tokenType = fields.get('token_type');
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw missing('token_type', fields, url, `${EXPECTED_TOKEN} with token_type "bearer"`);
  }
  return tokenField(fields, 'access_token', url, EXPECTED_TOKEN);
}

/** Invalidates an app bearer token with `POST {origin}/oauth2/invalidate_token` (Basic auth, as X's app-only guide shows). */
export async function invalidateAppBearerToken(
  post: TokenPost,
  options: AppCredentials & {
    readonly bearerToken: string;
    readonly origin?: string | URL;
    readonly signal?: AbortSignal;
  },
): Promise<void> {
  const owner = 'invalidateAppBearerToken';
  const url = urlUnder(resolveOrigin(options.origin ?? X_API_ORIGIN, owner), '/oauth2/invalidate_token');
  await post({
    url,
    form: { access_token: requireToken(options.bearerToken, 'bearerToken', owner) },
    authorization: appBasic(options, owner),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

function appBasic(credentials: AppCredentials, owner: string): string {
  return basicAuthorization(
    requireToken(credentials.consumerKey, 'consumerKey', owner),
    requireToken(credentials.consumerSecret, 'consumerSecret', owner),
  );
}

/**
 * Fetches the app's bearer token on first use, once however many requests start together, and fetches it
 * again when X rejects it. A failed fetch is not remembered: the next request tries again.
 */
export class AppBearerAuth implements Authenticator {
  readonly kind = 'app-bearer' as const;
  readonly #credentials: AppCredentials;
  readonly #post: TokenPost;
  readonly #origin: URL;
  readonly #flight = new SingleFlight<string>();
  #token: string | undefined;

  constructor(options: AppBearerOptions) {
    const owner = 'AppBearerAuth';
    this.#credentials = {
      consumerKey: requireToken(options.consumerKey, 'consumerKey', owner),
      consumerSecret: requireToken(options.consumerSecret, 'consumerSecret', owner),
    };
    this.#post = options.tokenPost;
    this.#origin = resolveOrigin(options.origin ?? X_API_ORIGIN, owner);
  }

  /** Whether a token is held now (no request is made). */
  get hasToken(): boolean {
    return this.#token !== undefined;
  }

  secrets(): readonly string[] {
    return [this.#credentials.consumerKey, this.#credentials.consumerSecret, this.#token ?? ''];
  }

  async authorize(_request: SignableRequest, signal?: AbortSignal): Promise<string> {
    const token = this.#token ?? (await waitFor(this.#fetch(), signal));
    return bearer(token);
  }

  async recoverFromUnauthorized(rejected: string | undefined, signal?: AbortSignal): Promise<boolean> {
    const running = this.#flight.running;
    if (running) return bearer(await waitFor(running, signal)) !== rejected;
    const current = this.#token;
    // Someone already replaced the rejected token: retry with the new one.
    if (current !== undefined && bearer(current) !== rejected) return true;
    this.#token = undefined;
    // X hands back the same token until it is invalidated; retrying with it would only fail again.
    return bearer(await waitFor(this.#fetch(), signal)) !== rejected;
  }

  /** Invalidates the held token at X and forgets it; the next request fetches a new one. */
  async invalidate(signal?: AbortSignal): Promise<void> {
    await this.#flight.running?.catch(() => undefined);
    const token = this.#token;
    if (token === undefined) return;
    this.#token = undefined;
    await invalidateAppBearerToken(this.#post, {
      ...this.#credentials,
      bearerToken: token,
      origin: this.#origin,
      ...(signal ? { signal } : {}),
    });
  }

  #fetch(): Promise<string> {
    return this.#flight.run(async () => {
      // No caller's signal: the fetch is shared, and one caller giving up must not fail the others.
      const token = await requestAppBearerToken(this.#post, { ...this.#credentials, origin: this.#origin });
      this.#token = token;
      return token;
    });
  }
}

function bearer(token: string): string {
  return `Bearer ${token}`;
}
