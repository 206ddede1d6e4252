// An OAuth 2.0 user access token minted the way an app gets one: the sandbox's authorize form approved for a
// user (PKCE S256), then the code exchanged at /2/oauth2/token.
import { createHash, randomBytes } from 'node:crypto';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { send } from './http.js';

const REDIRECT = 'http://127.0.0.1/callback';

/**
 * `userId` gives the consent (undefined: the app's owner, the default user). `pkce`: a verifier and its S256
 * challenge made elsewhere (a third-party client's own helpers); by default, made here.
 */
export async function oauth2UserToken(
  sb: Sandbox,
  userId: string | undefined,
  scopes: readonly string[],
  pkce?: { verifier: string; challenge: string },
): Promise<string> {
  const verifier = pkce?.verifier ?? randomBytes(32).toString('base64url');
  const approved = await send(sb, {
    method: 'POST',
    path: '/i/oauth2/authorize',
    form: {
      response_type: 'code',
      client_id: sb.credentials.clientId,
      redirect_uri: REDIRECT,
      scope: scopes.join(' '),
      state: 'sandbox-test',
      code_challenge: pkce?.challenge ?? createHash('sha256').update(verifier).digest('base64url'),
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
