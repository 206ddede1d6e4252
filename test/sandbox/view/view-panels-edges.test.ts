// The view's side panels on less common states: an upload with alt text and one whose processing failed,
// a request cut by a fault that carries no status, a request with an empty body, and more users than the
// panel draws.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { USER_PANEL_ROWS } from '../../../src/sandbox/view/panels.js';
import { send, sendSigned } from '../helpers/http.js';
import { openStream } from '../streams/stream-reader.js';
import { SAMPLES, useViewSandbox, VIEW, viewPage } from './view-kit.js';

let sb: Sandbox;
useViewSandbox(
  (started) => {
    sb = started;
  },
  { port: 0, mediaProcessing: { stepMs: 10, steps: 1, checkAfterSecs: 0 } },
);

const page = () => viewPage(sb);

function row(text: string, id: string): string {
  const from = text.indexOf(`id="${id}"`);
  expect(from).toBeGreaterThan(-1);
  return text.slice(from, text.indexOf('</li>', from));
}

const upload = (form: Record<string, string>) =>
  sendSigned(sb, { method: 'POST', path: '/1.1/media/upload.json', form });

describe('the uploads panel', () => {
  it('shows an image upload with its thumbnail and alt text', async () => {
    const bytes = await readFile(new URL('png.png', SAMPLES));
    const sent = await upload({ media_data: bytes.toString('base64') });
    const id = (sent.json() as { media_id_string: string }).media_id_string;
    const meta = await sendSigned(sb, {
      method: 'POST',
      path: '/1.1/media/metadata/create.json',
      json: { media_id: id, alt_text: { text: 'A peony' } },
    });
    expect(meta.status).toBe(200);
    const shown = row(await page(), `m-${id}`);
    expect(shown).toContain(`<img class="thumb" src="${VIEW}media/${id}" alt="A peony" title="A peony">`);
    expect(shown).toContain('<div class="muted">alt: A peony</div>');
  });

  it('shows a video whose processing failed with X’s error', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0, 0, 0, 16]),
      Buffer.from('ftypisom\0\0\x02\0', 'latin1'),
      Buffer.from([0, 0, 0, 40]),
      Buffer.from('mdat', 'latin1'),
      Buffer.alloc(32, 7),
    ]);
    const init = await upload({
      command: 'INIT',
      total_bytes: String(bytes.length),
      media_type: 'video/mp4',
      media_category: 'tweet_video',
    });
    const id = (init.json() as { media_id_string: string }).media_id_string;
    await upload({
      command: 'APPEND',
      media_id: id,
      segment_index: '0',
      media_data: bytes.toString('base64'),
    });
    let answer = await upload({ command: 'FINALIZE', media_id: id });
    for (let polls = 0; polls < 200; polls++) {
      const state = (answer.json() as { processing_info?: { state: string } }).processing_info?.state;
      if (state === 'failed') break;
      answer = await sendSigned(sb, { path: `/1.1/media/upload.json?command=STATUS&media_id=${id}` });
    }
    expect((answer.json() as { processing_info: { state: string } }).processing_info.state).toBe('failed');
    const shown = row(await page(), `m-${id}`);
    expect(shown).toContain('<span class="state state-failed">failed</span>');
    expect(shown).toMatch(/<div class="error">[A-Za-z]+: Unsupported video format<\/div>/);
  });
});

describe('the request log', () => {
  it('marks a fault without a status by its kind alone, and a cut response as cut', async () => {
    sb.faults.add({ route: 'GET /2/users/me', kind: 'reset-response', times: 1 });
    await expect(sendSigned(sb, { path: '/2/users/me' })).rejects.toThrow();
    const text = await page();
    expect(text).toMatch(/<span class="fault">fault: reset-response<\/span>/);
    expect(text).toContain('<span class="status s-cut">cut</span>');
  });

  it('shows “(empty)” for a request without a body', async () => {
    expect((await sendSigned(sb, { path: '/2/users/me' })).status).toBe(200);
    const id = /id="r-(\d+)"/.exec(await page())?.[1];
    const detail = await send(sb, { path: `${VIEW}requests/${id}` });
    expect(detail.text).toMatch(/<h4>Request body<\/h4><pre>\(empty\)<\/pre>/);
  });
});

describe('the streams panel', () => {
  it('shows a filtered stream whose rules were all deleted, and a sample stream without a rules list', async () => {
    const rules = (body: unknown) =>
      send(sb, {
        method: 'POST',
        path: '/2/tweets/search/stream/rules',
        headers: { authorization: `Bearer ${sb.credentials.bearerToken}` },
        json: body,
      });
    const added = await rules({ add: [{ value: 'peony' }] });
    const ruleId = (added.json() as { data: { id: string }[] }).data[0]?.id ?? '';
    const filtered = await openStream(sb.url, '/2/tweets/search/stream', sb.credentials.bearerToken);
    const sample = await openStream(sb.url, '/2/tweets/sample/stream', sb.credentials.bearerToken);
    expect((await rules({ delete: { ids: [ruleId] } })).status).toBe(200);
    try {
      expect([filtered.status, sample.status]).toEqual([200, 200]);
      const text = await page();
      const panel = text.slice(
        text.indexOf('id="streams"'),
        text.indexOf('</ul>', text.indexOf('id="streams"')),
      );
      expect(panel).toMatch(
        /<strong>filtered<\/strong> stream of <em>peony-sandbox<\/em> <span class="state state-succeeded">connected<\/span><\/div>\s*<p class="muted">no rules<\/p>/,
      );
      expect(panel).toMatch(
        /<strong>sample<\/strong> stream of <em>peony-sandbox<\/em> <span class="state state-succeeded">connected<\/span><\/div>\s*<\/li>/,
      );
    } finally {
      sb.streams.disconnectAll('end');
      await Promise.all([filtered.finished, sample.finished]);
    }
  });
});

describe('the users panel', () => {
  it(`draws ${USER_PANEL_ROWS} users, newest first, and counts the rest`, async () => {
    const before = sb.context.store.users.size;
    const made: string[] = [];
    for (let n = 0; n < USER_PANEL_ROWS; n++)
      made.push(sb.createUser({ screenName: `panel_user_${n}` }).user.id);
    const text = await page();
    expect(text).toContain(`<span class="muted">and ${before} more</span>`);
    expect(text).toContain(`id="u-${made.at(-1)}"`);
  });
});
