// Everything a web app or CLI calls to obtain or revoke credentials; each takes the TokenPost to send with.

export { invalidateAppBearerToken, requestAppBearerToken } from './app-bearer.js';
export {
  type AccessTokenResult,
  type AuthorizeUrlOptions,
  accessToken,
  authorizeUrl,
  type ConsumerCredentials,
  type FlowOptions,
  invalidateAccessToken,
  type RequestTokenResult,
  requestToken,
} from './oauth1-flow.js';
export {
  createPkce,
  type EndpointOptions,
  exchangeCode,
  type OAuth2AuthorizeUrlOptions,
  type OAuth2Client,
  type OAuth2Tokens,
  oauth2AuthorizeUrl,
  type Pkce,
  pkceChallenge,
  refreshOAuth2Token,
  revokeOAuth2Token,
} from './oauth2-flow.js';
