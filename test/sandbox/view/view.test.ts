// The web view over plain HTTP: escaping, threads and deleted posts, byte ranges, the request log and its
// redaction, the live event stream, the no-script controls, and that the view never counts as X traffic.

import { readFile } from 'node:fs/promises';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { send, sendSigned } from '../helpers/http.js';
import { openStream } from '../streams/stream-reader.js';
import { postTweet, setAltText, useViewSandbox, VIEW, viewPage } from './view-kit.js';

const PNG = new URL('../../../examples/media/peony.png', import.meta.url);
const MP4 = new URL('../../../examples/media/peony.mp4', import.meta.url);

let sb: Sandbox;
useViewSandbox((started) => {
  sb = started;
});

const post = (body: Record<string, unknown>) => postTweet(sb, body);

async function uploadImage(bytes: Buffer, altText?: string): Promise<string> {
  const sent = await sendSigned(sb, {
    method: 'POST',
    path: '/1.1/media/upload.json',
    form: { media_data: bytes.toString('base64') },
  });
  expect(sent.status).toBe(200);
  const id = (sent.json() as { media_id_string: string }).media_id_string;
  if (altText !== undefined) await setAltText(sb, id, altText);
  return id;
}

const page = (query = '') => viewPage(sb, query);

describe('the page', () => {
  it('escapes post text and alt text, and forbids inline script by policy', async () => {
    const media = await uploadImage(await readFile(PNG), `"><script>alert('alt')</script>`);
    await post({ text: `<script>alert("text")</script> & <b>bold</b>`, media: { media_ids: [media] } });
    const sent = await send(sb, { path: VIEW });
    expect(sent.text).toContain(
      '&lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(sent.text).toContain('alt="&quot;&gt;&lt;script&gt;alert(&#39;alt&#39;)&lt;/script&gt;"');
    expect(sent.text).not.toMatch(/<script>alert|<b>bold/);
    expect(sent.headers['content-security-policy']).toContain("script-src 'self'");
    expect(sent.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('links mentions, hashtags and URLs, threads replies, embeds quotes and marks deleted posts', async () => {
    const root = await post({ text: 'Root post #peony @XDevelopers https://example.com/a?b=1' });
    const reply = await post({ text: 'A reply', reply: { in_reply_to_tweet_id: root } });
    const quote = await post({ text: 'A quote', quote_tweet_id: root });
    const gone = await post({ text: 'Soon deleted' });
    expect((await sendSigned(sb, { method: 'DELETE', path: `/2/tweets/${gone}` })).status).toBe(200);
    const text = await page();
    expect(text).toContain(`<a class="tag" href="${VIEW}?q=%23peony">#peony</a>`);
    expect(text).toContain(`<a class="mention" href="${VIEW}?user=XDevelopers">@XDevelopers</a>`);
    expect(text).toContain('href="https://example.com/a?b=1" rel="noopener noreferrer nofollow"');
    // The reply sits in its parent's thread item, one level in.
    const thread = text.slice(text.indexOf(`id="t-${root}"`));
    expect(thread.indexOf(`id="post-${reply}"`)).toBeLessThan(thread.indexOf('</li>'));
    expect(thread).toMatch(new RegExp(`class="depth-1"><article class="post" id="post-${reply}"`));
    // The quote embeds the quoted post; the root counts one reply and one quote.
    const quoteItem = text.slice(text.indexOf(`id="post-${quote}"`));
    expect(quoteItem.slice(0, quoteItem.indexOf('</article>'))).toContain(`href="#post-${root}"`);
    const rootItem = text.slice(text.indexOf(`id="post-${root}"`));
    expect(rootItem).toMatch(/title="Replies">↩ 1<\/span>[\s\S]*title="Quotes">❝ 1</);
    expect(text).toMatch(new RegExp(`class="post deleted" id="post-${gone}"`));
    // Threads sort by their newest post: the deleted post came after the root's reply and quote.
    expect(text.indexOf(`id="t-${gone}"`)).toBeLessThan(text.indexOf(`id="t-${root}"`));
  });

  it('counts likes and reposts, shows a repost as X does, and drops an undone repost', async () => {
    const liked = await post({ text: 'Worth a like and a repost' });
    const me = sb.user.id;
    expect(
      (await sendSigned(sb, { method: 'POST', path: `/2/users/${me}/likes`, json: { tweet_id: liked } }))
        .status,
    ).toBe(200);
    const repost = await sendSigned(sb, {
      method: 'POST',
      path: `/2/users/${me}/retweets`,
      json: { tweet_id: liked },
    });
    const repostId = (repost.json() as { data: { rest_id: string } }).data.rest_id;
    let text = await page();
    const original = text.slice(text.indexOf(`id="post-${liked}"`));
    expect(original).toMatch(/title="Reposts">⟲ 1<\/span>[\s\S]*title="Likes">♥ 1</);
    const shown = text.slice(text.indexOf(`id="post-${repostId}"`));
    expect(shown.slice(0, shown.indexOf('</article>'))).toMatch(
      /X Developers<\/a> reposted[\s\S]*Worth a like and a repost/,
    );
    expect(text).not.toContain('RT @XDevelopers');
    await sendSigned(sb, { method: 'DELETE', path: `/2/users/${me}/retweets/${liked}` });
    text = await page();
    expect(text).not.toContain(`id="post-${repostId}"`);
    expect(text.slice(text.indexOf(`id="post-${liked}"`))).toMatch(/title="Reposts">⟲ 0</);
  });

  it('filters by user and by text, flattening threads', async () => {
    const bot = sb.createUser({ screenName: 'view_filter_bot' });
    const mine = await post({ text: 'mine about peonies' });
    const theirs = await sendSigned(
      sb,
      { method: 'POST', path: '/2/tweets', json: { text: 'theirs about roses' } },
      {
        consumerKey: sb.credentials.consumerKey,
        consumerSecret: sb.credentials.consumerSecret,
        token: bot.accessToken,
        tokenSecret: bot.accessTokenSecret,
      },
    );
    const theirsId = (theirs.json() as { data: { id: string } }).data.id;
    const byUser = await page('?user=VIEW_FILTER_BOT');
    expect(byUser).toContain(`id="post-${theirsId}"`);
    expect(byUser).not.toContain(`id="post-${mine}"`);
    expect(byUser).toContain('value="view_filter_bot" selected');
    const byText = await page('?q=PEONIES');
    expect(byText).toContain(`id="post-${mine}"`);
    expect(byText).not.toContain(`id="post-${theirsId}"`);
    expect(await page('?q=nothing-matches-this')).toContain('No post matches.');
  });
});

describe('media bytes', () => {
  it('serves the stored bytes with their type, and single byte ranges for seeking', async () => {
    const bytes = await readFile(MP4);
    const init = await sendSigned(sb, {
      method: 'POST',
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: String(bytes.length), media_type: 'video/mp4' },
    });
    const id = (init.json() as { media_id_string: string }).media_id_string;
    const half = Math.floor(bytes.length / 2);
    for (const [index, part] of [bytes.subarray(0, half), bytes.subarray(half)].entries()) {
      const append = await sendSigned(sb, {
        method: 'POST',
        path: '/1.1/media/upload.json',
        form: {
          command: 'APPEND',
          media_id: id,
          segment_index: String(index),
          media_data: part.toString('base64'),
        },
      });
      expect(append.status).toBe(204);
    }
    const url = `${sb.url}${VIEW}media/${id}`;
    const whole = await request(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Buffer.from(await whole.body.arrayBuffer()).equals(bytes)).toBe(true);

    const middle = await request(url, { headers: { range: `bytes=${half - 10}-${half + 9}` } });
    expect(middle.statusCode).toBe(206);
    expect(middle.headers['content-range']).toBe(`bytes ${half - 10}-${half + 9}/${bytes.length}`);
    expect(Buffer.from(await middle.body.arrayBuffer()).equals(bytes.subarray(half - 10, half + 10))).toBe(
      true,
    );

    const tail = await request(url, { headers: { range: 'bytes=-16' } });
    expect(tail.statusCode).toBe(206);
    expect(Buffer.from(await tail.body.arrayBuffer()).equals(bytes.subarray(bytes.length - 16))).toBe(true);

    const beyond = await request(url, { headers: { range: `bytes=${bytes.length}-` } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);
    await beyond.body.dump();

    const unknown = await request(`${sb.url}${VIEW}media/123`);
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
  });

  it('shows uploads with their segments, state and X errors', async () => {
    const bytes = await readFile(PNG);
    const init = await sendSigned(sb, {
      method: 'POST',
      path: '/1.1/media/upload.json',
      form: { command: 'INIT', total_bytes: String(bytes.length * 2), media_type: 'image/png' },
    });
    const id = (init.json() as { media_id_string: string }).media_id_string;
    await sendSigned(sb, {
      method: 'POST',
      path: '/1.1/media/upload.json',
      form: { command: 'APPEND', media_id: id, segment_index: '0', media_data: bytes.toString('base64') },
    });
    const finalize = await sendSigned(sb, {
      method: 'POST',
      path: '/1.1/media/upload.json',
      form: { command: 'FINALIZE', media_id: id },
    });
    expect(finalize.status).toBe(400);
    const text = await page();
    const row = text.slice(text.indexOf(`id="m-${id}"`));
    expect(row).toContain('<span class="state state-uploading">uploading</span>');
    expect(row).toContain(`<progress max="${bytes.length * 2}" value="${bytes.length}"></progress>`);
    expect(row).toContain('1 segment · 50%');
    expect(text).toContain('Segments do not add up to provided total file size.');
  });
});

describe('the request log', () => {
  it('records method, path, auth kind, status, rate limit and faults, and redacts credentials', async () => {
    sb.faults.add({ route: 'GET /2/users/me', kind: 'error', status: 503, times: 1 });
    expect((await sendSigned(sb, { path: '/2/users/me' })).status).toBe(503);
    expect((await sendSigned(sb, { path: '/2/users/me' })).status).toBe(200);
    const token = await send(sb, {
      method: 'POST',
      path: '/oauth2/token',
      headers: {
        authorization: `Basic ${Buffer.from(`${sb.credentials.consumerKey}:${sb.credentials.consumerSecret}`).toString('base64')}`,
      },
      form: { grant_type: 'client_credentials' },
    });
    expect(token.status).toBe(200);
    const text = await page();
    expect(text).toMatch(
      /<span class="url">\/2\/users\/me<\/span><span class="fault">fault: error 503<\/span>/,
    );
    expect(text).toMatch(/<span class="auth">oauth1<\/span>\s*<span class="status s2xx">200<\/span>/);
    expect(text).toMatch(/<span class="rate"[^>]*>\d+\/75<\/span>/);

    // Each request's page shows headers and bodies with every credential replaced (newest first: the token).
    const ids = [...text.matchAll(/id="r-(\d+)"/g)].map((match) => match[1]);
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      const detail = await send(sb, { path: `${VIEW}requests/${id}` });
      expect(detail.status).toBe(200);
      for (const secret of Object.values(sb.credentials)) expect(detail.text).not.toContain(secret);
    }
    const tokenDetail = (await send(sb, { path: `${VIEW}requests/${ids[0]}` })).text;
    expect(tokenDetail).toContain('Basic [redacted]');
    expect(tokenDetail).toContain('&quot;access_token&quot;: &quot;[redacted]&quot;');
    expect(tokenDetail).toContain('grant_type=client_credentials');
  });

  it('leaves out the admin and view routes, which no fault, rate limit or log touches', async () => {
    sb.faults.add({ route: '*', kind: 'error', status: 500 });
    try {
      for (let index = 0; index < 3; index++) expect((await send(sb, { path: VIEW })).status).toBe(200);
      expect((await send(sb, { path: `${VIEW}fragments` })).status).toBe(200);
      const fragments = (await send(sb, { path: `${VIEW}fragments` })).json() as {
        sections: { requests: string };
        counts: { requests: string };
      };
      expect(fragments.counts.requests).toBe('last 0 of 0');
      expect((await send(sb, { path: `${VIEW}style.css` })).headers['x-rate-limit-limit']).toBeUndefined();
    } finally {
      sb.faults.clear();
    }
  });
});

describe('streams', () => {
  it('lists a connected stream with its rules, and forgets it once it ends', async () => {
    const rules = await send(sb, {
      method: 'POST',
      path: '/2/tweets/search/stream/rules',
      headers: { authorization: `Bearer ${sb.credentials.bearerToken}` },
      json: { add: [{ value: 'peony has:images', tag: 'flowers <b>' }] },
    });
    expect(rules.status).toBe(200);
    const stream = await openStream(sb.url, '/2/tweets/search/stream', sb.credentials.bearerToken);
    try {
      expect(stream.status).toBe(200);
      const text = await page();
      const panel = text.slice(
        text.indexOf('id="streams"'),
        text.indexOf('</ul>', text.indexOf('id="streams"')),
      );
      expect(panel).toContain('<strong>filtered</strong> stream of <em>peony-sandbox</em>');
      expect(panel).toContain(
        '<code>peony has:images</code> <span class="muted">tag: flowers &lt;b&gt;</span>',
      );
      // The open stream shows in the request log as still open.
      expect(text).toMatch(
        /\/2\/tweets\/search\/stream<\/span><\/span>\s*<span class="auth">app-bearer<\/span>\s*<span class="status pending">open</,
      );
    } finally {
      sb.streams.disconnectAll('end');
      await stream.finished;
    }
    expect(await page()).toContain('No stream connected.');
  });
});

describe('live updates', () => {
  it('sends a change event when a post is made', async () => {
    const controller = new AbortController();
    const events = await request(`${sb.url}${VIEW}events`, { signal: controller.signal });
    expect(events.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    let received = '';
    const sawChange = new Promise<void>((resolve) => {
      events.body.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (received.includes('event: change')) resolve();
      });
    });
    await post({ text: 'Heard live' });
    await sawChange;
    controller.abort();
    await events.body.dump().catch(() => undefined);
    expect(received).toMatch(/event: change\ndata: \d+\n\n/);
  });
});

describe('controls without JavaScript', () => {
  it('takes form posts from its own page and refuses them from another site', async () => {
    const fault = await send(sb, {
      method: 'POST',
      path: `${VIEW}actions/faults`,
      headers: { origin: sb.url },
      form: { kind: 'error', route: 'POST /2/tweets', status: '429', times: '1' },
    });
    expect(fault.status).toBe(303);
    expect(fault.headers['location']).toBe(VIEW);
    expect(sb.faults.list()).toMatchObject([
      { kind: 'error', route: 'POST /2/tweets', status: 429, times: 1 },
    ]);

    const user = await send(sb, {
      method: 'POST',
      path: `${VIEW}actions/users`,
      form: { screen_name: 'from_a_form', name: 'From a form' },
    });
    expect(user.status).toBe(303);
    expect(sb.context.store.userByUsername('from_a_form')?.name).toBe('From a form');

    const taken = await send(sb, {
      method: 'POST',
      path: `${VIEW}actions/users`,
      form: { screen_name: 'from_a_form' },
    });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('Screen name taken');

    const crossSite = await send(sb, {
      method: 'POST',
      path: `${VIEW}actions/reset`,
      headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      form: {},
    });
    expect(crossSite.status).toBe(403);
    expect(sb.faults.list()).toHaveLength(1);

    const reset = await send(sb, {
      method: 'POST',
      path: `${VIEW}actions/reset`,
      headers: { origin: sb.url },
      form: {},
    });
    expect(reset.status).toBe(303);
    expect(sb.faults.list()).toEqual([]);
  });
});
