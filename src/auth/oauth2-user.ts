// OAuth 2.0 user context: a user's access token, refreshed before it expires or when X rejects it.

import { AbortError, InvalidRequestError, PeonyError } from '../http/errors.js';
import { resolveOrigin } from '../http/url.js';
import { type OAuth2Tokens, refreshOAuth2Token } from './oauth2-flow.js';
import { optionalText, requireToken, X_API_ORIGIN } from './options.js';
import { SingleFlight, waitFor } from './single-flight.js';
import type { Authenticator, SignableRequest, TokenPost } from './types.js';

/**
 * An OAuth 2.0 user-context token (Authorization Code with PKCE), refreshed by the client when it expires
 * or is refused; the client supplies where and how the refresh is sent.
 */
export interface OAuth2UserCredentials {
  readonly clientId: string;
  /** Only for confidential clients; public clients (PKCE only) have none. */
  readonly clientSecret?: string;
  readonly accessToken: string;
  /** Without it the token cannot be renewed: a 401 is final. */
  readonly refreshToken?: string;
  /** When the access token expires (a Date or epoch milliseconds); without it, refresh happens only after a 401. */
  readonly expiresAt?: Date | number;
  /**
   * Called after each refresh, before any request uses the new token. X rotates refresh tokens, so store
   * them here: the old refresh token no longer works. Awaited; if it throws, the request that triggered
   * the refresh fails with that error as `cause`, and the new tokens stay in use.
   */
  readonly onTokenRefreshed?: (tokens: OAuth2Tokens) => void | Promise<void>;
  /** Refresh this long before `expiresAt` (default 60 s), so a request never leaves with a dying token. */
  readonly refreshMarginMs?: number;
}

export interface OAuth2UserAuthOptions extends OAuth2UserCredentials {
  /** Sends the refresh request through the client's pipeline. */
  readonly tokenPost: TokenPost;
  /** Defaults to https://api.x.com; e.g. http://127.0.0.1:4010 for the sandbox. */
  readonly origin?: string | URL;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/** The callback given to `oauth2.onTokenRefreshed` failed; the refreshed tokens are still in use. */
export class TokenRefreshCallbackError extends PeonyError {
  override readonly name: string = 'TokenRefreshCallbackError';
}

export class OAuth2UserAuth implements Authenticator {
  readonly kind = 'oauth2-user' as const;
  readonly #clientId: string;
  readonly #clientSecret: string | undefined;
  readonly #post: TokenPost;
  readonly #origin: URL;
  readonly #marginMs: number;
  readonly #now: () => number;
  readonly #onTokenRefreshed: ((tokens: OAuth2Tokens) => void | Promise<void>) | undefined;
  readonly #flight = new SingleFlight<void>();
  #tokens: OAuth2Tokens;

  constructor(options: OAuth2UserAuthOptions) {
    const owner = 'OAuth2UserAuth';
    this.#clientId = requireToken(options.clientId, 'clientId', owner);
    this.#clientSecret = optionalText(options.clientSecret, 'clientSecret', owner);
    this.#tokens = {
      accessToken: requireToken(options.accessToken, 'accessToken', owner),
      ...(options.refreshToken !== undefined
        ? { refreshToken: requireToken(options.refreshToken, 'refreshToken', owner) }
        : {}),
      ...(options.expiresAt !== undefined ? { expiresAt: epochMs(options.expiresAt, owner) } : {}),
    };
    this.#post = options.tokenPost;
    this.#origin = resolveOrigin(options.origin ?? X_API_ORIGIN, owner);
    this.#marginMs = options.refreshMarginMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#onTokenRefreshed = options.onTokenRefreshed;
  }

  /** The tokens in use now (after any refresh). */
  get tokens(): OAuth2Tokens {
    return { ...this.#tokens };
  }

  secrets(): readonly string[] {
    const { accessToken, refreshToken } = this.#tokens;
    return [accessToken, refreshToken ?? '', this.#clientSecret ?? ''];
  }

  async authorize(_request: SignableRequest, signal?: AbortSignal): Promise<string> {
    const running = this.#flight.running;
    // Whoever starts a refresh and whoever joins one are treated alike.
    if (running || (this.#expiresSoon() && this.#tokens.refreshToken !== undefined)) {
      try {
        await waitFor(running ?? this.#refresh(), signal);
      } catch (error) {
        // An early refresh that fails costs nothing while the token still works: send it, try again next time.
        if (
          !this.#stillValid() ||
          error instanceof TokenRefreshCallbackError ||
          error instanceof AbortError
        ) {
          throw error;
        }
      }
    }
    return this.#header();
  }

  async recoverFromUnauthorized(rejected: string | undefined, signal?: AbortSignal): Promise<boolean> {
    const running = this.#flight.running;
    if (running) {
      await waitFor(running, signal);
      return this.#header() !== rejected;
    }
    if (this.#header() !== rejected) return true;
    if (this.#tokens.refreshToken === undefined) return false;
    await waitFor(this.#refresh(), signal);
    return true;
  }

  /** Refreshes now (shared with any refresh already running) and resolves with the new tokens. */
  async refresh(signal?: AbortSignal): Promise<OAuth2Tokens> {
    await waitFor(this.#flight.running ?? this.#refresh(), signal);
    return this.tokens;
  }

  #header(): string {
    return `Bearer ${this.#tokens.accessToken}`;
  }

  #stillValid(): boolean {
    const { expiresAt } = this.#tokens;
    return expiresAt === undefined || this.#now() < expiresAt;
  }

  #expiresSoon(): boolean {
    const { expiresAt } = this.#tokens;
    return expiresAt !== undefined && this.#now() >= expiresAt - this.#marginMs;
  }

  #refresh(): Promise<void> {
    return this.#flight.run(async () => {
      const { refreshToken, scope } = this.#tokens;
      if (refreshToken === undefined) {
        throw new PeonyError(
          'OAuth2UserAuth has no refresh token; authorize again with the offline.access scope to get one.',
        );
      }
      const fresh = await refreshOAuth2Token(this.#post, {
        clientId: this.#clientId,
        clientSecret: this.#clientSecret,
        refreshToken,
        origin: this.#origin,
        now: this.#now,
      });
      // Keep what the answer left out: RFC 6749 §6 lets a server keep the old refresh token and scope.
      this.#tokens = {
        ...fresh,
        ...(fresh.refreshToken === undefined ? { refreshToken } : {}),
        ...(fresh.scope === undefined && scope !== undefined ? { scope } : {}),
      };
      if (this.#onTokenRefreshed) {
        try {
          await this.#onTokenRefreshed(this.tokens);
        } catch (error) {
          throw new TokenRefreshCallbackError(
            'onTokenRefreshed threw after a token refresh; the new tokens are in use but may not have been stored.',
            { cause: error },
          );
        }
      }
    });
  }
}

function epochMs(expiresAt: Date | number, owner: string): number {
  const ms = expiresAt instanceof Date ? expiresAt.getTime() : expiresAt;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new InvalidRequestError(`${owner} needs "expiresAt" as a valid Date or epoch milliseconds.`);
  }
  return ms;
}
