// X's official TypeScript SDK (@xdevplatform/xdk) pointed at a sandbox: its `baseUrl` option is the only change.
// Credentials come the way a user gets them: the default app's bearer token and OAuth 1.0a user token, and an
// OAuth 2.0 user token minted through the sandbox's own authorize page and token endpoint with the SDK's PKCE
// helpers (the SDK's OAuth2 class posts to api.x.com itself, so it cannot be pointed at the sandbox).
import { Client, generateCodeChallenge, generateCodeVerifier, OAuth1 } from '@xdevplatform/xdk';
import type { Sandbox } from '../../src/sandbox/index.js';
import { oauth2UserToken as mintOAuth2UserToken } from '../sandbox/helpers/oauth2-token.js';

const REDIRECT = 'http://127.0.0.1/callback';

/** Bearer for reads and OAuth 1.0a for writes: the SDK picks between them per operation. */
export function appAndUserClient(
  sb: Sandbox,
  user: { accessToken: string; accessTokenSecret: string } = sb.credentials,
): Client {
  const oauth1 = new OAuth1({
    apiKey: sb.credentials.consumerKey,
    apiSecret: sb.credentials.consumerSecret,
    callback: REDIRECT,
    accessToken: user.accessToken,
    accessTokenSecret: user.accessTokenSecret,
  });
  return new Client({ baseUrl: sb.url, bearerToken: sb.credentials.bearerToken, oauth1 });
}

/**
 * Runs X's authorization code flow with PKCE against the sandbox and returns the user access token; the
 * consent is given by `userId` (default: the app's owner, the default user).
 */
export async function oauth2UserToken(
  sb: Sandbox,
  scopes: readonly string[],
  userId?: string,
): Promise<string> {
  const verifier = generateCodeVerifier();
  return mintOAuth2UserToken(sb, userId, scopes, {
    verifier,
    challenge: await generateCodeChallenge(verifier),
  });
}

/** OAuth 2.0 user context only. */
export function userTokenClient(sb: Sandbox, accessToken: string): Client {
  return new Client({ baseUrl: sb.url, accessToken });
}
