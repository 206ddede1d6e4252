// The credential options a client takes, and the one place that picks an Authenticator from them.

import { InvalidRequestError } from '../http/errors.js';
import { AppBearerAuth } from './app-bearer.js';
import { OAuth1UserAuth } from './oauth1-user.js';
import { OAuth2UserAuth, type OAuth2UserAuthOptions } from './oauth2-user.js';
import { StaticBearerAuth } from './static-bearer.js';
import type { Authenticator, TokenPost } from './types.js';

/**
 * An OAuth 2.0 user-context token (Authorization Code with PKCE), refreshed by the client when it expires
 * or is refused; the client supplies where and how the refresh is sent.
 */
export type OAuth2UserCredentials = Omit<OAuth2UserAuthOptions, 'tokenPost' | 'origin' | 'now'>;

export interface Credentials {
  /** OAuth 1.0a consumer (API) key. With the secret alone, the client works app-only with a fetched bearer. */
  readonly consumerKey?: string | undefined;
  readonly consumerSecret?: string | undefined;
  /** OAuth 1.0a user context: all four of consumer key/secret and access token/secret. */
  readonly accessToken?: string | undefined;
  readonly accessTokenSecret?: string | undefined;
  /** An OAuth 2.0 app-only bearer token you already have. */
  readonly bearerToken?: string | undefined;
  /** An OAuth 2.0 user token. */
  readonly oauth2?: OAuth2UserCredentials | undefined;
  /** The OAuth 2.0 client id, for the PKCE flows in `client.oauth` (defaults to `oauth2.clientId`). */
  readonly clientId?: string | undefined;
  /** Only for confidential OAuth 2.0 clients. */
  readonly clientSecret?: string | undefined;
}

export interface AuthenticatorContext {
  /** Sends token requests (app bearer, OAuth 2.0 refresh). */
  readonly tokenPost: TokenPost;
  /** Where the token endpoints are. */
  readonly origin: string;
  /** The caller sends its own Authorization header, so no credentials are needed. */
  readonly bringsAuthorization: boolean;
}

/** Picks how to authenticate from the credentials given, and says what is missing when a set is incomplete. */
export function authenticatorFor(
  credentials: Credentials,
  context: AuthenticatorContext,
): Authenticator | undefined {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret, bearerToken, oauth2 } = credentials;
  const { tokenPost, origin } = context;
  if (oauth2) {
    if (!oauth2.clientId || !oauth2.accessToken) {
      throw new InvalidRequestError('options.oauth2 needs clientId and accessToken.');
    }
    return new OAuth2UserAuth({ ...oauth2, tokenPost, origin });
  }
  if (accessToken !== undefined || accessTokenSecret !== undefined) {
    const missing = Object.entries({ consumerKey, consumerSecret, accessToken, accessTokenSecret })
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length > 0) {
      throw new InvalidRequestError(
        `OAuth 1.0a user context needs consumerKey, consumerSecret, accessToken and accessTokenSecret; missing: ${missing.join(', ')}.`,
      );
    }
    return new OAuth1UserAuth({
      consumerKey: consumerKey as string,
      consumerSecret: consumerSecret as string,
      accessToken: accessToken as string,
      accessTokenSecret: accessTokenSecret as string,
    });
  }
  if (bearerToken !== undefined) {
    if (!bearerToken) throw new InvalidRequestError('options.bearerToken is empty.');
    return new StaticBearerAuth(bearerToken);
  }
  if (consumerKey !== undefined || consumerSecret !== undefined) {
    if (!consumerKey || !consumerSecret) {
      throw new InvalidRequestError(
        `App-only auth needs both consumerKey and consumerSecret; ${consumerKey ? 'consumerSecret' : 'consumerKey'} is missing.`,
      );
    }
    return new AppBearerAuth({ consumerKey, consumerSecret, tokenPost, origin });
  }
  // No credentials: fine for a client that only runs the OAuth 2.0 dance (clientId) or that brings its own
  // Authorization header; anything else would only collect 401s.
  if (!credentials.clientId && !context.bringsAuthorization) {
    throw new InvalidRequestError(
      'PeonyClient needs credentials: consumerKey, consumerSecret, accessToken and accessTokenSecret (OAuth 1.0a), ' +
        'or bearerToken, or consumerKey and consumerSecret alone (app-only), or oauth2 (OAuth 2.0 user), or clientId for the OAuth 2.0 dance.',
    );
  }
  return undefined;
}
