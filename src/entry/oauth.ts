// `peony/oauth`: OAuth 1.0a request signing (RFC 5849, HMAC-SHA1) for requests peony does not send, such as
// a webhook check or another HTTP client. The client signs its own requests; the OAuth dances are `client.oauth`.

export {
  type OAuth1Credentials,
  type OAuth1Signature,
  type OAuth1SignOptions,
  type Parameter,
  percentEncode,
  signOAuth1,
} from '../auth/oauth1.js';
export type { SignableRequest } from '../http/authenticator.js';
