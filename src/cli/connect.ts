// Turns the environment into a client: X when credentials are set, a local sandbox (said loudly) when not.

import { InvalidRequestError, PeonyClient, type PeonyClientOptions } from '../index.js';
import { type Sandbox, type SandboxCredentials, startSandbox } from '../sandbox/index.js';

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
  const credentials: Record<string, string> = {};
  for (const [option, name] of Object.entries(ENV)) {
    const value = env[name];
    if (value) credentials[option] = value;
  }
  if (Object.keys(credentials).some((k) => k !== 'baseUrl')) {
    const client = new PeonyClient({ ...credentials, ...options.extra });
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
  const sandbox = await startSandbox({ port: 0 });
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
