// Post text as X returns it: `&`, `<` and `>` come back as `&amp;`, `&lt;` and `&gt;` in v2 `text` and v1.1
// `text`/`full_text` (a long-standing X behaviour clients unescape: sferik/twitter-ruby#348, tweepy#451,
// dylanpdx/BetterTwitFix#152), while the length limit counts the characters as written, weighed as X weighs
// them (twitter-text's v3 rule: CJK characters and emoji 2 each).
import http from 'node:http';
import type { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let agent: http.Agent;
let me: TwitterApi;

beforeAll(async () => {
  sb = await startSandbox();
  agent = new http.Agent({ keepAlive: true });
  me = userClient(sb, agent);
});
afterAll(async () => {
  agent?.destroy();
  await sb?.close();
});

describe('post text as twitter-api-v2 reads it back', () => {
  it('escapes &, < and > in every answer that carries the text, and nothing else', async () => {
    const written = 'Q&A: is 3 > 2 && 1 < 2? "yes" it\'s #true';
    const escaped = 'Q&amp;A: is 3 &gt; 2 &amp;&amp; 1 &lt; 2? "yes" it\'s #true';
    const created = await me.v2.tweet(written);
    expect(created.data.text).toBe(escaped);
    expect((await me.v2.singleTweet(created.data.id)).data.text).toBe(escaped);
    const found = await me.v2.search('"is 3"');
    expect(found.tweets.map((tweet) => tweet.text)).toEqual([escaped]);
    expect((await me.v1.singleTweet(created.data.id)).full_text).toBe(escaped);

    const v1 = await me.v1.tweet('fish & chips <3');
    expect(v1.full_text).toBe('fish &amp; chips &lt;3');
    const hashtags = (await me.v2.singleTweet(created.data.id, { 'tweet.fields': ['entities'] })).data
      .entities;
    expect(hashtags?.hashtags?.map((tag) => tag.tag)).toEqual(['true']);
  });

  it('weighs CJK characters and emoji 2 each, as X does: 140 fit in a post, 141 do not', async () => {
    for (const unit of ['字', '🐱', '👍🏽']) {
      const fits = await me.v2.tweet(unit.repeat(140));
      expect(fits.data.text).toBe(unit.repeat(140));
      const tooLong = await me.v2.tweet(unit.repeat(141)).catch((error: unknown) => error);
      expect((tooLong as ApiResponseError).data).toMatchObject({
        detail: expect.stringContaining('Your Tweet text is too long'),
      });
      const v1TooLong = await me.v1.tweet(`${unit.repeat(140)}!`).catch((error: unknown) => error);
      expect((v1TooLong as ApiResponseError).errors?.[0]).toMatchObject({ code: 186 });
    }
  });

  it('counts the characters as written against the 280 limit', async () => {
    const text = `${'&'.repeat(279)}!`;
    const created = await me.v2.tweet(text);
    expect(created.data.text).toBe(`${'&amp;'.repeat(279)}!`);
  });
});
