// X's official TypeScript SDK (@xdevplatform/xdk) against a local origin, as a user sets it up: its `baseUrl`
// option and an OAuth 1.0a user token (it signs every request with it; a bearer token is given only where the
// endpoint takes nothing else, as the filtered stream). It calls the global fetch, so its connections are kept
// alive in Node's global dispatcher: there is nothing of its own to close.

import { Client, OAuth1 } from '@xdevplatform/xdk';

/** A client that signs with OAuth 1.0a user context, the credentials the lean fakes hand out. */
export function localXdk(origin, credentials) {
  const oauth1 = new OAuth1({
    apiKey: credentials.consumerKey,
    apiSecret: credentials.consumerSecret,
    // Required by its config type, used only by its three-legged flow, which the benchmarks do not run.
    callback: 'http://127.0.0.1/callback',
    accessToken: credentials.accessToken,
    accessTokenSecret: credentials.accessTokenSecret,
  });
  return new Client({ baseUrl: origin, oauth1 });
}
