// What the view's HTTP-level tests share: a sandbox started once per file and reset before each test, the
// page itself, and the posts and alt text they put on it.

import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox/index.js';
import { send, sendSigned } from '../helpers/http.js';

export const VIEW = '/__sandbox/view/';
export const SAMPLES = new URL('../../fixtures/media/', import.meta.url);

/** Starts a sandbox for this file (handed to `started`), resets it before each test and closes it after all. */
export function useViewSandbox(started: (sandbox: Sandbox) => void, options: SandboxOptions = {}): void {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
    started(sandbox);
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(async () => {
    expect((await send(sandbox as Sandbox, { method: 'POST', path: '/__sandbox/reset' })).status).toBe(200);
  });
}

/** The view's HTML, with `query` (`?filter=…`). */
export async function viewPage(sb: Sandbox, query = ''): Promise<string> {
  const sent = await send(sb, { path: `${VIEW}${query}` });
  expect(sent.status).toBe(200);
  expect(sent.headers['content-type']).toBe('text/html; charset=utf-8');
  return sent.text;
}

/** Posts through POST /2/tweets as the default user; resolves with the new post's id. */
export async function postTweet(sb: Sandbox, body: Record<string, unknown>): Promise<string> {
  const sent = await sendSigned(sb, { method: 'POST', path: '/2/tweets', json: body });
  expect(sent.status, sent.text).toBe(201);
  return (sent.json() as { data: { id: string } }).data.id;
}

/** Gives an uploaded image or GIF its alt text (v1.1 metadata/create). */
export async function setAltText(sb: Sandbox, mediaId: string, text: string): Promise<void> {
  const meta = await sendSigned(sb, {
    method: 'POST',
    path: '/1.1/media/metadata/create.json',
    json: { media_id: mediaId, alt_text: { text } },
  });
  expect(meta.status).toBe(200);
}
