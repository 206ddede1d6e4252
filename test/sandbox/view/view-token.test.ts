// The web view of a sandbox with an admin token: the printed view URL carries the token once, the view trades
// it for an HttpOnly, SameSite=Strict cookie and a clean URL, the cookie lets the view's pages, fragments,
// events and controls in (and nothing else), and the token shows nowhere: not in the view, its request log,
// the redirect or the sandbox's own log.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeonyClient } from '../../../src/index.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { runNode } from '../../helpers/run-cli.js';
import { send } from '../helpers/http.js';
import { type Browser, CHROMIUM_PATH, hasChromium, launchChromium } from './browser.js';

const VIEW = '/__sandbox/view/';
const TOKEN = 'view-admin-token-5e1d9c';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ adminToken: TOKEN });
});
afterAll(async () => {
  await sb.close();
});

/** The view's cookie, as a browser would send it back, taken from a token exchange. */
async function signIn(query = ''): Promise<{ cookie: string; location: string; setCookie: string }> {
  const answer = await send(sb, { path: `${VIEW}?token=${encodeURIComponent(TOKEN)}${query}` });
  expect(answer.status).toBe(303);
  const setCookie = answer.headers['set-cookie'] ?? '';
  return { cookie: setCookie.split(';', 1)[0] ?? '', location: answer.headers['location'] ?? '', setCookie };
}

describe('the view URL of a sandbox with an admin token', () => {
  it('carries the token once', () => {
    expect(sb.viewUrl).toBe(`${sb.url}${VIEW}?token=${TOKEN}`);
  });

  it('is refused without the token, saying how to get in', async () => {
    const answer = await send(sb, { path: VIEW });
    expect(answer.status).toBe(401);
    expect(answer.text).toMatch(/open the view URL the sandbox printed/);
    expect(answer.text).not.toContain(TOKEN);
  });

  it('is refused with a wrong token, and sets no cookie', async () => {
    const answer = await send(sb, { path: `${VIEW}?token=${TOKEN}x` });
    expect(answer.status).toBe(401);
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  it('trades the token for an HttpOnly, SameSite=Strict cookie and a redirect to the clean URL', async () => {
    const { setCookie, location } = await signIn('&user=sandbox_bot');
    expect(setCookie).toMatch(
      /^peony_sandbox_view_\d+=[\w-]+; Path=\/__sandbox\/view; HttpOnly; SameSite=Strict$/,
    );
    expect(setCookie).not.toContain(TOKEN);
    expect(location).toBe(`${VIEW}?user=sandbox_bot`);
  });

  it('lets the cookie into the page, its fragments and its event stream', async () => {
    const { cookie } = await signIn();
    const headers = { cookie };
    expect((await send(sb, { path: VIEW, headers })).status).toBe(200);
    expect((await send(sb, { path: `${VIEW}fragments`, headers })).status).toBe(200);
    const controller = new AbortController();
    const events = await fetch(`${sb.url}${VIEW}events`, { headers, signal: controller.signal });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
    await events.body?.cancel().catch(() => undefined);
  });

  it('does not let the cookie into the admin JSON routes, which keep needing the header', async () => {
    const { cookie } = await signIn();
    expect((await send(sb, { path: '/__sandbox/health', headers: { cookie } })).status).toBe(401);
    const fault = await send(sb, {
      method: 'POST',
      path: '/__sandbox/faults',
      headers: { cookie },
      json: { route: '*', kind: 'error' },
    });
    expect(fault.status).toBe(401);
    expect(sb.faults.list()).toEqual([]);
    const withHeader = await send(sb, {
      path: '/__sandbox/health',
      headers: { 'x-sandbox-admin-token': TOKEN },
    });
    expect(withHeader.status).toBe(200);
  });

  it('lets the cookie drive the view’s controls, as a form and as the page’s script', async () => {
    const { cookie } = await signIn();
    const form = await send(sb, {
      method: 'POST',
      path: `${VIEW}actions/faults`,
      headers: { cookie, origin: sb.url },
      form: { kind: 'error', route: 'GET /2/users/me', status: '503', times: '1' },
    });
    expect(form.status).toBe(303);
    const script = await send(sb, {
      method: 'POST',
      path: `${VIEW}actions/users`,
      headers: { cookie, accept: 'application/json' },
      json: { screen_name: 'via_cookie' },
    });
    expect(script.status).toBe(201);
    expect(script.json()).toMatchObject({ user: { username: 'via_cookie' } });
    expect(sb.faults.list()).toMatchObject([{ route: 'GET /2/users/me', status: 503 }]);
    const refused = await send(sb, { method: 'POST', path: `${VIEW}actions/reset`, form: {} });
    expect(refused.status).toBe(401);
    sb.faults.clear();
  });

  it('never shows the token: not in the page, its fragments or its request log', async () => {
    const { cookie } = await signIn();
    const client = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
    await client.tweet('seen with a token in the URL');
    await client.close();
    const page = await send(sb, { path: VIEW, headers: { cookie } });
    const fragments = await send(sb, { path: `${VIEW}fragments`, headers: { cookie } });
    expect(page.text).toContain('seen with a token in the URL');
    for (const text of [page.text, fragments.text]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(encodeURIComponent(TOKEN));
    }
  });
});

describe("the sandbox's own log", () => {
  it('shows the view URL without the token', async () => {
    const sandboxModule = new URL('../../../dist/sandbox/index.js', import.meta.url).href;
    const script = `
      const { startSandbox } = await import(${JSON.stringify(sandboxModule)});
      const sb = await startSandbox({ adminToken: ${JSON.stringify(TOKEN)}, logger: true });
      const answer = await fetch(sb.viewUrl, { redirect: 'manual' });
      console.error('status ' + answer.status);
      await sb.close();
    `;
    const run = await runNode(['--input-type=module', '-e', script]);
    expect(run.stderr).toContain('status 303');
    expect(run.stdout).toMatch(/"url":"\/__sandbox\/view\/\?token=REDACTED"/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});

if (!hasChromium) console.warn(`Skipping the token view's browser test: no Chromium at ${CHROMIUM_PATH}.`);

// Skipped only when the machine has no Chromium: the reason is printed above.
describe.skipIf(!hasChromium)('the view with an admin token in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens from the printed URL, drops the token from the address bar and updates live', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(sb.viewUrl);
      expect(page.url()).toBe(`${sb.url}${VIEW}`);
      // The event stream, authorised by the cookie, is connected.
      await page.waitForSelector('#live.on', { timeout: 5000 });
      const client = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
      const tweet = await client.tweet('live behind an admin token');
      await client.close();
      await page.waitForSelector(`#post-${tweet.id}`, { timeout: 5000 });

      await page.fill('.controls input[name=screen_name]', 'behind_token');
      await page.click('.controls button:has-text("Create user")');
      await page.waitForSelector('#users a:has-text("@behind_token")', { timeout: 5000 });
      expect(await page.locator('#flash').textContent()).toMatch(/^Done: /);

      expect(await page.content()).not.toContain(TOKEN);
      const cookies = await browser.context.cookies(`${sb.url}${VIEW}`);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/__sandbox/view' });
      expect(cookies[0]?.value).not.toContain(TOKEN);
    } finally {
      await page.close();
    }
  });
});
