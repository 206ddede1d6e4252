// `peony auth`: gets user tokens by the OAuth 1.0a PIN dance (default) or OAuth 2.0 with PKCE (--oauth2),
// printing them as PEONY_* exports. Against the sandbox it approves the consent page itself, and says so.

import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { InvalidRequestError, PeonyClient, type PeonyClientOptions, UnauthorizedError } from '../../index.js';
import type { SandboxCredentials } from '../../sandbox/index.js';
import { type Connection, ENV, sandboxConnection } from '../connect.js';

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
  // undici's full entry loads only here, so that `peony --help` does not pay for it.
  const { request } = await import('undici');
  const response = await request(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, approve: '1' }).toString(),
  });
  const location = response.headers.location;
  return { text: await response.body.text(), location: typeof location === 'string' ? location : undefined };
}

const SANDBOX_HINT = ['Its consent page is approved automatically.'];

/** The app's client from the environment, or one on a sandbox started (and announced) for this run. */
async function appConnection(
  fromEnv: PeonyClientOptions | undefined,
  fromSandbox: (c: SandboxCredentials) => PeonyClientOptions,
): Promise<Connection> {
  if (!fromEnv) return sandboxConnection({}, SANDBOX_HINT, fromSandbox);
  const baseUrl = process.env[ENV.baseUrl];
  const client = new PeonyClient({ ...fromEnv, ...(baseUrl ? { baseUrl } : {}) });
  return { client, sandbox: undefined, close: () => client.close() };
}

async function oauth1(): Promise<void> {
  const consumerKey = process.env[ENV.consumerKey];
  const consumerSecret = process.env[ENV.consumerSecret];
  const { client, sandbox, close } = await appConnection(
    consumerKey && consumerSecret ? { consumerKey, consumerSecret } : undefined,
    (c) => ({ consumerKey: c.consumerKey, consumerSecret: c.consumerSecret }),
  );
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
    if (!/^\d+$/.test(pin))
      throw new InvalidRequestError('The PIN is the number the page shows (7 digits); run peony auth again.');
    const access = await client.oauth.accessToken({ ...token, verifier: pin }).catch((error: unknown) => {
      if (error instanceof UnauthorizedError) {
        throw new InvalidRequestError(
          'X did not accept that PIN (wrong, already used, or expired); run peony auth again.',
        );
      }
      throw error;
    });
    process.stderr.write(`Authorized as @${access.screenName} (${access.userId}).\n`);
    process.stdout.write(
      `export ${ENV.accessToken}=${access.accessToken}\nexport ${ENV.accessTokenSecret}=${access.accessTokenSecret}\n`,
    );
  } finally {
    await close();
  }
}

async function oauth2(flags: AuthFlags): Promise<void> {
  const { client, sandbox, close } = await appConnection(
    flags.clientId ? { clientId: flags.clientId, clientSecret: flags.clientSecret } : undefined,
    (c) => ({ clientId: c.clientId }),
  );
  const redirectUri = flags.redirectUri ?? (sandbox ? 'http://127.0.0.1/callback' : undefined);
  if (!redirectUri) {
    await close();
    throw new InvalidRequestError('--oauth2 needs --redirect-uri, exactly as registered for the app.');
  }
  if (!URL.canParse(redirectUri)) {
    await close();
    throw new InvalidRequestError(
      `--redirect-uri must be an absolute URL, exactly as registered for the app (e.g. http://127.0.0.1/callback); got "${redirectUri}".`,
    );
  }
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
    if (!URL.canParse(redirected)) {
      throw new InvalidRequestError(
        `That is not an address: paste the whole address the browser was sent to (it starts with ${redirectUri}); run peony auth --oauth2 again.`,
      );
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
    await close();
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
