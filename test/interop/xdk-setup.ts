// X's official TypeScript SDK (@xdevplatform/xdk) pointed at a sandbox: its `baseUrl` option is the only change.
// Credentials come the way a user gets them: the default app's bearer token and OAuth 1.0a user token, and an
// OAuth 2.0 user token minted through the sandbox's own authorize page and token endpoint with the SDK's PKCE
// helpers (the SDK's OAuth2 class posts to api.x.com itself, so it cannot be pointed at the sandbox).
import { Client, generateCodeChallenge, generateCodeVerifier, OAuth1 } from '@xdevplatform/xdk';
import type { Sandbox } from '../../src/sandbox/index.js';
import { send } from '../sandbox/helpers/http.js';

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
  const challenge = await generateCodeChallenge(verifier);
  const approved = await send(sb, {
    method: 'POST',
    path: '/i/oauth2/authorize',
    form: {
      response_type: 'code',
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
      scope: scopes.join(' '),
      state: 'xdk-interop',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      approve: '1',
      ...(userId !== undefined ? { user_id: userId } : {}),
    },
  });
  const code = new URL(approved.headers['location'] ?? 'http://invalid/').searchParams.get('code');
  if (approved.status !== 302 || code === null) throw new Error(`authorize failed: ${approved.text}`);
  const exchanged = await send(sb, {
    method: 'POST',
    path: '/2/oauth2/token',
    form: {
      grant_type: 'authorization_code',
      code,
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    },
  });
  const token = (exchanged.json() as { access_token?: string }).access_token;
  if (exchanged.status !== 200 || token === undefined) throw new Error(`token failed: ${exchanged.text}`);
  return token;
}

/** OAuth 2.0 user context only. */
export function userTokenClient(sb: Sandbox, accessToken: string): Client {
  return new Client({ baseUrl: sb.url, accessToken });
}
