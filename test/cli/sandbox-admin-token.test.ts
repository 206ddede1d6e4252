// `peony sandbox --admin-token`: the admin routes need the token, and the printed view URL carries it once,
// so a browser opened on it gets in (the view trades the token for a cookie and a clean URL).

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CLI_MAIN, runCli } from '../helpers/run-cli.js';

const TOKEN = 'cli-admin-token-4b7e';

describe('peony sandbox --admin-token', { timeout: 60_000 }, () => {
  it('guards the admin routes and prints a view URL that lets a browser in', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI_MAIN, 'sandbox', '--port', '0', '--admin-token', TOKEN],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      const viewUrl = await new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const found = /Watch it live in a browser: (\S+)/.exec(out);
          if (found?.[1]) resolve(found[1]);
        });
        child.once('exit', () => reject(new Error(`sandbox exited: ${out}`)));
      });
      const url = new URL(viewUrl);
      expect(url.searchParams.get('token')).toBe(TOKEN);
      expect((await fetch(new URL('/__sandbox/health', url))).status).toBe(401);
      const health = await fetch(new URL('/__sandbox/health', url), {
        headers: { 'x-sandbox-admin-token': TOKEN },
      });
      expect(health.status).toBe(200);
      const opened = await fetch(viewUrl, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      expect(opened.headers.get('location')).toBe('/__sandbox/view/');
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
      const page = await fetch(new URL('/__sandbox/view/', url), { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain(TOKEN);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });

  it('refuses an empty token', async () => {
    const run = await runCli(['sandbox', '--port', '0', '--admin-token', ' ']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--admin-token must not be empty/);
  });
});
