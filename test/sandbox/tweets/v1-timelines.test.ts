import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from './signed-client.js';

let sb: Sandbox;
let auth: Auth;
let bearer: Auth;
/** Ids of the default user's tweets, oldest first. */
const posted: string[] = [];

interface IdsPage {
  ids: (number | string)[];
  next_cursor_str: string;
  previous_cursor_str: string;
  next_cursor: number;
}

beforeAll(async () => {
  sb = await startSandbox();
  auth = { user: sb.credentials };
  bearer = { bearer: sb.credentials.bearerToken };
  for (let index = 0; index < 12; index++) {
    const response = await call<{ id_str: string }>(sb.url, 'POST', '/1.1/statuses/update.json', {
      form: { status: `timeline tweet ${index}` },
      auth,
    });
    posted.push(response.body.id_str);
  }
});
afterAll(() => sb.close());

const timeline = async (path: string, query: Record<string, string | number>, as: Auth = auth) => {
  const response = await call<{ id_str: string }[]>(sb.url, 'GET', path, { query, auth: as });
  expect(response.status).toBe(200);
  return response.body.map((tweet) => tweet.id_str);
};

describe('v1.1 timelines', () => {
  it('lists newest first with count, since_id exclusive and max_id inclusive', async () => {
    const newestFirst = [...posted].reverse();
    expect(await timeline('/1.1/statuses/user_timeline.json', { count: 5 })).toEqual(newestFirst.slice(0, 5));
    expect(await timeline('/1.1/statuses/user_timeline.json', { since_id: posted[8]! })).toEqual(
      newestFirst.slice(0, 3),
    );
    expect(await timeline('/1.1/statuses/user_timeline.json', { max_id: posted[4]!, count: 2 })).toEqual([
      posted[4],
      posted[3],
    ]);
    expect(
      await timeline('/1.1/statuses/user_timeline.json', { since_id: posted[2]!, max_id: posted[5]! }),
    ).toEqual([posted[5], posted[4], posted[3]]);
  });

  it('walks a whole timeline with max_id = lowest seen - 1 and no repeats', async () => {
    const seen: string[] = [];
    let maxId: string | undefined;
    for (let page = 0; page < 10; page++) {
      const ids = await timeline('/1.1/statuses/user_timeline.json', {
        count: 5,
        ...(maxId ? { max_id: maxId } : {}),
      });
      if (ids.length === 0) break;
      seen.push(...ids);
      maxId = (BigInt(ids[ids.length - 1]!) - 1n).toString();
    }
    expect(seen).toEqual([...posted].reverse());
  });

  it('serves user_timeline by screen_name with an app-only bearer, and 404 code 50 for a stranger', async () => {
    expect(
      await timeline('/1.1/statuses/user_timeline.json', { screen_name: 'XDevelopers', count: 1 }, bearer),
    ).toEqual([posted[11]]);
    const unknown = await call<{ errors: { code: number }[] }>(
      sb.url,
      'GET',
      '/1.1/statuses/user_timeline.json',
      {
        query: { screen_name: 'nobody_here' },
        auth,
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]?.code).toBe(50);
  });

  it('caps count at 200 and shows friends’ tweets on the home timeline', async () => {
    const friendId = [...sb.user.friends][0]!;
    const friend = sb.users.get(friendId)!;
    const friendUser = sb.createUser({ screenName: 'friend_poster' });
    // Make the default user follow a user whose token we hold.
    sb.context.store.follow(sb.user.id, friendUser.user.id);
    const friendAuth: Auth = {
      user: {
        ...sb.credentials,
        accessToken: friendUser.accessToken,
        accessTokenSecret: friendUser.accessTokenSecret,
      },
    };
    const theirs = await call<{ id_str: string }>(sb.url, 'POST', '/1.1/statuses/update.json', {
      form: { status: `hello from a friend of ${friend.screen_name}` },
      auth: friendAuth,
    });
    const home = await timeline('/1.1/statuses/home_timeline.json', { count: 500 });
    expect(home[0]).toBe(theirs.body.id_str);
    expect(home).toEqual(expect.arrayContaining(posted));
    expect(await timeline('/1.1/statuses/user_timeline.json', { count: 500 })).not.toContain(
      theirs.body.id_str,
    );
  });
});

describe('v1.1 followers/ids and friends/ids', () => {
  for (const relation of ['followers', 'friends'] as const) {
    it(`walks ${relation}/ids with cursors until next_cursor is 0, without repeats`, async () => {
      const seen: string[] = [];
      let cursor = '-1';
      let pages = 0;
      let first: IdsPage | undefined;
      while (cursor !== '0') {
        const response = await call<IdsPage>(sb.url, 'GET', `/1.1/${relation}/ids.json`, {
          query: { cursor, count: 5, stringify_ids: 'true' },
          auth,
        });
        expect(response.status).toBe(200);
        first ??= response.body;
        seen.push(...response.body.ids.map(String));
        cursor = response.body.next_cursor_str;
        pages++;
        expect(pages).toBeLessThan(20);
      }
      const expected = [...sb.user[relation]].reverse();
      expect(seen).toEqual(expected);
      expect(pages).toBeGreaterThan(2);
      expect(first?.previous_cursor_str).toBe('0');
    });
  }

  it('writes cursors digit for digit and steps back with previous_cursor', async () => {
    const first = await call<IdsPage>(sb.url, 'GET', '/1.1/followers/ids.json', {
      query: { count: 5 },
      auth,
    });
    expect(first.text).toContain(`"next_cursor":${first.body.next_cursor_str},`);
    expect(typeof first.body.ids[0]).toBe('number');
    const second = await call<IdsPage>(sb.url, 'GET', '/1.1/followers/ids.json', {
      query: { count: 5, cursor: first.body.next_cursor_str },
      auth,
    });
    const back = await call<IdsPage>(sb.url, 'GET', '/1.1/followers/ids.json', {
      query: { count: 5, cursor: second.body.previous_cursor_str },
      auth,
    });
    expect(back.body.ids).toEqual(first.body.ids);
  });
});
