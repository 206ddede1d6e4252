import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

let sb: Sandbox;
let auth: Auth;
let bearer: Auth;

interface Problem {
  type: string;
  title: string;
  detail: string;
  errors?: { message: string; parameters: Record<string, string[]> }[];
}
type Json = Record<string, unknown>;

beforeAll(async () => {
  sb = await startSandbox();
  auth = { user: sb.credentials };
  bearer = { bearer: sb.credentials.bearerToken };
});
afterAll(() => sb.close());

const post = async (text: string) =>
  (await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', { json: { text }, auth })).body.data.id;

describe('parameters follow the document', () => {
  it('refuses an unknown query parameter with X wording, listing the operation parameters', async () => {
    const id = await post('unknown parameter');
    const answer = await call<Problem>(sb.url, 'GET', `/2/tweets/${id}`, {
      query: { foo: 'bar' },
      auth: bearer,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      type: 'https://api.x.com/2/problems/invalid-request',
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
    });
    expect(answer.body.errors).toEqual([
      {
        parameters: { foo: ['bar'] },
        message: expect.stringMatching(/^The query parameter \[foo\] is not one of \[id,.*expansions.*\]$/),
      },
    ]);
  });

  it('reports every mistake: out of range, bad enum value, bad pattern', async () => {
    const answer = await call<Problem>(sb.url, 'GET', '/2/users/123/tweets', {
      query: { max_results: 1000, 'tweet.fields': 'nope', since_id: 'abc' },
      auth: bearer,
    });
    expect(answer.status).toBe(400);
    const messages = answer.body.errors?.map((error) => error.message) ?? [];
    expect(messages).toContain('The `max_results` query parameter value [1000] is not between 5 and 100');
    expect(
      messages.some((m) => m.startsWith('The `tweet.fields` query parameter value [nope] is not one of [')),
    ).toBe(true);
    expect(messages).toContain('The `since_id` query parameter value [abc] does not match ^[0-9]{1,19}$');
  });

  it('accepts every value the document lists, filled or not', async () => {
    const id = await post('documented values');
    const answer = await call<{ data: Json; includes?: Json }>(sb.url, 'GET', `/2/tweets/${id}`, {
      query: {
        'post.fields': 'paid_partnership,created_at,public_metrics',
        'user.fields': 'confirmed_email,parody,verified_followers_count',
        expansions: 'referenced_posts,author_id',
      },
      auth: bearer,
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.data['created_at']).toEqual(expect.any(String));
    expect(answer.body.data['public_metrics']).toMatchObject({ repost_count: 0, retweet_count: 0 });
    const me = await call<{ data: Json }>(sb.url, 'GET', '/2/users/me', {
      query: { 'user.fields': 'public_metrics,parody' },
      auth,
    });
    expect(me.status).toBe(200);
    expect(me.body.data['public_metrics']).toMatchObject({ post_count: expect.any(Number) });
  });

  it('puts the field an expansion points through into data', async () => {
    const id = await post('expanded');
    const answer = await call<{ data: Json; includes: { users: Json[] } }>(sb.url, 'GET', `/2/tweets/${id}`, {
      query: { expansions: 'author_id' },
      auth: bearer,
    });
    expect(answer.body.data['author_id']).toBe(sb.user.id);
    expect(answer.body.includes.users[0]?.['id']).toBe(sb.user.id);
  });

  it('refuses undeclared fields of a JSON body the schema closes', async () => {
    const answer = await call<Problem>(sb.url, 'POST', '/2/tweets', { json: { text: 'hi', nope: 1 }, auth });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toBe(
      '$.nope: is not defined in the schema and the schema does not allow additional properties',
    );
  });
});

describe('bodies and paths', () => {
  it('takes an empty body sent as application/json on a bodiless command', async () => {
    const id = await post('to delete with an empty json body');
    const answer = await call<{ data: { deleted: boolean } }>(sb.url, 'DELETE', `/2/tweets/${id}`, {
      auth,
      rawJsonBody: '',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.data.deleted).toBe(true);
  });

  it('answers malformed JSON with the invalid-request problem and its errors array', async () => {
    const answer = await call<Problem>(sb.url, 'POST', '/2/tweets', { auth, rawJsonBody: '{"text": ' });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('https://api.x.com/2/problems/invalid-request');
    expect(answer.body.errors?.[0]?.message).toEqual(expect.any(String));
  });

  it('does not let /2/users/:id catch documented fixed paths', async () => {
    for (const path of ['/2/users/search', '/2/users/by', '/2/users/reposts_of_me']) {
      // Served by their own route (whatever it asks for), or 404 until one exists: never the id-pattern 400.
      const answer = await call<Problem>(sb.url, 'GET', path, { auth });
      expect(answer.text, path).not.toContain('does not match ^[0-9]{1,19}$');
      expect(answer.body.errors?.some((error) => 'id' in error.parameters) ?? false, path).toBe(false);
    }
  });

  it('serves the document at GET /2/openapi.json', async () => {
    const answer = await call<{ openapi: string; info: { version: string } }>(
      sb.url,
      'GET',
      '/2/openapi.json',
      {
        auth: 'none',
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toMatch(/^3\.0/);
    expect(answer.body.info.version).toBe('2.167');
  });
});
