import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { endpointUrl, V1_UPLOAD, V2_API } from '../../src/api/endpoint.js';
import { InvalidRequestError, PeonyClient, UnexpectedResponseError } from '../../src/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let client: PeonyClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => server.reset());

const last = () => {
  const request = server.requests.at(-1);
  if (!request) throw new Error('no request reached the server');
  return request;
};

describe('requests are lazy', () => {
  it('sends nothing until awaited, then exactly one request however often it is awaited', async () => {
    const pending = client.v2.users.me.get();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests).toHaveLength(0);
    await pending;
    await pending;
    await pending.withResponse();
    expect(server.requests).toHaveLength(1);
  });
});

describe('paths', () => {
  it('builds v1.1 paths with the .json suffix and v2 paths without', async () => {
    await client.api.statuses.user_timeline.get();
    expect(last().path).toBe('/1.1/statuses/user_timeline.json');
    await client.upload.media.upload.get({ command: 'STATUS', media_id: '1' });
    expect(last().path).toBe('/1.1/media/upload.json');
    await client.v2.users.me.get();
    expect(last().path).toBe('/2/users/me');
  });

  it('takes segments by index and by call, with numbers and bigints', async () => {
    const id = '2244994945';
    await client.v2.users[id]!.tweets.get();
    expect(last().path).toBe('/2/users/2244994945/tweets');
    await client.v2.tweets(12345678901234567890n).get();
    expect(last().path).toBe('/2/tweets/12345678901234567890');
    await client.v2.users(42).tweets.get();
    expect(last().path).toBe('/2/users/42/tweets');
  });

  it('percent-encodes segments so that no value adds a segment, a query or a fragment', async () => {
    await client.v2.users('a/b?c=d#e').get();
    expect(last().url).toBe('/2/users/a%2Fb%3Fc%3Dd%23e');
    expect(() => client.v2.users('..').get()).toThrow(InvalidRequestError);
    expect(() => client.v2.users('').get()).toThrow(InvalidRequestError);
  });

  it('puts the sub-API in place of {api}, and sends every sub-API to a base without it', () => {
    expect(endpointUrl('https://{api}.x.com', V1_UPLOAD, ['media', 'upload']).toString()).toBe(
      'https://upload.x.com/1.1/media/upload.json',
    );
    expect(endpointUrl('http://127.0.0.1:4010/prefix/', V2_API, ['tweets']).toString()).toBe(
      'http://127.0.0.1:4010/prefix/2/tweets',
    );
  });

  it('reaches other sub-APIs and versions through sub()', async () => {
    await client.sub('ads-api', { version: '12' })('accounts').get();
    expect(last().path).toBe('/12/accounts');
  });

  it('awaiting a path node is not a request', async () => {
    const node = client.v2.users;
    expect(await (node as unknown as Promise<unknown>)).toBe(node);
    expect(server.requests).toHaveLength(0);
  });
});

describe('parameter conventions', () => {
  it('sends a v1.1 POST as a form body with lists comma-joined', async () => {
    await client.api.statuses.update.post({ status: 'hi', media_ids: ['1', '2'] });
    expect(last().method).toBe('POST');
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(last().text).toBe('status=hi&media_ids=1%2C2');
  });

  it('turns booleans into "true"/"false", drops null and undefined, and encodes spaces as %20', async () => {
    await client.api.statuses.update.post({
      status: 'a b!*',
      trim_user: true,
      possibly_sensitive: false,
      lat: undefined,
      place_id: null,
    });
    expect(last().text).toBe('status=a%20b%21%2A&trim_user=true&possibly_sensitive=false');
  });

  it('puts GET and DELETE parameters in the query string', async () => {
    await client.v2.tweets('1').get({ 'tweet.fields': ['created_at', 'author_id'], expansions: undefined });
    expect(last().url).toBe('/2/tweets/1?tweet.fields=created_at%2Cauthor_id');
    expect(last().body).toHaveLength(0);
    await client.api.statuses.destroy('9').delete({ trim_user: true });
    expect(last().url).toBe('/1.1/statuses/destroy/9.json?trim_user=true');
  });

  it('sends v2 POST bodies as JSON, keeping types and nesting', async () => {
    await client.v2.tweets.post({ text: 'hello', media: { media_ids: ['1'] }, nullcast: false });
    expect(last().headers['content-type']).toBe('application/json');
    expect(JSON.parse(last().text)).toEqual({ text: 'hello', media: { media_ids: ['1'] }, nullcast: false });
  });

  it('honours query, json and form overrides', async () => {
    await client.upload.media.upload.post({ command: 'INIT', total_bytes: 10 }, { query: true });
    expect(last().url).toBe('/1.1/media/upload.json?command=INIT&total_bytes=10');
    const subtitles = { id: '1', language_code: 'EN', media_category: 'TweetVideo' };
    await client.v2.media.subtitles.delete(subtitles, { json: true });
    expect(last().method).toBe('DELETE');
    expect(JSON.parse(last().text)).toEqual(subtitles);
    await client.v2('oauth2', 'token').post({ grant_type: 'x' }, { form: true, query: { extra: 1 } });
    expect(last().url).toBe('/2/oauth2/token?extra=1');
    expect(last().text).toBe('grant_type=x');
  });

  it('refuses a nested object where a form or query needs flat values', () => {
    expect(() => client.api.statuses.update.post({ status: { nested: 'x' } })).toThrow(/json: true/);
  });

  it('sends binary parameters as multipart/form-data', async () => {
    await client.upload.media.upload.post({
      media: new Uint8Array([1, 2, 3]),
      media_category: 'tweet_image',
    });
    expect(last().headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(last().text).toContain('name="media_category"');
    expect(last().body.includes(Buffer.from([1, 2, 3]))).toBe(true);
  });

  it('sends the user agent, default headers and per-request headers', async () => {
    const custom = new PeonyClient({
      bearerToken: 'test-bearer',
      baseUrl: server.url,
      userAgent: 'my-app/1.0',
      headers: { 'X-Team': 'a' },
    });
    await custom.v2.users.me.get(undefined, { headers: { 'x-request': 'b' } });
    expect(last().headers['user-agent']).toBe('my-app/1.0');
    expect(last().headers['x-team']).toBe('a');
    expect(last().headers['x-request']).toBe('b');
    await custom.close();
  });
});

describe('responses', () => {
  it('resolves to the parsed JSON, and withResponse() adds status, headers and rate limit', async () => {
    const reset = Math.floor(Date.now() / 1000) + 900;
    server.replies.push({
      status: 201,
      json: { data: { id: '1', text: 'hi' } },
      headers: {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '99',
        'x-rate-limit-reset': String(reset),
        'x-app-limit-24hour-limit': '10000',
        'x-app-limit-24hour-remaining': '9999',
        'x-app-limit-24hour-reset': String(reset + 3600),
      },
    });
    const response = await client.v2.tweets.post({ text: 'hi' }).withResponse();
    expect(response.status).toBe(201);
    expect(response.data).toEqual({ data: { id: '1', text: 'hi' } });
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.rateLimit).toMatchObject({ limit: 100, remaining: 99, reset: new Date(reset * 1000) });
    expect(response.rateLimit?.app24h).toEqual({
      limit: 10000,
      remaining: 9999,
      reset: new Date((reset + 3600) * 1000),
    });
  });

  it('gives partial v2 errors to the caller with the data', async () => {
    const body = {
      data: [{ id: '1', text: 'a' }],
      errors: [
        {
          resource_id: '2',
          title: 'Not Found Error',
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    };
    server.replies.push({ json: body });
    expect(await client.v2.tweets.get({ ids: ['1', '2'] })).toEqual(body);
  });

  it('resolves undefined for an empty 204', async () => {
    server.replies.push({ status: 204 });
    expect(await client.upload.media.upload.post({ command: 'APPEND' })).toBeUndefined();
  });

  it('types helpers: tweet, deleteTweet, me, userByUsername, getTweet', async () => {
    server.handler = (req) => {
      if (req.method === 'POST')
        return { status: 201, json: { data: { id: '5', text: JSON.parse(req.text).text } } };
      if (req.method === 'DELETE') return { json: { data: { deleted: true } } };
      if (req.path === '/2/users/me' || req.path.startsWith('/2/users/by/username/')) {
        return { json: { data: { id: '7', name: 'N', username: req.path.split('/').pop() } } };
      }
      return { json: { data: { id: '5', text: 't' }, includes: { users: [] } } };
    };
    const tweet = await client.tweet({ text: 'hey', mediaIds: ['9'], replyTo: '3' });
    expect(tweet).toEqual({ id: '5', text: 'hey' });
    expect(JSON.parse(last().text)).toEqual({
      text: 'hey',
      media: { media_ids: ['9'] },
      reply: { in_reply_to_tweet_id: '3' },
    });
    expect(await client.deleteTweet('5')).toBe(true);
    expect(last().path).toBe('/2/tweets/5');
    expect((await client.me()).id).toBe('7');
    expect((await client.userByUsername('@XDevelopers')).username).toBe('XDevelopers');
    const got = await client.getTweet('5', { tweetFields: ['created_at'], expansions: ['author_id'] });
    expect(got.data.id).toBe('5');
    expect(last().url).toBe('/2/tweets/5?tweet.fields=created_at&expansions=author_id');
    expect(() => client.tweet({})).toThrow(InvalidRequestError);
    expect(() => client.tweet('   ')).toThrow(/not only spaces/);
    expect(() => client.tweet({ text: 'x', mediaIds: ['1', '2', '3', '4', '5'] })).toThrow(
      /at most 4 media ids/,
    );
    // Media alone is a post.
    expect(() => client.tweet({ mediaIds: ['1'] })).not.toThrow();
  });
});

describe('a helper that gets no data', () => {
  it('says what X said when it answers 200 with errors only (an unknown username)', async () => {
    const sandbox = await startSandbox({ port: 0 });
    const user = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
    try {
      const error: unknown = await user.userByUsername('nobody_here').then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      const { message, status } = error as UnexpectedResponseError;
      expect(status).toBe(200);
      expect(message).toContain('Could not find user with username: [nobody_here].');
      expect(message).toContain('"data"');
    } finally {
      await user.close();
      await sandbox.close();
    }
  });
});
