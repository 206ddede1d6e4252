// How a request is built at its edges: URLs of other sub-APIs, Blob parameters in a multipart body, and the
// InvalidRequestError a caller gets for parameters or options that cannot make a request (nothing is sent).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { V1_API, V2_API } from '../../src/api/endpoint.js';
import { InvalidRequestError, PeonyClient, TimeoutError } from '../../src/index.js';
import { paginate } from '../../src/paginate/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let client: PeonyClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new PeonyClient({ baseUrl: server.url, bearerToken: 'test-bearer', retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => server.reset());

/** The InvalidRequestError thrown at the call, with nothing sent. */
function refusal(call: () => unknown): InvalidRequestError {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidRequestError);
  expect(server.requests).toHaveLength(0);
  return thrown as InvalidRequestError;
}

describe('URLs', () => {
  it('leaves out the version of a sub-API that has none, and the suffix of an empty path', async () => {
    await client.sub('upload', { version: '', suffix: '.json' }).media('status').get({ media_id: '5' });
    await client.sub('api', { version: '1.1', suffix: '.json' }).get();
    expect(server.requests.map((r) => r.url)).toEqual(['/media/status.json?media_id=5', '/1.1/']);
  });

  it('refuses a path segment that is not a string, number or bigint', () => {
    expect(refusal(() => client.v2.users(null as never)).message).toBe(
      'A path segment must be a string, number or bigint, not null.',
    );
    expect(refusal(() => client.v2.users(Number.NaN)).message).toBe(
      'A path segment must be a string, number or bigint, not number.',
    );
  });
});

describe('parameters and options', () => {
  it.each([
    [[], 'an array'],
    [null, 'null'],
    ['max_results=10', 'string'],
  ])('refuses parameters that are not an object (%j)', (params, shown) => {
    expect(refusal(() => client.request(V2_API, ['tweets'], 'GET', params as never)).message).toBe(
      `Parameters must be an object such as { max_results: 10 }; got ${shown}.`,
    );
  });

  it('refuses parameters that are not an object when paging too', () => {
    expect(
      refusal(() =>
        paginate(client, { subApi: V2_API, segments: ['users', '1', 'followers'], params: [] as never }),
      ).message,
    ).toMatch(/^Parameters must be an object/);
  });

  it.each([
    [null, 'null'],
    ['fast', 'string'],
  ])('refuses request options that are not an object (%j)', (options, shown) => {
    expect(refusal(() => client.request(V2_API, ['tweets'], 'GET', {}, options as never)).message).toBe(
      `Request options must be an object; got ${shown}.`,
    );
  });

  it('refuses json and form together', () => {
    expect(refusal(() => client.v2.tweets.post({ text: 'hi' }, { json: true, form: true })).message).toBe(
      'Pass either { json: true } or { form: true }, not both.',
    );
  });

  it('refuses binary parameters where they would go in a query string', () => {
    expect(
      refusal(() => client.request(V2_API, ['media'], 'GET', { media: new Uint8Array([1, 2, 3]) })).message,
    ).toBe('Binary parameters need a body; they cannot go in a query string.');
    expect(
      refusal(() => client.api.media.upload.post({ media: new Uint8Array([1]) }, { query: true })).message,
    ).toMatch(/cannot go in a query string/);
  });

  it('writes each kind of query value as X reads it, after the query already in the path', async () => {
    await client.request(
      V2_API,
      ['tweets', 'search', 'recent'],
      'GET',
      {
        query: 'a b!',
        max_results: 10,
        since_id: 1234567890123456789n,
        sort: true,
        off: false,
        ids: ['1', 2, 3n],
        skipped: undefined,
        gone: null,
      } as never,
      { query: { 'tweet.fields': 'id' } },
    );
    expect(server.requests[0]?.url).toBe(
      '/2/tweets/search/recent?tweet.fields=id&query=a%20b%21&max_results=10&since_id=1234567890123456789&sort=true&off=false&ids=1%2C2%2C3',
    );
  });

  it.each([
    [{ max_results: Number.NaN }, 'Parameter "max_results" is NaN; pass a finite number.'],
    [{ ids: ['1', null] }, 'Parameter "ids" is null; a query or form parameter must be'],
    [{ nested: { a: 1 } }, 'Parameter "nested" is object; a query or form parameter must be'],
    [{ text: 'cut \uD83D' }, 'Parameter "text" has a lone UTF-16 surrogate at index 4'],
  ])('refuses a parameter value it cannot send (%j)', (params, message) => {
    expect(
      refusal(() => client.request(V1_API, ['statuses', 'update'], 'POST', params as never)).message,
    ).toContain(message);
  });

  it('refuses a lone surrogate in a JSON body, and sends bigints there as strings', async () => {
    expect(refusal(() => client.v2.tweets.post({ text: 'cut \uDE00 here' })).message).toContain(
      'Parameter "text" has a lone UTF-16 surrogate at index 4',
    );
    await client.request(V2_API, ['tweets'], 'POST', {
      text: 'ok',
      quote_tweet_id: 2n ** 63n,
    });
    expect(JSON.parse(server.requests[0]?.text ?? '')).toEqual({
      text: 'ok',
      quote_tweet_id: '9223372036854775808',
    });
  });

  it('sends Blobs as multipart parts, with their type or as octet-stream', async () => {
    await client.request(V1_API, ['media', 'upload'], 'POST', {
      media_category: 'tweet_image',
      typed: new Blob([Uint8Array.of(0x47, 0x49, 0x46)], { type: 'image/gif' }),
      untyped: new Blob([Uint8Array.of(7, 8)]),
    });
    const [request] = server.requests;
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const text = request?.body.toString('latin1') ?? '';
    expect(text).toContain('name="media_category"\r\n\r\ntweet_image\r\n');
    expect(text).toContain('name="typed"; filename="typed"\r\ncontent-type: image/gif\r\n\r\nGIF\r\n');
    expect(text).toContain(
      'name="untyped"; filename="untyped"\r\ncontent-type: application/octet-stream\r\n\r\n\x07\x08\r\n',
    );
  });

  it('ends a request at its totalTimeout', async () => {
    server.handler = () => ({ json: {}, delayMs: 5_000 });
    const error = await client.v2.tweets.get({ ids: ['1'] }, { totalTimeout: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });
});
