// Bare domains as X links them, read through twitter-api-v2: `example.com` or `peony.dev/path` (a known TLD, no
// scheme) becomes a t.co link that counts 23 characters and whose entity expands to `http://…`, while an email
// address, a mention-like `@example.com`, part of a path or an unknown TLD stays text. Every REST answer passes
// through the document-checking proxy.
import http from 'node:http';
import { ApiResponseError, type TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { type PostRead, readPost as readPostOf, slice, T_CO } from './post-links.js';
import { userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let me: TwitterApi;

/** A post read with its entities. */
const readPost = (id: string) => readPostOf(me, id, ['entities']);

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

describe('bare domains through twitter-api-v2', () => {
  it('links a bare domain and a bare domain with a path, expanding them to http://', async () => {
    const created = await me.v2.tweet('Try example.com, or peony.dev/docs/start. Thanks!');
    const read = await readPost(created.data.id);
    expect(read.text).toMatch(/^Try https:\/\/t\.co\/\w{10}, or https:\/\/t\.co\/\w{10}\. Thanks!$/);
    expect(read.text).toBe(created.data.text);
    const urls = read.entities?.urls ?? [];
    expect(urls.map(({ expanded_url, display_url }) => [expanded_url, display_url])).toEqual([
      ['http://example.com', 'example.com'],
      ['http://peony.dev/docs/start', 'peony.dev/docs/start'],
    ]);
    for (const url of urls) {
      expect(url.url).toMatch(T_CO);
      expect(slice(read.text, url.start, url.end)).toBe(url.url);
    }

    const v1 = await me.v1.singleTweet(created.data.id);
    expect(v1.full_text).toBe(read.text);
    expect(v1.entities.urls?.map((url) => url.expanded_url)).toEqual([
      'http://example.com',
      'http://peony.dev/docs/start',
    ]);
    expect(proxy.violations()).toEqual([]);
  });

  it('counts a bare domain as 23 characters, however short', async () => {
    // 256 + 1 + 23 = 280 as X weighs it (268 as written): accepted; one character more is refused.
    const fits = `${'a'.repeat(256)} example.com`;
    const created = await me.v2.tweet(fits);
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

  it('links a bare domain in a Direct Message the same way', async () => {
    const friend = sb.createUser({ screenName: 'bare_link_friend' });
    const answer = await me.v2.sendDmToParticipant(friend.user.id, { text: 'notes at peony.dev/notes.' });
    // The library types the answer without X's `data` wrapper.
    const sent = (answer as unknown as { data: { dm_event_id: string } }).data;
    const read = await me.v2.get<{ data: PostRead }>(`dm_events/${sent.dm_event_id}`, {
      'dm_event.fields': 'text,entities',
    });
    expect(read.data.text).toMatch(/^notes at https:\/\/t\.co\/\w{10}\.$/);
    expect(read.data.entities?.urls).toEqual([
      expect.objectContaining({ expanded_url: 'http://peony.dev/notes', display_url: 'peony.dev/notes' }),
    ]);
    expect(proxy.violations()).toEqual([]);
  });

  it('leaves an email address, @example.com, part of a path and unknown TLDs as text', async () => {
    const written =
      'mail hello@example.com, ask @example.com; see docs/site.com, run index.ts, example.de or e.g.';
    const created = await me.v2.tweet(written);
    expect(created.data.text).toBe(written);
    const read = await readPost(created.data.id);
    expect(read.entities?.urls).toBeUndefined();
    expect(read.entities?.mentions?.map((mention) => mention.username)).toEqual(['example']);
    // A country-code domain is linked with a subdomain or a path.
    const linked = await me.v2.tweet('www.example.de and example.de/x');
    const urls = (await readPost(linked.data.id)).entities?.urls ?? [];
    expect(urls.map((url) => url.expanded_url)).toEqual(['http://www.example.de', 'http://example.de/x']);
    expect(proxy.violations()).toEqual([]);
  });
});
