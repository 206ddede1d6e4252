// Turns the environment into a client: X when credentials are set, a local sandbox (said loudly) when not.

import { PeonyClient, type PeonyClientOptions } from '../index.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';

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

export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const credentials: Record<string, string> = {};
  for (const [option, name] of Object.entries(ENV)) {
    const value = env[name];
    if (value) credentials[option] = value;
  }
  const hasCredentials = Object.keys(credentials).some((k) => k !== 'baseUrl');
  if (hasCredentials) {
    const client = new PeonyClient({ ...credentials, ...options.extra });
    return { client, sandbox: undefined, close: () => client.close() };
  }

  const sandbox = await startSandbox({ port: 0 });
  warn('');
  warn('  ┌──────────────────────────────────────────────────────────────────────┐');
  warn('  │  NO CREDENTIALS SET: using a local X sandbox. Nothing reaches X.     │');
  warn(`  │  Sandbox: ${sandbox.url.padEnd(59)}│`);
  warn(`  │  Set ${ENV.consumerKey}, ${ENV.consumerSecret},`.padEnd(73) + '│');
  warn(`  │  ${ENV.accessToken} and ${ENV.accessTokenSecret} to post to X.`.padEnd(73) + '│');
  warn('  └──────────────────────────────────────────────────────────────────────┘');
  warn('');
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = sandbox.credentials;
  const client = new PeonyClient({
    consumerKey,
    consumerSecret,
    accessToken,
    accessTokenSecret,
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
