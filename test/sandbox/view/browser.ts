// Headless Debian Chromium for the web view's browser tests, driven by playwright-core. The tests skip
// (saying why) when the executable is missing; CI installs it with apt-get.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env['PEONY_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile in a temp folder, removed on close. */
export async function launchChromium(options: { javaScriptEnabled?: boolean } = {}): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'peony-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The little of the DOM that code run inside the page touches. The project compiles without the DOM lib,
 * so functions passed to `page.evaluate` cast `globalThis` to this.
 */
export interface PageGlobals {
  document: {
    querySelector(selector: string): unknown;
    querySelectorAll(selector: string): Iterable<unknown>;
  };
  notReloaded?: boolean;
  pwned?: number;
}
export interface ImageLike {
  complete: boolean;
  naturalWidth: number;
}
export interface VideoLike {
  readyState: number;
  duration: number;
  currentTime: number;
  addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
}
