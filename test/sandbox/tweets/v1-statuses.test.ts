import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from './signed-client.js';

let sb: Sandbox;
let auth: Auth;

interface V1Tweet {
  id: number;
  id_str: string;
  text: string;
  created_at: string;
  user: { id_str: string; screen_name: string };
  in_reply_to_status_id_str: string | null;
  entities: { hashtags: { text: string; indices: number[] }[] };
}
interface V1Errors {
  errors: { code: number; message: string }[];
}

beforeAll(async () => {
  sb = await startSandbox();
  auth = { user: sb.credentials };
});
afterAll(() => sb.close());

const post = (form: Record<string, string>) =>
  call<V1Tweet & V1Errors>(sb.url, 'POST', '/1.1/statuses/update.json', { form, auth });

describe('POST /1.1/statuses/update.json', () => {
  it('posts a status that reads back by id with the v1.1 Tweet shape', async () => {
    const posted = await post({ status: 'Hello Ladies + Gentlemen, a signed OAuth request! #peony' });
    expect(posted.status).toBe(200);
    const tweet = posted.body;
    expect(tweet.id_str).toMatch(/^[0-9]{18,19}$/);
    // The raw JSON carries the id digit for digit, as X does.
    expect(posted.text).toContain(`"id":${tweet.id_str},`);
    expect(tweet.text).toBe('Hello Ladies + Gentlemen, a signed OAuth request! #peony');
    expect(tweet.created_at).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \+0000 \d{4}$/);
    expect(tweet.user.screen_name).toBe('XDevelopers');
    expect(tweet.entities.hashtags).toEqual([{ text: 'peony', indices: [50, 56] }]);

    const shown = await call<V1Tweet>(sb.url, 'GET', '/1.1/statuses/show.json', {
      query: { id: tweet.id_str },
      auth,
    });
    expect(shown.status).toBe(200);
    expect(shown.body.id_str).toBe(tweet.id_str);
    expect(shown.body.text).toBe(tweet.text);
  });

  it('refuses a duplicate status with 403 code 187', async () => {
    expect((await post({ status: 'same words twice' })).status).toBe(200);
    const again = await post({ status: 'same words twice' });
    expect(again.status).toBe(403);
    expect(again.body.errors[0]?.code).toBe(187);
  });

  it('refuses a status over 280 characters with 403 code 186, counting URLs as 23', async () => {
    const tooLong = await post({ status: 'x'.repeat(281) });
    expect(tooLong.status).toBe(403);
    expect(tooLong.body.errors[0]?.code).toBe(186);
    const url = `https://example.com/${'a'.repeat(100)}`;
    const withUrl = await post({ status: `${'y'.repeat(256)} ${url}` });
    expect(withUrl.status).toBe(200);
  });

  it('answers a missing status with 403 code 38', async () => {
    const missing = await post({});
    expect(missing.status).toBe(403);
    expect(missing.body.errors[0]?.code).toBe(38);
  });

  it('answers an unknown media id with 400 code 325', async () => {
    const unknown = await post({ status: 'with media', media_ids: '1234567890' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]?.code).toBe(325);
  });

  it('links a reply that mentions the author, and refuses a reply to a missing tweet (385)', async () => {
    const parent = await post({ status: 'parent tweet' });
    const reply = await post({ status: '@XDevelopers a reply', in_reply_to_status_id: parent.body.id_str });
    expect(reply.body.in_reply_to_status_id_str).toBe(parent.body.id_str);
    expect(reply.text).toContain(`"in_reply_to_status_id":${parent.body.id_str},`);
    const orphan = await post({ status: '@XDevelopers lost', in_reply_to_status_id: '42' });
    expect(orphan.status).toBe(403);
    expect(orphan.body.errors[0]?.code).toBe(385);
  });
});

describe('quotes and tweet_mode', () => {
  it('quotes through attachment_url and refuses a bad one with code 44', async () => {
    const original = await post({ status: 'worth quoting' });
    const quote = await post({
      status: 'so true',
      attachment_url: `https://x.com/XDevelopers/status/${original.body.id_str}`,
    });
    expect(quote.status).toBe(200);
    expect(quote.body).toMatchObject({
      is_quote_status: true,
      quoted_status_id_str: original.body.id_str,
      quoted_status: { id_str: original.body.id_str, text: 'worth quoting' },
    });
    const bad = await post({ status: 'nope', attachment_url: 'https://example.com/status/1' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.code).toBe(44);
  });

  it('answers tweet_mode=extended with full_text and display_text_range', async () => {
    const posted = await post({ status: 'extended mode ✓' });
    const shown = await call<Record<string, unknown>>(sb.url, 'GET', '/1.1/statuses/show.json', {
      query: { id: posted.body.id_str, tweet_mode: 'extended' },
      auth,
    });
    expect(shown.body['full_text']).toBe('extended mode ✓');
    expect(shown.body['display_text_range']).toEqual([0, 15]);
    expect(shown.body).not.toHaveProperty('text');
  });
});

describe('GET show / POST destroy', () => {
  it('answers an unknown id with 404 code 144, before and after a destroy', async () => {
    const missing = await call<V1Errors>(sb.url, 'GET', '/1.1/statuses/show.json', {
      query: { id: '20' },
      auth,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]?.code).toBe(144);

    const posted = await post({ status: 'soon gone' });
    const destroyed = await call<V1Tweet>(
      sb.url,
      'POST',
      `/1.1/statuses/destroy/${posted.body.id_str}.json`,
      {
        auth,
        form: {},
      },
    );
    expect(destroyed.status).toBe(200);
    expect(destroyed.body.id_str).toBe(posted.body.id_str);
    const gone = await call<V1Errors>(sb.url, 'GET', '/1.1/statuses/show.json', {
      query: { id: posted.body.id_str },
      auth,
    });
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0]?.code).toBe(144);
    const again = await call<V1Errors>(sb.url, 'POST', `/1.1/statuses/destroy/${posted.body.id_str}.json`, {
      auth,
      form: {},
    });
    expect(again.body.errors[0]?.code).toBe(144);
  });

  it('refuses to destroy another user’s status', async () => {
    const other = sb.createUser({ screenName: 'someone_else' });
    const otherAuth: Auth = {
      user: { ...sb.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret },
    };
    const theirs = await call<V1Tweet>(sb.url, 'POST', '/1.1/statuses/update.json', {
      form: { status: 'mine only' },
      auth: otherAuth,
    });
    expect(theirs.status).toBe(200);
    const attempt = await call<V1Errors>(sb.url, 'POST', `/1.1/statuses/destroy/${theirs.body.id_str}.json`, {
      auth,
      form: {},
    });
    expect(attempt.status).toBe(403);
  });
});
