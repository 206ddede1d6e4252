// An app-only client from the environment, for commands that need one (streams): PEONY_BEARER_TOKEN, or the
// consumer pair alone (the bearer is then fetched); with neither, a local sandbox, said loudly.

import { PeonyClient } from '../index.js';
import { startSandbox } from '../sandbox/index.js';
import { type Connection, type ConnectOptions, ENV } from './connect.js';

export async function connectAppOnly(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const baseUrl = env[ENV.baseUrl] || undefined;
  const bearerToken = env[ENV.bearerToken];
  const consumerKey = env[ENV.consumerKey];
  const consumerSecret = env[ENV.consumerSecret];
  if (bearerToken || consumerKey || consumerSecret) {
    // User tokens in the environment are left aside: X's streams take app-only auth only.
    const client = bearerToken
      ? new PeonyClient({ bearerToken, baseUrl, ...options.extra })
      : new PeonyClient({ consumerKey, consumerSecret, baseUrl, ...options.extra });
    return { client, sandbox: undefined, close: () => client.close() };
  }
  if (env[ENV.accessToken] || env[ENV.accessTokenSecret]) {
    throw new Error(
      `This command needs app-only credentials: set ${ENV.bearerToken}, or ${ENV.consumerKey} and ${ENV.consumerSecret}.`,
    );
  }

  const sandbox = await startSandbox({ port: 0 });
  warn('');
  warn('  ┌──────────────────────────────────────────────────────────────────────┐');
  warn('  │  NO CREDENTIALS SET: using a local X sandbox. Nothing reaches X.     │');
  warn(`  │  Sandbox: ${sandbox.url.padEnd(59)}│`);
  warn(`  │  Set ${ENV.bearerToken} (or the consumer key and secret)`.padEnd(73) + '│');
  warn('  │  to stream from X.                                                   │');
  warn('  └──────────────────────────────────────────────────────────────────────┘');
  warn('');
  const client = new PeonyClient({
    bearerToken: sandbox.credentials.bearerToken,
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
