// How each pagination strategy reads the pages X may send at its edges (wrong shapes, ids only as numbers,
// errors without items), walked through the client against a scripted server on port 0.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { V1_API, V2_API } from '../../src/api/endpoint.js';
import { PeonyClient } from '../../src/index.js';
import {
  PaginationError,
  type PaginationStrategy,
  paginate,
  type StrategyName,
  sinceIdPoller,
  tokenStrategy,
  userTimeline,
} from '../../src/paginate/index.js';
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

const rawJson = (text: string) => ({ headers: { 'content-type': 'application/json' }, text });

const v2List = (segments: string[], strategy?: StrategyName) =>
  paginate(client, { subApi: V2_API, segments, ...(strategy ? { strategy } : {}) });
const v1List = (segments: string[], params = {}) => paginate(client, { subApi: V1_API, segments, params });

describe('v2 token pages', () => {
  it.each([
    ['[]', /answers with an object; X sent an array/],
    ['"busy"', /X sent a string/],
  ])('names the shape of a body that is not an object (%s)', async (text, message) => {
    server.replies.push(rawJson(text));
    const failure = await v2List(['users', '1', 'followers'])
      .toArray({ limit: 10 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaginationError);
    expect((failure as PaginationError).message).toMatch(message);
  });

  it.each([
    [
      { detail: 'Could not find user with id: [9].', title: 'Not Found Error' },
      'Could not find user with id: [9].',
    ],
    [{ title: 'Not Found Error' }, 'Not Found Error'],
    [{ type: 'about:blank' }, 'unknown error'],
  ])('fails a 200 holding only errors with the first one (%j)', async (error, shown) => {
    server.replies.push({ json: { errors: [error, { title: 'second' }] } });
    const failure = await v2List(['users', '9', 'followers'])
      .toArray({ limit: 10 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PaginationError);
    expect((failure as PaginationError).message).toBe(
      `X answered the list request with errors and no items: ${shown}`,
    );
  });

  it('reads a page without meta as the last one and keeps its includes and partial errors', async () => {
    const errors = [{ title: 'Authorization Error', detail: 'A tweet is protected.' }];
    server.replies.push({
      json: { data: [{ id: '7', text: 'seven' }], includes: { users: [{ id: '1' }] }, errors, meta: 'odd' },
    });
    const pages = [];
    for await (const page of v2List(['users', '1', 'liked_tweets']).pages()) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.data).toEqual([{ id: '7', text: 'seven' }]);
    expect(pages[0]?.meta).toEqual({});
    expect(pages[0]?.includes).toEqual({ users: [{ id: '1' }] });
    expect(pages[0]?.errors).toEqual(errors);
    expect(pages[0]?.next).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('polls past items that carry no usable id instead of counting them', async () => {
    const items = ['not an object', { id: 12 }, { id: 'abc' }, { id: '40', text: 'ok' }];
    server.handler = () => ({ json: { data: items, meta: { result_count: items.length } } });
    const poller = sinceIdPoller(client, { subApi: V2_API, segments: ['users', '1', 'tweets'] });
    const first = await poller.poll();
    expect(first.items).toEqual([{ id: '40', text: 'ok' }]);
    expect(first.newestId).toBe('40');
  });

  it('sends the token back as the named parameter (pagination_token or next_token)', async () => {
    for (const name of ['pagination_token', 'next_token'] as const) {
      server.replies.push(
        { json: { data: [{ id: '1' }], meta: { next_token: 'tk' } } },
        { json: { data: [] } },
      );
      await v2List(['users', '1', 'blocking'], name).toArray({ limit: 10 });
      expect(server.requests.at(-1)?.query.get(name)).toBe('tk');
    }
  });
});

describe('a strategy read directly', () => {
  // The transport refuses a null body before any strategy sees it; a strategy used on its own still names it.
  it('names a null body', () => {
    expect(() => tokenStrategy('next_token').read(null, {})).toThrow(
      'A v2 list answers with an object; X sent null.',
    );
  });
});

describe('v1.1 cursor pages', () => {
  it('names the shape of a body that is not an object', async () => {
    server.replies.push(rawJson('[1,2]'));
    await expect(v1List(['followers', 'ids']).toArray({ limit: 10 })).rejects.toThrow(
      'A v1.1 cursored list answers with an object; X sent an array.',
    );
  });

  it('says which arrays it looked for in an empty object', async () => {
    server.replies.push({ json: {} });
    await expect(v1List(['blocks', 'list']).toArray({ limit: 10 })).rejects.toThrow(
      'Found no ids/users/lists/events array in the page: X sent an empty object.',
    );
  });

  it('refuses a page without next_cursor, which cannot be followed', async () => {
    server.replies.push({ json: { users: [{ id_str: '1' }] } });
    await expect(v1List(['blocks', 'list']).toArray({ limit: 10 })).rejects.toThrow(
      'The page has no next_cursor, so it cannot be followed.',
    );
  });

  it('follows a cursor sent only as a number a double holds exactly', async () => {
    server.replies.push(
      { json: { users: [{ id_str: '1' }], next_cursor: 1234, previous_cursor: 0 } },
      { json: { users: [{ id_str: '2' }], next_cursor: 0, previous_cursor: -1234 } },
    );
    const pages = [];
    for await (const page of paginate(client, {
      subApi: V1_API,
      segments: ['blocks', 'list'],
      strategy: 'cursor',
    }).pages())
      pages.push(page);
    expect(pages.map((p) => p.meta)).toEqual([
      { next_cursor: '1234', previous_cursor: '0' },
      { next_cursor: '0', previous_cursor: '-1234' },
    ]);
    expect(server.requests.map((r) => r.query.get('cursor'))).toEqual(['-1', '1234']);
  });
});

describe('v1.1 max_id timelines', () => {
  it.each([
    ['favorites', 'list'],
    ['search', 'tweets'],
    ['lists', 'statuses'],
  ])('walks /1.1/%s/%s by max_id, reading search results under statuses', async (first, second) => {
    const page = [{ id_str: '30' }, { id_str: '20' }];
    server.replies.push(
      { json: first === 'search' ? { statuses: page, search_metadata: {} } : page },
      { json: first === 'search' ? { statuses: [] } : [] },
    );
    const items = await v1List([first, second]).toArray({ limit: 10 });
    expect(items).toEqual(page);
    expect(server.requests.map((r) => r.query.get('max_id'))).toEqual([null, '19']);
  });

  it('names the shape of a body that is neither an array nor holds statuses', async () => {
    for (const [text, shown] of [
      ['{"statuses":{}}', 'an object with statuses'],
      ['7', 'a number'],
    ] as const) {
      server.replies.push(rawJson(text));
      await expect(userTimeline(client, { user_id: '1' }).toArray({ limit: 10 })).rejects.toThrow(
        `A v1.1 timeline answers with an array of statuses; X sent ${shown}.`,
      );
    }
  });

  it('reads ids sent only as safe numbers, and refuses an item without a usable id', async () => {
    server.replies.push({ json: [{ id: 50 }, { id_str: '45' }] }, { json: [] });
    expect(await userTimeline(client, { user_id: '1' }).toArray({ limit: 10 })).toEqual([
      { id: 50 },
      { id_str: '45' },
    ]);
    expect(server.requests.at(-1)?.query.get('max_id')).toBe('44');

    for (const item of ['"text"', '{"id":-3}', '{"id":1.5}', '{"id_str":"x"}']) {
      server.replies.push(rawJson(`[${item}]`));
      await expect(userTimeline(client, { user_id: '1' }).toArray({ limit: 10 })).rejects.toThrow(
        'A timeline item has no id_str, so the walk cannot continue below it.',
      );
    }
  });

  it('stops at since_id given as a number or a bigint, and ignores one that is not an id', async () => {
    for (const since_id of [40, 40n]) {
      server.requests.length = 0;
      server.replies.push({ json: [{ id_str: '45' }, { id_str: '41' }] });
      const walk = paginate(client, {
        subApi: V1_API,
        segments: ['statuses', 'user_timeline'],
        params: { since_id },
      });
      expect(await walk.toArray({ limit: 10 })).toHaveLength(2);
      expect(server.requests).toHaveLength(1);
    }
    for (const since_id of [-1, 2.5]) {
      server.requests.length = 0;
      server.replies.push({ json: [{ id_str: '45' }] }, { json: [] });
      const walk = paginate(client, {
        subApi: V1_API,
        segments: ['statuses', 'user_timeline'],
        params: { since_id },
      });
      await walk.toArray({ limit: 10 });
      expect(server.requests.map((r) => r.query.get('max_id'))).toEqual([null, '44']);
    }
  });
});

describe('choosing a strategy by name', () => {
  it('takes max_id by name for an endpoint it would page otherwise', async () => {
    server.replies.push({ json: [{ id_str: '9' }] }, { json: [] });
    const strategyName: StrategyName = 'max_id';
    await paginate(client, { subApi: V1_API, segments: ['custom', 'list'], strategy: strategyName }).toArray({
      limit: 10,
    });
    expect(server.requests.map((r) => r.query.get('max_id'))).toEqual([null, '8']);
  });

  it('refuses to poll a strategy whose items have no ordered ids', () => {
    const cursorOnly: PaginationStrategy = {
      name: 'offset',
      first: (params) => params,
      read: () => ({ data: [], meta: {}, includes: undefined, errors: undefined, next: undefined }),
    };
    expect(() =>
      sinceIdPoller(client, { subApi: V1_API, segments: ['blocks', 'list'], strategy: cursorOnly }),
    ).toThrow('The offset strategy has no ordered item ids, so its list cannot be polled with since_id.');
  });
});
