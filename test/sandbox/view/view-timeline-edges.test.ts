// The view's timeline on the cases a reader meets less often: polls, an animated GIF and a video in a post, a
// quote of a post that carries media and was then deleted, a reply shown flat by a filter ("Replying to"),
// and a timeline longer than the drawing limit.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { TIMELINE_LIMIT } from '../../../src/sandbox/view/timeline.js';
import { send, sendSigned } from '../helpers/http.js';
import { postTweet, SAMPLES, setAltText, useViewSandbox, VIEW, viewPage } from './view-kit.js';

let sb: Sandbox;
useViewSandbox(
  (started) => {
    sb = started;
  },
  { port: 0, mediaProcessing: { stepMs: 10, steps: 1, checkAfterSecs: 0 } },
);

const post = (body: Record<string, unknown>) => postTweet(sb, body);

/** A chunked v1.1 upload, waited on (bounded) until X says it may be posted. */
async function upload(
  sample: string,
  mediaType: string,
  category: string,
  altText?: string,
): Promise<string> {
  const bytes = await readFile(new URL(sample, SAMPLES));
  const call = (form: Record<string, string>) =>
    sendSigned(sb, { method: 'POST', path: '/1.1/media/upload.json', form });
  const init = await call({
    command: 'INIT',
    total_bytes: String(bytes.length),
    media_type: mediaType,
    media_category: category,
  });
  const id = (init.json() as { media_id_string: string }).media_id_string;
  expect(
    (
      await call({
        command: 'APPEND',
        media_id: id,
        segment_index: '0',
        media_data: bytes.toString('base64'),
      })
    ).status,
  ).toBe(204);
  let answer = await call({ command: 'FINALIZE', media_id: id });
  for (let polls = 0; polls < 200; polls++) {
    const state = (answer.json() as { processing_info?: { state: string } }).processing_info?.state;
    if (state === undefined || state === 'succeeded') break;
    expect(state).not.toBe('failed');
    answer = await sendSigned(sb, { path: `/1.1/media/upload.json?command=STATUS&media_id=${id}` });
  }
  if (altText !== undefined) await setAltText(sb, id, altText);
  return id;
}

const page = (query = '') => viewPage(sb, query);

function article(text: string, id: string): string {
  const from = text.indexOf(`id="post-${id}"`);
  expect(from).toBeGreaterThan(-1);
  return text.slice(from, text.indexOf('</article>', from));
}

describe('timeline edge cases', () => {
  it('draws a poll with its options and votes', async () => {
    const id = await post({ text: 'Which?', poll: { options: ['Peony', 'Rose'], duration_minutes: 60 } });
    expect(article(await page(), id)).toMatch(
      /<ul class="poll"><li>Peony <span class="muted">0<\/span><\/li><li>Rose <span class="muted">0<\/span><\/li><\/ul>/,
    );
  });

  it('badges an animated GIF and plays a video with its controls', async () => {
    const gif = await upload('gif-animated.gif', 'image/gif', 'tweet_gif', 'A loop');
    const video = await upload('mp4.mp4', 'video/mp4', 'tweet_video');
    const withGif = await post({ text: 'gif', media: { media_ids: [gif] } });
    const withVideo = await post({ text: 'video', media: { media_ids: [video] } });
    const text = await page();
    expect(article(text, withGif)).toMatch(
      new RegExp(
        `<figure class="item animated_gif"><img src="${VIEW}media/${gif}" alt="A loop"[^>]*>` +
          '<span class="badge">GIF</span><span class="badge alt" title="A loop">ALT</span></figure>',
      ),
    );
    expect(article(text, withVideo)).toContain(
      `<figure class="item video"><video src="${VIEW}media/${video}" controls preload="metadata" playsinline`,
    );
  });

  it('embeds a quoted post’s media small, and marks the quoted post once it is deleted', async () => {
    const picture = await upload('png.png', 'image/png', 'tweet_image', 'Peony petals');
    const video = await upload('mp4.mp4', 'video/mp4', 'tweet_video');
    const quotedPicture = await post({ text: 'with a picture', media: { media_ids: [picture] } });
    const quotedVideo = await post({ text: 'with a video', media: { media_ids: [video] } });
    const q1 = await post({ text: 'look', quote_tweet_id: quotedPicture });
    const q2 = await post({ text: 'watch', quote_tweet_id: quotedVideo });
    expect((await sendSigned(sb, { method: 'DELETE', path: `/2/tweets/${quotedPicture}` })).status).toBe(200);
    const text = await page();
    const first = article(text, q1);
    expect(first).toContain('<blockquote class="quote deleted">');
    expect(first).toContain('<span class="badge deleted-badge">Deleted</span>');
    expect(first).toContain(
      `<img class="thumb" src="${VIEW}media/${picture}" alt="Peony petals" title="Peony petals">`,
    );
    const second = article(text, q2);
    expect(second).toContain('<blockquote class="quote">');
    expect(second).toContain(`<video class="thumb" src="${VIEW}media/${video}#t=0.1"`);
  });

  it('shows an image without alt text with no ALT badge, in a post and in a quote', async () => {
    const picture = await upload('jpeg.jpg', 'image/jpeg', 'tweet_image');
    const plain = await post({ text: 'no alt', media: { media_ids: [picture] } });
    const quote = await post({ text: 'quoting', quote_tweet_id: plain });
    const text = await page();
    const shown = article(text, plain);
    expect(shown).toContain(`<img src="${VIEW}media/${picture}" alt="" title=""`);
    expect(shown).not.toContain('ALT</span>');
    expect(article(text, quote)).toContain(
      `<img class="thumb" src="${VIEW}media/${picture}" alt="" title="">`,
    );
  });

  it('a reply bumps its whole thread above newer posts, deepest replies included', async () => {
    const root = await post({ text: 'old root' });
    const first = await post({ text: 'first reply', reply: { in_reply_to_tweet_id: root } });
    await post({ text: 'second reply', reply: { in_reply_to_tweet_id: root } });
    const newer = await post({ text: 'a newer post' });
    await post({ text: 'late reply to the first reply', reply: { in_reply_to_tweet_id: first } });
    const text = await page();
    expect(text.indexOf(`id="t-${root}"`)).toBeGreaterThan(-1);
    expect(text.indexOf(`id="t-${root}"`)).toBeLessThan(text.indexOf(`id="t-${newer}"`));
  });

  it('a filter shows a reply flat, saying what it replies to', async () => {
    const root = await post({ text: 'root of a thread' });
    const reply = await post({ text: 'flat reply', reply: { in_reply_to_tweet_id: root } });
    const threaded = article(await page(), reply);
    expect(threaded).not.toContain('Replying to');
    expect(article(await page('?q=flat'), reply)).toContain(
      `<p class="replying">Replying to <a href="#post-${root}">@XDevelopers</a></p>`,
    );
  });

  it(`draws at most ${TIMELINE_LIMIT} posts, newest first`, async () => {
    const ids: string[] = [];
    for (let n = 0; n <= TIMELINE_LIMIT; n++) {
      ids.push(await post({ text: `post number ${n}` }));
      if (n % 100 === 99) await send(sb, { method: 'POST', path: '/__sandbox/rate-limits/reset' });
    }
    const text = await page();
    expect(text.match(/<article /g)).toHaveLength(TIMELINE_LIMIT);
    expect(text).not.toContain(`id="post-${ids[0]}"`);
    expect(text.indexOf(`id="post-${ids[TIMELINE_LIMIT]}"`)).toBeLessThan(
      text.indexOf(`id="post-${ids[1]}"`),
    );
  });
});
