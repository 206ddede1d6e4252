// `peony auth`: gets user tokens by the OAuth 1.0a PIN dance (default) or OAuth 2.0 with PKCE (--oauth2),
// printing them as PEONY_* exports. Against the sandbox it approves the consent page itself, and says so.

import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { request } from 'undici';
import { InvalidRequestError, PeonyClient } from '../../index.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { ENV } from '../connect.js';

interface AuthFlags {
  oauth2?: boolean;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  scopes: string;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    process.stderr.write(question);
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('close', () =>
        reject(new InvalidRequestError('Standard input ended before an answer was given.')),
      );
    });
    return line.trim();
  } finally {
    rl.close();
  }
}

/** The sandbox's consent page is scriptable: approve it the way a user's click would. */
async function approveInSandbox(
  pageUrl: string,
  fields: Record<string, string>,
): Promise<{ text: string; location: string | undefined }> {
  const url = new URL(pageUrl);
  const response = await request(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, approve: '1' }).toString(),
  });
  const location = response.headers.location;
  return { text: await response.body.text(), location: typeof location === 'string' ? location : undefined };
}

function announceSandbox(sandbox: Sandbox): void {
  process.stderr.write(
    `\n  NO CREDENTIALS SET: running the dance against a local X sandbox at ${sandbox.url}.\n  Its consent page is approved automatically; nothing reaches X.\n\n`,
  );
}

async function oauth1(): Promise<void> {
  const env = process.env;
  let sandbox: Sandbox | undefined;
  let consumerKey = env[ENV.consumerKey];
  let consumerSecret = env[ENV.consumerSecret];
  let baseUrl = env[ENV.baseUrl];
  if (!consumerKey || !consumerSecret) {
    sandbox = await startSandbox({ port: 0 });
    announceSandbox(sandbox);
    ({ consumerKey, consumerSecret } = sandbox.credentials);
    baseUrl = sandbox.url;
  }
  const client = new PeonyClient({ consumerKey, consumerSecret, ...(baseUrl ? { baseUrl } : {}) });
  try {
    const token = await client.oauth.requestToken({ callback: 'oob' });
    const page = client.oauth.authorizeUrl(token.token);
    process.stderr.write(`Open this page, authorize the app, and copy the PIN it shows:\n\n  ${page}\n\n`);
    let pin: string;
    if (sandbox) {
      const approved = await approveInSandbox(page, { oauth_token: token.token });
      pin = /id="oauth_pin">(\d+)</.exec(approved.text)?.[1] ?? '';
      process.stderr.write(`PIN (approved in the sandbox): ${pin}\n`);
    } else {
      pin = await ask('PIN: ');
    }
    const access = await client.oauth.accessToken({ ...token, verifier: pin });
    process.stderr.write(`Authorized as @${access.screenName} (${access.userId}).\n`);
    process.stdout.write(
      `export ${ENV.accessToken}=${access.accessToken}\nexport ${ENV.accessTokenSecret}=${access.accessTokenSecret}\n`,
    );
  } finally {
    await client.close();
    await sandbox?.close();
  }
}

async function oauth2(flags: AuthFlags): Promise<void> {
  let sandbox: Sandbox | undefined;
  let clientId = flags.clientId;
  let baseUrl = process.env[ENV.baseUrl];
  let redirectUri = flags.redirectUri;
  if (!clientId) {
    sandbox = await startSandbox({ port: 0 });
    announceSandbox(sandbox);
    clientId = sandbox.credentials.clientId;
    baseUrl = sandbox.url;
    redirectUri ??= 'http://127.0.0.1/callback';
  }
  if (!redirectUri) {
    throw new InvalidRequestError('--oauth2 needs --redirect-uri, exactly as registered for the app.');
  }
  const client = new PeonyClient({
    clientId,
    ...(flags.clientSecret ? { clientSecret: flags.clientSecret } : {}),
    ...(baseUrl ? { baseUrl } : {}),
  });
  try {
    const pkce = client.oauth.createPkce();
    const page = client.oauth.oauth2AuthorizeUrl({
      redirectUri,
      scopes: flags.scopes.split(/[\s,]+/).filter(Boolean),
      state: pkce.state,
      codeChallenge: pkce.codeChallenge,
    });
    process.stderr.write(
      `Open this page, authorize the app, then paste the address you were sent to:\n\n  ${page}\n\n`,
    );
    let redirected: string;
    if (sandbox) {
      redirected =
        (await approveInSandbox(page, Object.fromEntries(new URL(page).searchParams))).location ?? '';
      process.stderr.write(
        `Redirected to (approved in the sandbox): ${redirected.replace(/code=[^&]+/, 'code=…')}\n`,
      );
    } else {
      redirected = await ask('Redirected to: ');
    }
    const callback = new URL(redirected);
    if (callback.searchParams.get('state') !== pkce.state) {
      throw new InvalidRequestError(
        'The state in that address is not the one sent; start again (the address may be from another attempt).',
      );
    }
    const code = callback.searchParams.get('code');
    if (!code)
      throw new InvalidRequestError(
        `That address has no code (${callback.searchParams.get('error') ?? 'no error given'}).`,
      );
    const tokens = await client.oauth.exchangeCode({ code, codeVerifier: pkce.codeVerifier, redirectUri });
    process.stdout.write(
      `${JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scope: tokens.scope }, null, 2)}\n`,
    );
  } finally {
    await client.close();
    await sandbox?.close();
  }
}

export function registerAuth(program: Command): void {
  program
    .command('auth')
    .description(
      `get user tokens: OAuth 1.0a with a PIN (needs ${ENV.consumerKey}/${ENV.consumerSecret}), or OAuth 2.0 with PKCE (--oauth2)`,
    )
    .option('--oauth2', 'OAuth 2.0 Authorization Code with PKCE instead of OAuth 1.0a')
    .option('--client-id <id>', 'OAuth 2.0 client id')
    .option('--client-secret <secret>', 'OAuth 2.0 client secret (confidential apps only)')
    .option('--redirect-uri <uri>', 'OAuth 2.0 redirect URI registered for the app')
    .option(
      '--scopes <list>',
      'OAuth 2.0 scopes',
      'tweet.read tweet.write users.read media.write offline.access',
    )
    .action((flags: AuthFlags) => (flags.oauth2 ? oauth2(flags) : oauth1()));
}
