// Answers the sandbox never gives (ids and cursors that a double would change, broken or looping pages),
// from a scripted server on port 0.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { V1_API, V2_API } from '../../src/api/endpoint.js';
import { PeonyClient } from '../../src/index.js';
import { followerIds, PaginationError, paginate, userTimeline } from '../../src/paginate/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let client: PeonyClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new PeonyClient({
    baseUrl: server.url,
    bearerToken: 'test-bearer',
    retry: false,
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => server.reset());

/** JSON written by hand, so that numbers keep digits JSON.stringify of a JS number could not. */
const rawJson = (text: string) => ({ headers: { 'content-type': 'application/json' }, text });

describe('exact ids and cursors', () => {
  it('sends next_cursor_str as is, even where next_cursor would round (2^53 + 1)', async () => {
    server.replies.push(
      rawJson(
        '{"ids":["1","2"],"next_cursor":9007199254740993,"next_cursor_str":"9007199254740993","previous_cursor":0,"previous_cursor_str":"0"}',
      ),
      rawJson(
        '{"ids":["3"],"next_cursor":0,"next_cursor_str":"0","previous_cursor":-9007199254740993,"previous_cursor_str":"-9007199254740993"}',
      ),
    );
    expect(await followerIds(client).toArray({ limit: 10 })).toEqual(['1', '2', '3']);
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual(['-1', '9007199254740993']);
  });

  it('asks below the lowest id_str minus one, in exact arithmetic', async () => {
    server.replies.push(
      rawJson(
        '[{"id":1234567890123456800,"id_str":"1234567890123456789"},{"id":1234567890123456800,"id_str":"1234567890123456788"}]',
      ),
      rawJson('[{"id":1234567890123456800,"id_str":"1234567890123456700"}]'),
      rawJson('[]'),
    );
    const statuses = await userTimeline(client, { count: 2 }).toArray({ limit: 10 });
    expect(statuses.map((s) => s.id_str)).toEqual([
      '1234567890123456789',
      '1234567890123456788',
      '1234567890123456700',
    ]);
    expect(server.requests.map((r) => r.query.get('max_id'))).toEqual([
      null,
      '1234567890123456787',
      '1234567890123456699',
    ]);
  });

  it('refuses a cursor that only comes as a rounded number', async () => {
    server.replies.push(rawJson('{"ids":["1"],"next_cursor":9007199254740993}'));
    await expect(followerIds(client).toArray({ limit: 10 })).rejects.toThrow(/next_cursor_str/);
  });
});

describe('pages that cannot be followed', () => {
  it('stops with an error when X sends the same token again, instead of looping', async () => {
    server.handler = () => ({ json: { data: [{ id: '1', text: 'again' }], meta: { next_token: 'same' } } });
    const walk = paginate(client, { subApi: V2_API, segments: ['users', '1', 'followers'] }).toArray({
      limit: 1000,
    });
    await expect(walk).rejects.toThrow(PaginationError);
    expect(server.requests).toHaveLength(2);
  });

  it('says so when an endpoint answers with one object, not a list', async () => {
    server.replies.push({ json: { data: { id: '1', text: 'one' } } });
    await expect(
      paginate(client, { subApi: V2_API, segments: ['tweets', '1'] }).toArray({ limit: 10 }),
    ).rejects.toThrow(/get\(\)/);
  });

  it('says so when a v1.1 list has no items array', async () => {
    server.replies.push({ json: { next_cursor_str: '0' } });
    await expect(
      paginate(client, { subApi: V1_API, segments: ['blocks', 'list'] }).toArray({ limit: 10 }),
    ).rejects.toThrow(PaginationError);
  });

  it('ends a v2 walk at an empty last page (meta only)', async () => {
    server.replies.push(
      { json: { data: [{ id: '2', text: 'b' }], meta: { result_count: 1, next_token: 't1' } } },
      { json: { meta: { result_count: 0 } } },
    );
    const items = await paginate(client, {
      subApi: V2_API,
      segments: ['users', '1', 'liked_tweets'],
    }).toArray({
      limit: 10,
    });
    expect(items).toEqual([{ id: '2', text: 'b' }]);
    expect(server.requests[1]?.query.get('pagination_token')).toBe('t1');
  });

  it('refuses an unknown strategy name and a sub-API it cannot place', () => {
    expect(() =>
      // @ts-expect-error: not a strategy.
      paginate(client, { subApi: V2_API, segments: ['users'], strategy: 'offset' }),
    ).toThrow(/strategy/);
    expect(() => paginate(client, { subApi: { ...V2_API, version: '12' }, segments: ['accounts'] })).toThrow(
      /strategy/,
    );
  });
});
