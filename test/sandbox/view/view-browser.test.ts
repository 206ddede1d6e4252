// The web view in a real browser: posts made through PeonyClient appear live, images load with their alt
// text, videos play and seek, faults show in the request log, and user content never runs as script.

import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PeonyClient } from '../../../src/index.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import {
  type Browser,
  CHROMIUM_PATH,
  hasChromium,
  type ImageLike,
  launchChromium,
  type PageGlobals,
  type VideoLike,
} from './browser.js';

if (!hasChromium) {
  console.warn(
    `Skipping the web view's browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium).`,
  );
}

const PNG = new URL('../../../examples/media/peony.png', import.meta.url);
const MP4 = new URL('../../../examples/media/peony.mp4', import.meta.url);
/** The bound: a post shows in the open page within a second of the API answering. */
const LIVE_BOUND_MS = 1000;

// Skipped only when the machine has no Chromium: the reason is printed above.
describe.skipIf(!hasChromium)('the sandbox web view in Chromium', () => {
  let sb: Sandbox;
  let client: PeonyClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sb = await startSandbox({ mediaProcessing: { stepMs: 30, steps: 2, checkAfterSecs: 0 } });
    client = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await client?.close();
    await sb?.close();
  });

  beforeEach(async () => {
    page = await browser.context.newPage();
    await page.goto(`${sb.url}/__sandbox/view/`);
    // Connected to the event stream: from here on the page must update without a reload.
    await page.waitForSelector('#live.on', { timeout: 5000 });
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).notReloaded = true;
    });
  });

  // Each open page holds an event stream, and Chromium allows 6 connections per origin.
  afterEach(async () => {
    await page?.close();
  });

  const stillSamePage = () => page.evaluate(() => (globalThis as unknown as PageGlobals).notReloaded);

  it('shows a post with an image made through the client within 1 s, with its alt text and loaded bytes', async () => {
    const media = await client.uploadMedia(await readFile(PNG), { altText: 'A pink peony in bloom' });
    const tweet = await client.tweet({
      text: 'Hello from peony #sandbox @XDevelopers',
      mediaIds: [media.mediaId],
    });
    const posted = performance.now();
    const image = page.locator(`#post-${tweet.id} img`);
    await image.waitFor({ state: 'attached', timeout: LIVE_BOUND_MS });
    const visibleAfterMs = performance.now() - posted;
    console.info(`web view: post visible ${visibleAfterMs.toFixed(0)} ms after the API answered`);
    expect(visibleAfterMs).toBeLessThan(LIVE_BOUND_MS);
    expect(await stillSamePage()).toBe(true);

    await page.waitForFunction(
      (selector) => {
        const element = (globalThis as unknown as PageGlobals).document.querySelector(
          selector,
        ) as ImageLike | null;
        return element?.complete === true && element.naturalWidth > 0;
      },
      `#post-${tweet.id} img`,
      { timeout: 5000 },
    );
    expect(await image.getAttribute('alt')).toBe('A pink peony in bloom');
    expect(await image.getAttribute('title')).toBe('A pink peony in bloom');
    const text = page.locator(`#post-${tweet.id} .text`);
    expect(await text.textContent()).toBe('Hello from peony #sandbox @XDevelopers');
    expect(await text.locator('a.tag').getAttribute('href')).toBe('/__sandbox/view/?q=%23sandbox');
    expect(await text.locator('a.mention').getAttribute('href')).toBe('/__sandbox/view/?user=XDevelopers');
  });

  it('plays a posted video: it has a duration and seeks through range requests', async () => {
    const media = await client.uploadMedia(await readFile(MP4), { category: 'tweet_video' });
    const tweet = await client.tweet({ text: 'A short video', mediaIds: [media.mediaId] });
    const selector = `#post-${tweet.id} video`;
    await page.waitForSelector(selector, { timeout: LIVE_BOUND_MS });
    const duration = await page.waitForFunction(
      (videoSelector) => {
        const video = (globalThis as unknown as PageGlobals).document.querySelector(
          videoSelector,
        ) as VideoLike | null;
        return video !== null && video.readyState >= 1 && Number.isFinite(video.duration)
          ? video.duration
          : false;
      },
      selector,
      { timeout: 10_000 },
    );
    expect(await duration.jsonValue()).toBeCloseTo(2, 1);
    const seeked = await page.evaluate(async (videoSelector) => {
      const video = (globalThis as unknown as PageGlobals).document.querySelector(
        videoSelector,
      ) as VideoLike | null;
      if (!video) return -1;
      await new Promise<void>((resolve) => {
        video.addEventListener('seeked', () => resolve(), { once: true });
        video.currentTime = 1.5;
      });
      return video.currentTime;
    }, selector);
    expect(seeked).toBeCloseTo(1.5, 1);
    expect(await stillSamePage()).toBe(true);
  });

  it('shows an injected fault in the request log, with redacted credentials in its details', async () => {
    sb.faults.add({ route: 'POST /2/tweets', kind: 'error', status: 503, times: 1 });
    await expect(client.tweet('This one meets a fault')).rejects.toThrow();
    const row = page.locator('#requests li.faulted').first();
    await row.waitFor({ timeout: LIVE_BOUND_MS });
    expect(await row.locator('.fault').textContent()).toBe('fault: error 503');
    expect(await row.locator('.status').textContent()).toBe('503');
    expect(await row.locator('.url').textContent()).toBe('/2/tweets');

    await row.locator('summary').click();
    const detail = row.locator('.detail-body');
    await detail.waitFor({ timeout: 5000 });
    const shown = (await detail.textContent()) ?? '';
    expect(shown).toContain('oauth_consumer_key="[redacted]"');
    expect(shown).toContain('"title": "Service Unavailable"');
    for (const secret of Object.values(sb.credentials)) expect(shown).not.toContain(secret);

    // The retry that went through shows its body (the faulted one was answered before its body was read).
    await client.tweet('This one goes through');
    // The newest row (the log is newest first): an older 201 from an earlier test must not be taken for it.
    const ok = page.locator('#requests li').first();
    await ok.locator('.status:text("201")').waitFor({ timeout: LIVE_BOUND_MS });
    await ok.locator('summary').click();
    await ok.locator('.detail-body').waitFor({ timeout: 5000 });
    const okShown = (await ok.locator('.detail-body').textContent()) ?? '';
    expect(okShown).toContain('"text": "This one goes through"');
    for (const secret of Object.values(sb.credentials)) expect(okShown).not.toContain(secret);
    expect(await stillSamePage()).toBe(true);
  });

  it('never runs user content as script: post text and alt text stay text', async () => {
    const hostile = `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> "' & done`;
    const hostileAlt = `"><img src=x onerror="window.pwned=3">`;
    const media = await client.uploadMedia(await readFile(PNG), { altText: hostileAlt });
    const tweet = await client.tweet({ text: hostile, mediaIds: [media.mediaId] });
    await page.waitForSelector(`#post-${tweet.id}`, { timeout: LIVE_BOUND_MS });
    expect(await page.locator(`#post-${tweet.id} .text`).textContent()).toBe(hostile);
    expect(await page.locator(`#post-${tweet.id} img`).getAttribute('alt')).toBe(hostileAlt);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('#timeline script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).pwned)).toBeUndefined();

    // The same page drawn by the server (a fresh load) is just as inert.
    await page.reload();
    await page.waitForSelector(`#post-${tweet.id}`);
    expect(await page.locator(`#post-${tweet.id} .text`).textContent()).toBe(hostile);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).pwned)).toBeUndefined();
  });

  it('filters by user and by text without a reload', async () => {
    const other = sb.createUser({ screenName: 'filter_bot', name: 'Filter Bot' });
    const otherClient = new PeonyClient({
      ...sb.credentials,
      accessToken: other.accessToken,
      accessTokenSecret: other.accessTokenSecret,
      baseUrl: sb.url,
    });
    try {
      const mine = await client.tweet('peony filter check from the default user');
      const theirs = await otherClient.tweet('bloom filter check from filter_bot');
      await page.waitForSelector(`#post-${theirs.id}`, { timeout: LIVE_BOUND_MS });
      await page.selectOption('#filters select[name=user]', 'filter_bot');
      await page.waitForSelector(`#post-${mine.id}`, { state: 'detached', timeout: 5000 });
      expect(await page.locator(`#post-${theirs.id}`).count()).toBe(1);
      await page.selectOption('#filters select[name=user]', '');
      await page.fill('#filters input[name=q]', 'peony filter');
      await page.waitForSelector(`#post-${theirs.id}`, { state: 'detached', timeout: 5000 });
      expect(await page.locator(`#post-${mine.id}`).count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('q')).toBe('peony filter');
      expect(await stillSamePage()).toBe(true);
    } finally {
      await otherClient.close();
    }
  });

  it('drives the sandbox from its controls: create a user, inject a fault, reset', async () => {
    await page.fill('.controls input[name=screen_name]', 'made_in_view');
    await page.click('.controls button:has-text("Create user")');
    await page.waitForSelector('#users a:has-text("@made_in_view")', { timeout: 5000 });
    expect(sb.context.store.userByUsername('made_in_view')).toBeDefined();

    await page.selectOption('.controls select[name=kind]', 'rate-limit');
    await page.fill('.controls input[name=route]', 'GET /2/users/me');
    await page.click('.controls button:has-text("Add fault")');
    await page.waitForSelector('#faults li:has-text("rate-limit")', { timeout: 5000 });
    expect(sb.faults.list().map((rule) => [rule.kind, rule.route])).toContainEqual([
      'rate-limit',
      'GET /2/users/me',
    ]);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('.controls button:has-text("Reset sandbox")');
    await page.waitForSelector('#timeline li.empty', { timeout: 5000 });
    expect(sb.faults.list()).toEqual([]);
    expect(await page.locator('#requests li.empty').count()).toBe(1);
  });

  it('works with JavaScript off: the server draws the timeline', async () => {
    const media = await client.uploadMedia(await readFile(PNG), { altText: 'Drawn without script' });
    const tweet = await client.tweet({ text: 'Seen without JavaScript', mediaIds: [media.mediaId] });
    const noScript = await launchChromium({ javaScriptEnabled: false });
    try {
      const plain = await noScript.context.newPage();
      await plain.goto(`${sb.url}/__sandbox/view/`);
      expect(await plain.locator('#live').textContent()).toBe('static');
      const image = plain.locator(`#post-${tweet.id} img`);
      expect(await image.getAttribute('alt')).toBe('Drawn without script');
      await plain.waitForFunction(
        (selector) =>
          (((globalThis as unknown as PageGlobals).document.querySelector(selector) as ImageLike | null)
            ?.naturalWidth ?? 0) > 0,
        `#post-${tweet.id} img`,
      );
    } finally {
      await noScript.close();
    }
  }, 30_000);

  it('makes the README screenshot: posts with media, a thread, a quote, uploads and a fault', async () => {
    await page.setViewportSize({ width: 1600, height: 1250 });
    const reset = await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    const bot = sb.createUser({ screenName: 'peony_bot', name: 'Peony Bot' });
    const botClient = new PeonyClient({
      ...sb.credentials,
      accessToken: bot.accessToken,
      accessTokenSecret: bot.accessTokenSecret,
      baseUrl: sb.url,
    });
    try {
      const video = await botClient.uploadMedia(await readFile(MP4), { category: 'tweet_video' });
      const clip = await botClient.tweet({
        text: 'Time-lapse of the garden this morning',
        mediaIds: [video.mediaId],
      });
      const doomed = await botClient.tweet('A post the bot deletes');
      await botClient.v2.tweets[doomed.id]!.delete();
      await client.tweet({ text: 'Our bot now posts videos too.', quote: clip.id });
      const photo = await client.uploadMedia(await readFile(PNG), { altText: 'A pink peony' });
      const first = await client.tweet({
        text: 'A peony, posted with peony #peony @peony_bot https://example.com/peony',
        mediaIds: [photo.mediaId],
      });
      sb.faults.add({ route: 'POST /2/tweets', kind: 'error', status: 503, times: 1 });
      await expect(client.tweet('This one meets a fault')).rejects.toThrow();
      await botClient.v2.users[bot.user.id]!.likes.post({ tweet_id: first.id });
      await botClient.v2.users[bot.user.id]!.retweets.post({ tweet_id: clip.id });
      await botClient.tweet({ text: '@XDevelopers Lovely! Which variety is it?', replyTo: first.id });
      await page.waitForSelector(`#post-${doomed.id}.deleted`, { timeout: 5000 });
      await page.waitForSelector('#requests li.faulted', { timeout: 5000 });
      await page.waitForFunction(() =>
        [...(globalThis as unknown as PageGlobals).document.querySelectorAll('#timeline img')].every(
          (img) => (img as ImageLike).naturalWidth > 0,
        ),
      );
      await page.waitForFunction(() =>
        [...(globalThis as unknown as PageGlobals).document.querySelectorAll('#timeline video')].every(
          (video) => (video as VideoLike).readyState === 4,
        ),
      );
      // Chromium's player shows a loading ring until a video first plays: play each one a moment.
      await page.evaluate(async () => {
        const videos = [
          ...(globalThis as unknown as PageGlobals).document.querySelectorAll('#timeline video'),
        ];
        for (const element of videos) {
          const video = element as VideoLike & { muted: boolean; play(): Promise<void>; pause(): void };
          video.muted = true;
          await video.play();
          video.pause();
        }
      });
      const path = process.env['PEONY_VIEW_SCREENSHOT'] ?? join(tmpdir(), 'peony-sandbox-view.png');
      await page.screenshot({ path, animations: 'disabled' });
    } finally {
      await botClient.close();
    }
  }, 30_000);
});
