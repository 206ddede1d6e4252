// X's invalid-request answers for parameters the document constrains (openapi/x-openapi-2.167.json): list
// sizes and items, string lengths, booleans, date-times, integer path parameters, and JSON bodies whose
// anyOf branches fail, each reported once in X's `{ message, parameters }` wording.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

interface Problem {
  type: string;
  errors?: { message: string; parameters: Record<string, string[]> }[];
}

let sb: Sandbox;
let user: Auth;
let bearer: Auth;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  user = { user: sb.credentials };
  bearer = { bearer: sb.credentials.bearerToken };
});
afterAll(() => sb.close());

async function refused(method: string, path: string, auth: Auth, json?: unknown) {
  const answer = await call<Problem>(sb.url, method, path, { auth, ...(json !== undefined ? { json } : {}) });
  expect(answer.status).toBe(400);
  expect(answer.body.type).toBe('https://api.x.com/2/problems/invalid-request');
  return answer.body.errors ?? [];
}

describe('query and path parameters', () => {
  const many = Array.from({ length: 101 }, (_, i) => `u${i}`).join(',');
  it.each([
    ['/2/users/by?usernames=', { usernames: [''] }, 'The `usernames` query parameter can not be empty'],
    [
      '/2/users/by?usernames=a,,b',
      { usernames: ['a,,b'] },
      'The `usernames` query parameter can not be empty',
    ],
    [
      `/2/users/by?usernames=${many}`,
      { usernames: [many] },
      'The number of values in the `usernames` query parameter list [101] is not between 1 and 100',
    ],
    [
      '/2/users/by?usernames=ok,bad-name',
      { usernames: ['bad-name'] },
      'The `usernames` query parameter value [bad-name] does not match ^[A-Za-z0-9_]{1,15}$',
    ],
    [
      '/2/spaces?ids=abc!',
      { ids: ['abc!'] },
      'The `ids` query parameter value [abc!] does not match ^[a-zA-Z0-9]{1,13}$',
    ],
    [
      '/2/users/2244994945/followers?pagination_token=short',
      { pagination_token: ['short'] },
      'The `pagination_token` query parameter value [short] is not between 16 and unlimited characters long',
    ],
    [
      '/2/tweets/search/stream/rules?pagination_token=abc',
      { pagination_token: ['abc'] },
      'The `pagination_token` query parameter value [abc] is not between 16 and 16 characters long',
    ],
    [
      '/2/users/2244994945/followers?pagination_token=',
      { pagination_token: [''] },
      'The `pagination_token` query parameter can not be empty',
    ],
    ['/2/tweets/search/recent?query=', { query: [''] }, 'The `query` query parameter can not be empty'],
    [
      '/2/tweets/search/recent?query=x&start_time=2020-13-45T00:00:00Z',
      { start_time: ['2020-13-45T00:00:00Z'] },
      'The `start_time` query parameter value [2020-13-45T00:00:00Z] is not a valid RFC 3339 date-time',
    ],
    [
      '/2/tweets/search/recent?query=x&end_time=yesterday',
      { end_time: ['yesterday'] },
      'The `end_time` query parameter value [yesterday] is not a valid RFC 3339 date-time',
    ],
    [
      '/2/trends/by/woeid/abc',
      { woeid: ['abc'] },
      // The document gives woeid no bounds, so the answer names the int32 range, in X's wording.
      'The `woeid` query parameter value [abc] is not between -2147483648 and 2147483647',
    ],
    [
      '/2/users/2244994945/tweets?exclude=replies,nope',
      { exclude: ['nope'] },
      'The `exclude` query parameter value [nope] is not one of [replies,retweets]',
    ],
  ])('GET %s is refused', async (path, parameters, message) => {
    expect(await refused('GET', path, bearer)).toEqual([{ parameters, message }]);
  });

  it('a boolean parameter takes only true or false', async () => {
    const errors = await refused('POST', '/2/tweets/search/stream/rules?dry_run=maybe', bearer, {
      add: [{ value: 'cats' }],
    });
    expect(errors).toEqual([
      {
        parameters: { dry_run: ['maybe'] },
        message: 'The `dry_run` query parameter value [maybe] is not one of [true,false]',
      },
    ]);
    const dry = await call(sb.url, 'POST', '/2/tweets/search/stream/rules?dry_run=true', {
      auth: bearer,
      json: { add: [{ value: 'cats' }] },
    });
    expect(dry.status).toBe(200);
  });

  it('reads the first of a repeated parameter, and lets OAuth 1.0a query parameters through', async () => {
    const first = await call(sb.url, 'GET', '/2/users/by?usernames=XDevelopers&usernames=bad-name', {
      auth: bearer,
    });
    expect(first.status).toBe(200);
    const oauth = await call(sb.url, 'GET', '/2/users/me', { query: { oauth_extra: 'x' }, auth: user });
    expect(oauth.status).toBe(200);
  });
});

describe('JSON bodies', () => {
  it('reports a failing anyOf once per distinct problem, without the anyOf summary', async () => {
    const errors = await refused('POST', '/2/media/upload', user, {
      media: 5,
      media_category: 'tweet_image',
    });
    expect(errors).toEqual([{ parameters: {}, message: '$.media: must be string' }]);
  });

  it('names each missing alternative of a DM body that has neither text nor attachments', async () => {
    const errors = await refused('POST', '/2/dm_conversations/with/783214/messages', user, {});
    expect(errors.map((error) => error.message)).toEqual([
      '$.text: is missing but it is required',
      '$.attachments: is missing but it is required',
    ]);
  });

  it('ignores a JSON body sent to an operation that declares none', async () => {
    const posted = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      auth: user,
      json: { text: 'delete me with a body' },
    });
    const deleted = await call(sb.url, 'DELETE', `/2/tweets/${posted.body.data.id}`, {
      auth: user,
      json: { anything: true },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { deleted: true } });
  });
});
