// `peony auth` as a user runs it: both token dances against a sandbox the command starts (and approves itself),
// against a given server with what the user types, and every way the typed answer can be wrong.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { childEnv } from '../helpers/child-coverage.js';
import { CLI_MAIN, runCli } from '../helpers/run-cli.js';

const peony = runCli;
const CALLBACK = 'http://127.0.0.1/callback';

let sandbox: Sandbox;
let app: Record<string, string>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  app = {
    PEONY_BASE_URL: sandbox.url,
    PEONY_CONSUMER_KEY: sandbox.credentials.consumerKey,
    PEONY_CONSUMER_SECRET: sandbox.credentials.consumerSecret,
  };
});
afterAll(() => sandbox.close());

/**
 * Runs `peony auth …` and answers its prompt as a user would: once the page it prints appears on stderr,
 * `answer` turns that page into the line typed.
 */
async function authInteractively(
  args: string[],
  env: Record<string, string>,
  answer: (page: URL) => Promise<string>,
) {
  const child = spawn(process.execPath, [CLI_MAIN, 'auth', ...args], {
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const page = new Promise<URL>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const found = /^ {2}(http:\/\/\S+)$/m.exec(stderr);
      if (found?.[1]) resolve(new URL(found[1]));
    });
  });
  const closed = once(child, 'close');
  child.stdin.end(`${await answer(await page)}\n`);
  const [code] = (await closed) as [number | null];
  return { code, stdout, stderr };
}

/** The user's click on the sandbox's OAuth 2.0 consent page: where it sends the browser. */
async function approve(page: URL): Promise<string> {
  const response = await fetch(`${page.origin}${page.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(page.searchParams), approve: '1' }),
    redirect: 'manual',
  });
  return response.headers.get('location') ?? '';
}

describe('peony auth', { timeout: 90_000 }, () => {
  it('without credentials, runs the PIN dance on a sandbox it starts and prints the tokens as exports', async () => {
    const run = await peony(['auth']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('NO CREDENTIALS SET: using a local X sandbox');
    expect(run.stderr).toContain('Its consent page is approved automatically.');
    expect(run.stderr).toMatch(/PIN \(approved in the sandbox\): \d+\n/);
    expect(run.stderr).toContain('Authorized as @XDevelopers');
    expect(run.stdout).toMatch(/^export PEONY_ACCESS_TOKEN=\S+\nexport PEONY_ACCESS_TOKEN_SECRET=\S+\n$/);
  });

  it('--oauth2 without credentials: PKCE on a sandbox, tokens printed as JSON, the code never shown', async () => {
    const run = await peony(['auth', '--oauth2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('NO CREDENTIALS SET');
    expect(run.stderr).toMatch(
      /Redirected to \(approved in the sandbox\): http:\/\/127\.0\.0\.1\/callback\?/,
    );
    expect(run.stderr).toMatch(/code=…/);
    const tokens = JSON.parse(run.stdout) as { accessToken: string; refreshToken?: string; scope: string };
    expect(tokens.accessToken).toMatch(/\S{10,}/);
    // The default scopes include offline.access, so a refresh token comes too.
    expect(tokens.refreshToken).toMatch(/\S{10,}/);
    expect(tokens.scope.split(' ')).toEqual(expect.arrayContaining(['tweet.write', 'media.write']));
  });

  it('takes the PIN the user types, and refuses one that is not a number or that X does not accept', async () => {
    const typed = await authInteractively([], app, async (page) => {
      const approved = await fetch(`${sandbox.url}/oauth/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ oauth_token: page.searchParams.get('oauth_token') ?? '', approve: '1' }),
      });
      return /id="oauth_pin">(\d+)</.exec(await approved.text())?.[1] ?? '';
    });
    expect(typed.code, typed.stderr).toBe(0);
    expect(typed.stderr).toContain('PIN: ');
    expect(typed.stderr).not.toContain('NO CREDENTIALS');
    const exports = Object.fromEntries(
      [...typed.stdout.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1], m[2]]),
    );
    const me = await peony(['get', '2/users/me'], { ...app, ...exports });
    expect(JSON.parse(me.stdout)).toMatchObject({ data: { id: sandbox.user.id } });

    const words = await peony(['auth'], app, 'the pin\n');
    expect(words.code).toBe(1);
    expect(words.stderr).toContain('The PIN is the number the page shows (7 digits); run peony auth again.');
    const wrong = await peony(['auth'], app, '1234567\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('X did not accept that PIN (wrong, already used, or expired)');
    for (const run of [words, wrong]) expect(run.stdout).toBe('');
  });

  it('says so when standard input ends before an answer', async () => {
    const run = await peony(['auth'], app);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Standard input ended before an answer was given.');
  });

  it('--oauth2 with a client: exchanges the code of the address the user pastes, after checking its state', async () => {
    const client = ['--oauth2', '--client-id', sandbox.credentials.clientId];
    const noRedirect = await peony(['auth', ...client], { PEONY_BASE_URL: sandbox.url });
    expect(noRedirect.code).toBe(1);
    expect(noRedirect.stderr).toContain('--oauth2 needs --redirect-uri, exactly as registered for the app.');

    const flags = [
      ...client,
      '--client-secret',
      sandbox.credentials.clientSecret,
      '--redirect-uri',
      CALLBACK,
    ];
    const run = await authInteractively(flags, { PEONY_BASE_URL: sandbox.url }, approve);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Redirected to: ');
    const { accessToken } = JSON.parse(run.stdout) as { accessToken: string };
    const user = new PeonyClient({
      oauth2: { clientId: sandbox.credentials.clientId, accessToken },
      baseUrl: sandbox.url,
    });
    expect(await user.v2.users.me.get()).toMatchObject({ data: { id: sandbox.user.id } });
    await user.close();

    const otherState = await peony(
      ['auth', ...flags],
      { PEONY_BASE_URL: sandbox.url },
      `${CALLBACK}?state=x&code=y\n`,
    );
    expect(otherState.code).toBe(1);
    expect(otherState.stderr).toContain('The state in that address is not the one sent; start again');
    const denied = await authInteractively(
      flags,
      { PEONY_BASE_URL: sandbox.url },
      async (page) => `${CALLBACK}?state=${page.searchParams.get('state')}&error=access_denied`,
    );
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('That address has no code (access_denied).');
    for (const failed of [otherState, denied]) expect(failed.stdout).toBe('');
  });

  it('--oauth2 refuses a --redirect-uri or a pasted address that is not a URL, saying what to give', async () => {
    const client = ['--oauth2', '--client-id', sandbox.credentials.clientId];
    const badFlag = await peony(['auth', ...client, '--redirect-uri', 'callback'], {
      PEONY_BASE_URL: sandbox.url,
    });
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toContain('peony: InvalidRequestError: --redirect-uri must be an absolute URL');
    // Nothing was asked for: the flag was refused before the dance began.
    expect(badFlag.stderr).not.toContain('Open this page');

    const pasted = await peony(
      ['auth', ...client, '--redirect-uri', CALLBACK],
      { PEONY_BASE_URL: sandbox.url },
      'the code\n',
    );
    expect(pasted.code).toBe(1);
    expect(pasted.stderr).toContain('peony: InvalidRequestError: ');
    expect(pasted.stderr).toContain(
      `paste the whole address the browser was sent to (it starts with ${CALLBACK})`,
    );
    expect(pasted.stderr).not.toContain('TypeError');
    for (const failed of [badFlag, pasted]) expect(failed.stdout).toBe('');
  });
});
