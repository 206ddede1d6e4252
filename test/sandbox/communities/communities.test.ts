// Communities as a bot reads them through twitter-api-v2 (unchanged but for the host): one by id with its
// fields, search with its pages to the end; and who may call which, as X's document says.
import http from 'node:http';
import { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { call } from '../tweets/signed-client.js';

const X_HOSTS = /^https:\/\/(?:api|upload|stream)\.(?:x|twitter)\.com/;

let sb: Sandbox;
let agent: http.Agent;
let me: TwitterApi;
let app: TwitterApi;

beforeAll(async () => {
  sb = await startSandbox();
  agent = new http.Agent({ keepAlive: true });
  me = new TwitterApi(
    {
      appKey: sb.credentials.consumerKey,
      appSecret: sb.credentials.consumerSecret,
      accessToken: sb.credentials.accessToken,
      accessSecret: sb.credentials.accessTokenSecret,
    },
    { httpAgent: agent },
  );
  app = new TwitterApi(sb.credentials.bearerToken, { httpAgent: agent });
  for (const client of [me, app]) {
    // Points every request at the sandbox before the library signs it (as in test/interop).
    const maker = (client as unknown as { _requestMaker: { send(p: { url: string }): Promise<unknown> } })
      ._requestMaker;
    const send = maker.send.bind(maker);
    maker.send = (params) => send({ ...params, url: params.url.replace(X_HOSTS, sb.url) });
  }
});
afterAll(async () => {
  agent?.destroy();
  await sb?.close();
});

describe('communities', () => {
  it('looks one up by id with the fields asked for, and reports an unknown id as a partial error', async () => {
    const [first] = (await me.v2.searchCommunities('X API')).data;
    expect(first).toMatchObject({ name: 'X API Developers' });
    const { data } = await app.v2.community(first?.id ?? '', {
      'community.fields': 'description,access,join_policy,member_count',
    } as never);
    expect(data).toEqual({
      id: first?.id,
      name: 'X API Developers',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      description: 'Building bots, tools and research on the X API.',
      access: 'Public',
      join_policy: 'Open',
      member_count: expect.any(Number),
    });
    const missing = await call<{ errors: { type: string; resource_id: string }[] }>(
      sb.url,
      'GET',
      '/2/communities/1',
      { auth: { bearer: sb.credentials.bearerToken } },
    );
    expect(missing.status).toBe(200);
    expect(missing.body.errors[0]).toMatchObject({
      type: 'https://api.x.com/2/problems/resource-not-found',
      resource_id: '1',
    });
  });

  it('searches by every word of the query, largest first, page by page to the end', async () => {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await me.v2.searchCommunities('e', {
        max_results: 10,
        ...(token !== undefined ? { next_token: token } : {}),
      });
      all.push(...page.data.map((community) => community.name));
      token = page.meta.next_token;
    } while (token !== undefined);
    // Every seeded community has an "e" in its name or description: twelve, over two pages.
    expect(all).toHaveLength(12);
    expect(new Set(all).size).toBe(12);
    const photo = await me.v2.searchCommunities('PHOTOGRAPHY street');
    expect(photo.data.map((community) => community.name)).toEqual(['Street Photography']);
    const none = await call(sb.url, 'GET', '/2/communities/search', {
      query: { query: 'no such community anywhere' },
      auth: { user: sb.credentials },
    });
    expect(none.body).toEqual({ meta: { result_count: 0 } });
  });

  it('lets only a user search (the document lists no app-only security for it), and checks the query', async () => {
    const asApp = await call(sb.url, 'GET', '/2/communities/search', {
      query: { query: 'chess' },
      auth: { bearer: sb.credentials.bearerToken },
    });
    expect(asApp.status).toBe(403);
    const noQuery = await call(sb.url, 'GET', '/2/communities/search', { auth: { user: sb.credentials } });
    expect(noQuery.status).toBe(400);
    const tooFew = await call(sb.url, 'GET', '/2/communities/search', {
      query: { query: 'chess', max_results: '5' },
      auth: { user: sb.credentials },
    });
    expect(tooFew.status).toBe(400);
  });
});
