// The OAuth dances bound to one client: its pipeline sends them, its base URL says where, its app credentials sign.

import { InvalidRequestError } from '../http/errors.js';
import {
  type AccessTokenResult,
  type AuthorizeUrlOptions,
  accessToken,
  authorizeUrl,
  createPkce,
  exchangeCode,
  invalidateAccessToken,
  type OAuth2Tokens,
  oauth2AuthorizeUrl,
  type Pkce,
  type RequestTokenResult,
  refreshOAuth2Token,
  requestToken,
  revokeOAuth2Token,
} from './flows.js';
import type { TokenPost } from './types.js';

export interface FlowCredentials {
  readonly consumerKey?: string | undefined;
  readonly consumerSecret?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
}

export interface OAuthFlows {
  /** OAuth 1.0a step 1: a request token; `callback` is `'oob'` for PIN mode or a registered URL. */
  requestToken(options: {
    callback: string;
    accessType?: 'read' | 'write';
    signal?: AbortSignal;
  }): Promise<RequestTokenResult>;
  /** OAuth 1.0a step 2: the page to send the user to. */
  authorizeUrl(token: string, options?: Omit<AuthorizeUrlOptions, 'origin'>): string;
  /** OAuth 1.0a step 3: the user's access token, from the request token and the verifier or PIN. */
  accessToken(options: {
    token: string;
    tokenSecret: string;
    verifier: string;
    signal?: AbortSignal;
  }): Promise<AccessTokenResult>;
  /** Revokes a user's OAuth 1.0a access token. */
  invalidateAccessToken(options: {
    accessToken: string;
    accessTokenSecret: string;
    signal?: AbortSignal;
  }): Promise<void>;
  /** A fresh PKCE verifier, its S256 challenge and a state. */
  createPkce(): Pkce;
  /** OAuth 2.0: the consent page URL for the given PKCE challenge. */
  oauth2AuthorizeUrl(options: {
    redirectUri: string;
    scopes: readonly string[] | string;
    state: string;
    codeChallenge: string;
  }): string;
  /** OAuth 2.0: trades the callback's code (valid 30 s) for tokens. */
  exchangeCode(options: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
    signal?: AbortSignal;
  }): Promise<OAuth2Tokens>;
  refreshOAuth2Token(options: { refreshToken: string; signal?: AbortSignal }): Promise<OAuth2Tokens>;
  revokeOAuth2Token(options: {
    token: string;
    tokenTypeHint?: 'access_token' | 'refresh_token';
    signal?: AbortSignal;
  }): Promise<void>;
}

export function bindFlows(post: TokenPost, origin: string, credentials: FlowCredentials): OAuthFlows {
  const consumer = () => {
    const { consumerKey, consumerSecret } = credentials;
    if (!consumerKey || !consumerSecret) {
      throw new InvalidRequestError(
        'The OAuth 1.0a flows need the client created with consumerKey and consumerSecret.',
      );
    }
    return { consumerKey, consumerSecret };
  };
  const client = () => {
    if (!credentials.clientId) {
      throw new InvalidRequestError(
        'The OAuth 2.0 flows need the client created with clientId (and clientSecret for a confidential app).',
      );
    }
    return { clientId: credentials.clientId, clientSecret: credentials.clientSecret };
  };
  return {
    requestToken: (options) => requestToken(post, { ...consumer(), origin, ...options }),
    authorizeUrl: (token, options = {}) => authorizeUrl(token, { ...options, origin }),
    accessToken: (options) => accessToken(post, { ...consumer(), origin, ...options }),
    invalidateAccessToken: (options) => invalidateAccessToken(post, { ...consumer(), origin, ...options }),
    createPkce,
    oauth2AuthorizeUrl: (options) => oauth2AuthorizeUrl({ ...options, clientId: client().clientId, origin }),
    exchangeCode: (options) => exchangeCode(post, { ...client(), origin, ...options }),
    refreshOAuth2Token: (options) => refreshOAuth2Token(post, { ...client(), origin, ...options }),
    revokeOAuth2Token: (options) => revokeOAuth2Token(post, { ...client(), origin, ...options }),
  };
}
