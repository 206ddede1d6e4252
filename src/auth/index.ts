// The auth part's public face: authenticators, flows, OAuth 1.0a signing and the auth contract.

export { AppBearerAuth, type AppBearerOptions, type AppCredentials } from './app-bearer.js';
export { basicAuthorization } from './basic.js';
export { AuthProtocolError, isAuthProtocolError } from './errors.js';
export * from './flows.js';
export {
  authorizationHeader,
  baseStringUri,
  createNonce,
  currentTimestamp,
  hmacSha1Signature,
  normalizeParameters,
  type OAuth1Credentials,
  type OAuth1Signature,
  type OAuth1SignOptions,
  type Parameter,
  percentEncode,
  queryParameters,
  signatureBaseString,
  signingKey,
  signOAuth1,
  signWithParameters,
} from './oauth1.js';
export { OAuth1UserAuth, type OAuth1UserAuthOptions } from './oauth1-user.js';
export { OAuth2UserAuth, type OAuth2UserAuthOptions, TokenRefreshCallbackError } from './oauth2-user.js';
export { TOKEN_FORM_CONTENT_TYPE, X_API_ORIGIN, X_AUTHORIZE_ORIGIN } from './options.js';
export { StaticBearerAuth } from './static-bearer.js';
export type {
  Authenticator,
  SignableRequest,
  TokenPost,
  TokenRequest,
  TokenResponse,
} from './types.js';
