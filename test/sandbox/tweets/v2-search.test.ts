import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from './signed-client.js';

let sb: Sandbox;
let bearer: Auth;
const idsByText = new Map<string, string>();

interface SearchPage {
  data?: { id: string; text: string }[];
  meta: { result_count: number; next_token?: string; previous_token?: string; newest_id?: string };
}

beforeAll(async () => {
  sb = await startSandbox();
  bearer = { bearer: sb.credentials.bearerToken };
  const other = sb.createUser({ screenName: 'cat_person' });
  const otherAuth: Auth = {
    user: { ...sb.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret },
  };
  const posts: [string, Auth][] = [
    ['my cat sleeps all day', { user: sb.credentials }],
    ['the dog and the cat', { user: sb.credentials }],
    ['a happy dog', { user: sb.credentials }],
    ['cats are not cat food', otherAuth],
    ['sleeps all day long, my dog', otherAuth],
    ['#cat pictures here', otherAuth],
  ];
  for (const [text, as] of posts) {
    const created = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      json: { text },
      auth: as,
    });
    idsByText.set(text, created.body.data.id);
  }
});
afterAll(() => sb.close());

const search = async (query: string) => {
  const response = await call<SearchPage>(sb.url, 'GET', '/2/tweets/search/recent', {
    query: { query },
    auth: bearer,
  });
  expect(response.status).toBe(200);
  return (response.body.data ?? []).map((tweet) => tweet.text);
};

describe('GET /2/tweets/search/recent', () => {
  it('matches words, phrases, from:, negation, OR and groups, newest first', async () => {
    expect(await search('cat')).toEqual([
      '#cat pictures here',
      'cats are not cat food',
      'the dog and the cat',
      'my cat sleeps all day',
    ]);
    expect(await search('"sleeps all day"')).toEqual([
      'sleeps all day long, my dog',
      'my cat sleeps all day',
    ]);
    expect(await search('cat from:cat_person')).toEqual(['#cat pictures here', 'cats are not cat food']);
    expect(await search('dog -cat')).toEqual(['sleeps all day long, my dog', 'a happy dog']);
    expect(await search('happy OR food')).toEqual(['cats are not cat food', 'a happy dog']);
    expect(await search('(happy OR food) from:XDevelopers')).toEqual(['a happy dog']);
    expect(await search('#cat')).toEqual(['#cat pictures here']);
    expect(await search('zebra')).toEqual([]);
  });

  it('pages with next_token to the end', async () => {
    for (let index = 0; index < 14; index++) {
      await call(sb.url, 'POST', '/2/tweets', {
        json: { text: `paging needle ${index}` },
        auth: { user: sb.credentials },
      });
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const response = await call<SearchPage>(sb.url, 'GET', '/2/tweets/search/recent', {
        query: { query: 'needle', max_results: 10, ...(token ? { next_token: token } : {}) },
        auth: bearer,
      });
      seen.push(...(response.body.data ?? []).map((tweet) => tweet.text));
      expect(response.body.meta.previous_token).toBeUndefined();
      token = response.body.meta.next_token;
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(seen).toEqual(Array.from({ length: 14 }, (_, index) => `paging needle ${13 - index}`));
  });

  it('forgets tweets older than seven days', async () => {
    sb.clock.advance(8 * 24 * 60 * 60 * 1000);
    expect(await search('cat')).toEqual([]);
    sb.clock.advance(-8 * 24 * 60 * 60 * 1000);
  });

  it('rejects empty, malformed and operator-only queries with invalid-request', async () => {
    for (const query of ['', '(cat', 'has:media', 'foo:bar', 'cat OR']) {
      const response = await call<{ type: string }>(sb.url, 'GET', '/2/tweets/search/recent', {
        query: { query },
        auth: bearer,
      });
      expect(response.status, query).toBe(400);
      expect(response.body.type).toBe('https://api.x.com/2/problems/invalid-request');
    }
  });
});
