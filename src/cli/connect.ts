// Turns the environment into a client: X when credentials are set, a local sandbox (said loudly) when not.

import { InvalidRequestError, PeonyClient, type PeonyClientOptions } from '../index.js';
import type { Sandbox, SandboxCredentials } from '../sandbox/index.js';

/** The sandbox (and its server packages) load only when a command needs one, never for --help or X. */
export const loadSandbox = () => import('../sandbox/index.js');

/** Environment variables the CLI reads; the same names work in scripts and CI. */
export const ENV = {
  consumerKey: 'PEONY_CONSUMER_KEY',
  consumerSecret: 'PEONY_CONSUMER_SECRET',
  accessToken: 'PEONY_ACCESS_TOKEN',
  accessTokenSecret: 'PEONY_ACCESS_TOKEN_SECRET',
  bearerToken: 'PEONY_BEARER_TOKEN',
  baseUrl: 'PEONY_BASE_URL',
} as const;

export interface Connection {
  readonly client: PeonyClient;
  /** Set when no credentials were found and a sandbox was started for this run. */
  readonly sandbox: Sandbox | undefined;
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where the loud notice goes. */
  readonly warn?: (line: string) => void;
  readonly extra?: Partial<PeonyClientOptions>;
}

/** A user-context client (posting, uploading, reading as a user). */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const baseUrl = env[ENV.baseUrl] || undefined;
  const user = {
    consumerKey: env[ENV.consumerKey] || undefined,
    consumerSecret: env[ENV.consumerSecret] || undefined,
    accessToken: env[ENV.accessToken] || undefined,
    accessTokenSecret: env[ENV.accessTokenSecret] || undefined,
  };
  // A user is meant when an access token or its secret is set: then all four are needed.
  if (user.accessToken || user.accessTokenSecret) {
    // Say what is missing in the names the shell uses, not the library's option names.
    const missing = Object.entries(user)
      .filter(([, value]) => value === undefined)
      .map(([key]) => ENV[key as keyof typeof user]);
    if (missing.length > 0) {
      throw new InvalidRequestError(`This command acts as a user: set ${missing.join(', ')} too.`);
    }
    const client = new PeonyClient({ ...user, baseUrl, ...options.extra });
    return { client, sandbox: undefined, close: () => client.close() };
  }
  // App-only otherwise: fine for reads (`peony get`); X refuses it where a user is needed, and says so.
  const bearerToken = env[ENV.bearerToken];
  if (bearerToken || user.consumerKey || user.consumerSecret) {
    const client = bearerToken
      ? new PeonyClient({ bearerToken, baseUrl, ...options.extra })
      : new PeonyClient({
          consumerKey: user.consumerKey,
          consumerSecret: user.consumerSecret,
          baseUrl,
          ...options.extra,
        });
    return { client, sandbox: undefined, close: () => client.close() };
  }
  if (baseUrl) {
    // A base URL and no credentials: most likely a `peony sandbox` elsewhere, which takes its default credentials.
    warn(`No PEONY_* credentials set: using the sandbox's default credentials against ${baseUrl}.`);
    const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = (await loadSandbox())
      .DEFAULT_CREDENTIALS;
    const client = new PeonyClient({
      consumerKey,
      consumerSecret,
      accessToken,
      accessTokenSecret,
      baseUrl,
      ...options.extra,
    });
    return { client, sandbox: undefined, close: () => client.close() };
  }
  return sandboxConnection(
    options,
    [
      `Set ${ENV.consumerKey}, ${ENV.consumerSecret},`,
      `${ENV.accessToken} and ${ENV.accessTokenSecret} to post to X.`,
    ],
    ({ consumerKey, consumerSecret, accessToken, accessTokenSecret }) => ({
      consumerKey,
      consumerSecret,
      accessToken,
      accessTokenSecret,
    }),
  );
}

/**
 * An app-only client, for commands X serves only to apps (streams): PEONY_BEARER_TOKEN, or the consumer pair
 * alone (the bearer is then fetched). User tokens are left aside.
 */
export async function connectAppOnly(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const baseUrl = env[ENV.baseUrl] || undefined;
  const bearerToken = env[ENV.bearerToken];
  const consumerKey = env[ENV.consumerKey];
  const consumerSecret = env[ENV.consumerSecret];
  if (bearerToken || consumerKey || consumerSecret) {
    const client = bearerToken
      ? new PeonyClient({ bearerToken, baseUrl, ...options.extra })
      : new PeonyClient({ consumerKey, consumerSecret, baseUrl, ...options.extra });
    return { client, sandbox: undefined, close: () => client.close() };
  }
  if (env[ENV.accessToken] || env[ENV.accessTokenSecret]) {
    throw new InvalidRequestError(
      `This command needs app-only credentials: set ${ENV.bearerToken}, or ${ENV.consumerKey} and ${ENV.consumerSecret}.`,
    );
  }
  return sandboxConnection(
    options,
    [`Set ${ENV.bearerToken} (or the consumer key and secret)`, 'to stream from X.'],
    ({ bearerToken }) => ({
      bearerToken,
    }),
  );
}

/** Starts a sandbox for this run, says so in a box nobody can miss, and connects to it. */
export async function sandboxConnection(
  options: ConnectOptions,
  hint: readonly string[],
  credentialsFrom: (credentials: SandboxCredentials) => PeonyClientOptions,
): Promise<Connection> {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sandbox = await (await loadSandbox()).startSandbox({ port: 0 });
  const row = (text: string) => `  │  ${text.padEnd(68)}│`;
  for (const line of [
    '',
    `  ┌${'─'.repeat(70)}┐`,
    row('NO CREDENTIALS SET: using a local X sandbox. Nothing reaches X.'),
    row(`Sandbox: ${sandbox.url}`),
    ...hint.map(row),
    `  └${'─'.repeat(70)}┘`,
    '',
  ]) {
    warn(line);
  }
  const client = new PeonyClient({
    ...credentialsFrom(sandbox.credentials),
    baseUrl: sandbox.url,
    ...options.extra,
  });
  return {
    client,
    sandbox,
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}
