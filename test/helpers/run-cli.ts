// Runs the built `peony` command as a user would (npm test builds first), with only PATH and the given
// variables in its environment (and, while coverage is on, where to write its coverage), and collects what it
// printed.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { childEnv } from './child-coverage.js';

/** The `PEONY_*` variables that point the CLI at a sandbox as its default user (OAuth 1.0a). */
export function sandboxEnv(sandbox: {
  url: string;
  credentials: {
    consumerKey: string;
    consumerSecret: string;
    accessToken: string;
    accessTokenSecret: string;
  };
}): Record<string, string> {
  const c = sandbox.credentials;
  return {
    PEONY_BASE_URL: sandbox.url,
    PEONY_CONSUMER_KEY: c.consumerKey,
    PEONY_CONSUMER_SECRET: c.consumerSecret,
    PEONY_ACCESS_TOKEN: c.accessToken,
    PEONY_ACCESS_TOKEN_SECRET: c.accessTokenSecret,
  };
}

export const CLI_MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs Node with `args` (a script and its arguments), only PATH and `env` set, and collects what it printed. */
export async function runNode(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string | Uint8Array } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, args, {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    env: childEnv(options.env),
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  // What the user types: written at once, then end of input.
  if (options.input !== undefined) child.stdin?.end(options.input);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

export const runCli = (
  args: string[],
  env: Record<string, string> = {},
  input?: string | Uint8Array,
): Promise<CliRun> => runNode([CLI_MAIN, ...args], { env, ...(input === undefined ? {} : { input }) });
