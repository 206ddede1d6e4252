// Links as X rewrites them, read through twitter-api-v2: every URL in a post becomes a 23-character t.co link
// (the length rule counts it so, however long the URL), the entities point at that link in the text and name
// the URL as written, and a post with media ends with one more t.co link for it. v2, v1.1 and the filtered
// stream agree; every REST answer passes through the document-checking proxy, stream messages are checked
// against the stream's schema.
import http from 'node:http';
import { ApiResponseError, ETwitterStreamEvent, type TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { documentValidator, pointer } from '../../src/sandbox/openapi/schema-validator.js';
import { png } from '../sandbox/media/fixtures.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { readPost, slice, T_CO } from './post-links.js';
import { sandboxClient, userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let me: TwitterApi;

/** 160 characters, far past what fits in a post were it counted as written. */
const LONG_URL = `https://example.com/articles/${'a'.repeat(120)}?ref=peony`;

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  agent = new http.Agent({ keepAlive: true });
  me = userClient(sb, agent, sb.credentials, proxy.url);
});
afterAll(async () => {
  agent?.destroy();
  await proxy?.close();
  await sb?.close();
});

describe('t.co links through twitter-api-v2', () => {
  it('counts each URL as 23 characters: a long URL fits, one character more is refused', async () => {
    // 256 + 1 + 23 = 280 as X weighs it, 417 as written.
    const fits = `${'a'.repeat(256)} ${LONG_URL}`;
    const created = await me.v2.tweet(fits);
    expect(created.data.text.startsWith(`${'a'.repeat(256)} https://t.co/`)).toBe(true);
    expect([...created.data.text]).toHaveLength(280);

    const refused = await me.v2.tweet(`b${fits}`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiResponseError);
    expect((refused as ApiResponseError).data).toMatchObject({
      detail: expect.stringContaining('Your Tweet text is too long'),
    });
    const v1Refused = await me.v1.tweet(`c${fits}`).catch((error: unknown) => error);
    expect((v1Refused as ApiResponseError).errors?.[0]).toMatchObject({ code: 186 });
    expect(proxy.violations()).toEqual([]);
  });

  it('rewrites the text and points the v2 entities at the t.co links, naming the URLs as written', async () => {
    const written = `Read ${LONG_URL} and http://example.org/x. #peony`;
    const created = await me.v2.tweet(written);
    const read = await readPost(me, created.data.id, ['entities', 'display_text_range']);
    expect(read.text).toBe(created.data.text);
    expect(read.text).not.toContain('example.com');
    const urls = read.entities?.urls ?? [];
    expect(urls.map((url) => url.expanded_url)).toEqual([LONG_URL, 'http://example.org/x']);
    for (const url of urls) {
      expect(url.url).toMatch(T_CO);
      expect(slice(read.text, url.start, url.end)).toBe(url.url);
    }
    expect(urls.map((url) => url.display_url)).toEqual([
      expect.stringMatching(/^example\.com\/articles\/a+…$/),
      'example.org/x',
    ]);
    expect(urls[0]?.display_url).toHaveLength(26);
    // The sentence's full stop stays outside the link, and the hashtag after the links is where it says.
    const [hashtag] = read.entities?.hashtags ?? [];
    expect(slice(read.text, hashtag?.start ?? 0, hashtag?.end ?? 0)).toBe('#peony');
    expect(read.text.endsWith('. #peony')).toBe(true);
    expect(read.display_text_range).toEqual([0, [...read.text].length]);

    // Search matches the URL as written.
    expect((await me.v2.search('example.org')).tweets.map((tweet) => tweet.id)).toEqual([created.data.id]);
    expect(proxy.violations()).toEqual([]);
  });

  it('shows the same links in v1.1, with indices into the text, and keeps them on a repost', async () => {
    const posted = await me.v1.tweet(`v1.1 link ${LONG_URL}`);
    const text = posted.full_text ?? '';
    const [url] = posted.entities.urls ?? [];
    expect(url?.expanded_url).toBe(LONG_URL);
    expect(url?.url).toMatch(T_CO);
    expect(slice(text, url?.indices[0] ?? 0, url?.indices[1] ?? 0)).toBe(url?.url);
    expect(text).toBe(`v1.1 link ${url?.url}`);

    const read = await me.v2.singleTweet(posted.id_str, { 'tweet.fields': ['entities'] });
    expect(read.data.text).toBe(text);
    expect(read.data.entities?.urls?.[0]).toMatchObject({ url: url?.url, expanded_url: LONG_URL });

    const friend = sb.createUser({ screenName: 'link_reposter' });
    const reposter = userClient(sb, agent, friend, proxy.url);
    await reposter.v2.retweet(friend.user.id, posted.id_str);
    const reposts = await reposter.v2.userTimeline(friend.user.id, { 'tweet.fields': ['entities'] });
    // The repost carries the same t.co link, still expanding to the URL first written.
    expect(reposts.tweets.map((tweet) => tweet.entities?.urls)).toEqual([
      [expect.objectContaining({ url: url?.url, expanded_url: LONG_URL })],
    ]);
    expect(proxy.violations()).toEqual([]);
  });

  it('ends a post with media with one t.co link for it, outside the displayed text', async () => {
    const mediaId = await me.v1.uploadMedia(png(16, 16, 300), { mimeType: 'image/png' });
    const written = `a picture ${LONG_URL}`;
    const created = await me.v2.tweet(written, { media: { media_ids: [mediaId] } });
    const read = await readPost(me, created.data.id, ['entities', 'display_text_range', 'attachments']);
    const urls = read.entities?.urls ?? [];
    expect(urls).toHaveLength(2);
    const [link, media] = urls;
    expect(link?.expanded_url).toBe(LONG_URL);
    expect(media).toMatchObject({
      media_key: read.attachments?.media_keys?.[0],
      expanded_url: `https://x.com/i/status/${created.data.id}/photo/1`,
    });
    expect(media?.url).toMatch(T_CO);
    expect(media?.display_url).toBe(`pic.x.com/${media?.url.slice('https://t.co/'.length)}`);
    expect(read.text).toBe(`a picture ${link?.url} ${media?.url}`);
    expect(slice(read.text, media?.start ?? 0, media?.end ?? 0)).toBe(media?.url);
    expect(read.display_text_range).toEqual([0, link?.end]);

    const v1 = await me.v1.singleTweet(created.data.id);
    const v1Media = v1.entities.media?.[0];
    expect(v1Media?.url).toBe(media?.url);
    expect(slice(v1.full_text ?? '', v1Media?.indices[0] ?? 0, v1Media?.indices[1] ?? 0)).toBe(media?.url);
    expect(v1.display_text_range).toEqual([0, link?.end]);
    // The media link is not a URL entity in v1.1: it is the media entity's.
    expect(v1.entities.urls?.map((url) => url.expanded_url)).toEqual([LONG_URL]);
    expect(proxy.violations()).toEqual([]);
  });

  it('sends the rewritten text and entities on the filtered stream, as the document describes', async () => {
    const app = sandboxClient(sb, agent, sb.credentials.bearerToken);
    await app.v2.updateStreamRules({ add: [{ value: 'streamlink' }] });
    const stream = await app.v2.searchStream({ 'tweet.fields': ['entities'], autoConnect: true });
    try {
      const first = new Promise<unknown>((resolve) => stream.on(ETwitterStreamEvent.Data, resolve));
      await me.v2.tweet(`streamlink ${LONG_URL}`);
      const message = (await first) as { data: { text: string; entities?: { urls?: unknown[] } } };
      const schema = pointer([
        'paths',
        '/2/tweets/search/stream',
        'get',
        'responses',
        '200',
        'content',
        'application/json',
        'schema',
      ]);
      expect(documentValidator().check(schema, message)).toEqual([]);
      const [url] = (message.data.entities?.urls ?? []) as {
        url: string;
        expanded_url: string;
        start: number;
      }[];
      expect(url?.expanded_url).toBe(LONG_URL);
      expect(url?.url).toMatch(T_CO);
      expect(message.data.text).toBe(`streamlink ${url?.url}`);
    } finally {
      stream.close();
    }
  });
});
