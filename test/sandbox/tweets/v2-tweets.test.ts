import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from './signed-client.js';

let sb: Sandbox;
let auth: Auth;
let bearer: Auth;

interface Problem {
  type: string;
  title: string;
  detail: string;
  status?: number;
  errors?: { message: string; parameters: Record<string, string[]> }[];
}
interface Created {
  data: { id: string; text: string; edit_history_tweet_ids: string[] };
}
type Json = Record<string, unknown>;
interface Lookup {
  data?: Json & { id: string };
  includes?: { users?: Json[]; tweets?: Json[]; media?: Json[]; polls?: Json[] };
  errors?: Json[];
}

beforeAll(async () => {
  sb = await startSandbox();
  auth = { user: sb.credentials };
  bearer = { bearer: sb.credentials.bearerToken };
});
afterAll(() => sb.close());

const create = (json: unknown) => call<Created & Problem>(sb.url, 'POST', '/2/tweets', { json, auth });

describe('POST /2/tweets', () => {
  it('answers 201 with id, text and edit_history_tweet_ids', async () => {
    const created = await create({ text: 'Hello from the X API!' });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({
      id: expect.stringMatching(/^[0-9]{18,19}$/),
      text: 'Hello from the X API!',
      edit_history_tweet_ids: [created.body.data.id],
    });
  });

  it('refuses duplicate text with the observed 403 problem', async () => {
    await create({ text: 'no twice' });
    const again = await create({ text: 'no twice' });
    expect(again.status).toBe(403);
    expect(again.body).toEqual({
      detail: 'You are not allowed to create a Tweet with duplicate content.',
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
    });
  });

  it('reports media, poll and quote together as an invalid request', async () => {
    const quoted = await create({ text: 'quote me' });
    const both = await create({
      text: 'too much',
      poll: { options: ['a', 'b'], duration_minutes: 60 },
      quote_tweet_id: quoted.body.data.id,
    });
    expect(both.status).toBe(400);
    expect(both.body.type).toBe('https://api.x.com/2/problems/invalid-request');
    expect(both.body.errors?.[0]?.parameters).toHaveProperty('poll');
  });

  it('validates polls (2..4 options, 5..10080 minutes), media ids, replies and empty text', async () => {
    const onePoll = await create({ text: 'poll', poll: { options: ['only'], duration_minutes: 60 } });
    expect(onePoll.status).toBe(400);
    const shortPoll = await create({ text: 'poll', poll: { options: ['a', 'b'], duration_minutes: 4 } });
    expect(shortPoll.status).toBe(400);
    const media = await create({ text: 'pic', media: { media_ids: ['1234567890'] } });
    expect(media.status).toBe(400);
    expect(media.body.errors?.[0]?.message).toBe('Your media IDs are invalid.');
    const reply = await create({ text: 'reply', reply: { in_reply_to_tweet_id: '42' } });
    expect(reply.status).toBe(403);
    const empty = await create({ text: '' });
    expect(empty.status).toBe(400);
    const long = await create({ text: 'z'.repeat(281) });
    expect(long.status).toBe(403);
  });

  it('accepts an OAuth 2.0 user token only with tweet.read, tweet.write and users.read', async () => {
    const grant = (token: string, scopes: string[]) =>
      sb.context.store.oauth2AccessTokens.set(token, {
        token,
        clientId: sb.credentials.clientId,
        userId: sb.user.id,
        scopes: new Set(scopes),
        expiresAt: sb.context.now() + 60_000,
      });
    grant('reader-token', ['tweet.read', 'users.read']);
    grant('writer-token', ['tweet.read', 'tweet.write', 'users.read']);
    const reader = await call<Problem>(sb.url, 'POST', '/2/tweets', {
      json: { text: 'o2' },
      auth: { bearer: 'reader-token' },
    });
    expect(reader.status).toBe(403);
    const writer = await call<Created>(sb.url, 'POST', '/2/tweets', {
      json: { text: 'o2' },
      auth: { bearer: 'writer-token' },
    });
    expect(writer.status).toBe(201);
    const read = await call<Lookup>(sb.url, 'GET', `/2/tweets/${writer.body.data.id}`, {
      auth: { bearer: 'reader-token' },
    });
    expect(read.body.data?.id).toBe(writer.body.data.id);
  });

  it('refuses an app-only bearer', async () => {
    const response = await call<Problem>(sb.url, 'POST', '/2/tweets', {
      json: { text: 'app' },
      auth: bearer,
    });
    expect(response.status).toBe(403);
  });
});

describe('GET /2/tweets/:id and /2/tweets?ids=', () => {
  it('returns default fields, requested fields and expansions in includes', async () => {
    const parent = await create({ text: 'the parent' });
    const poll = await create({
      text: 'a reply with a poll #vote @XDevelopers',
      reply: { in_reply_to_tweet_id: parent.body.data.id },
      poll: { options: ['yes', 'no'], duration_minutes: 30 },
    });
    const plain = await call<Lookup>(sb.url, 'GET', `/2/tweets/${poll.body.data.id}`, { auth: bearer });
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({
      data: { id: poll.body.data.id, text: poll.body.data.text, edit_history_tweet_ids: [poll.body.data.id] },
    });

    const rich = await call<Lookup>(sb.url, 'GET', `/2/tweets/${poll.body.data.id}`, {
      auth,
      query: {
        'tweet.fields': 'author_id,created_at,referenced_tweets,entities,attachments,conversation_id',
        expansions: 'author_id,referenced_tweets.id,attachments.poll_ids',
        'user.fields': 'created_at,public_metrics',
        'poll.fields': 'duration_minutes,voting_status',
      },
    });
    expect(rich.status).toBe(200);
    const data = rich.body.data!;
    expect(data['author_id']).toBe(sb.user.id);
    expect(data['created_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(data['referenced_tweets']).toEqual([{ type: 'replied_to', id: parent.body.data.id }]);
    expect(data['conversation_id']).toBe(parent.body.data.id);
    expect(data['entities']).toMatchObject({
      hashtags: [{ tag: 'vote' }],
      mentions: [{ username: 'XDevelopers', id: sb.user.id }],
    });
    expect(rich.body.includes?.users?.[0]).toMatchObject({
      id: sb.user.id,
      username: 'XDevelopers',
      public_metrics: { followers_count: sb.user.followers.size },
    });
    expect(rich.body.includes?.tweets?.[0]).toMatchObject({ id: parent.body.data.id, text: 'the parent' });
    expect(rich.body.includes?.polls?.[0]).toMatchObject({
      options: [
        { position: 1, label: 'yes', votes: 0 },
        { position: 2, label: 'no', votes: 0 },
      ],
      duration_minutes: 30,
      voting_status: 'open',
    });
  });

  it('answers unknown ids with partial errors in X’s shape', async () => {
    const one = await create({ text: 'found one' });
    const many = await call<Lookup & { data: Json[] }>(sb.url, 'GET', '/2/tweets', {
      auth,
      query: { ids: `${one.body.data.id},456` },
    });
    expect(many.status).toBe(200);
    expect(many.body.data.map((tweet) => tweet['id'])).toEqual([one.body.data.id]);
    expect(many.body.errors).toEqual([
      {
        value: '456',
        detail: 'Could not find tweet with ids: [456].',
        title: 'Not Found Error',
        resource_type: 'tweet',
        parameter: 'ids',
        resource_id: '456',
        type: 'https://api.x.com/2/problems/resource-not-found',
      },
    ]);
    const single = await call<Lookup>(sb.url, 'GET', '/2/tweets/456', { auth });
    expect(single.status).toBe(200);
    expect(single.body.data).toBeUndefined();
    expect(single.body.errors?.[0]).toMatchObject({
      resource_id: '456',
      parameter: 'id',
      title: 'Not Found Error',
    });
  });

  it('rejects unknown fields and malformed ids with invalid-request problems', async () => {
    const badField = await call<Problem>(sb.url, 'GET', '/2/tweets/123', {
      auth,
      query: { 'tweet.fields': 'nope' },
    });
    expect(badField.status).toBe(400);
    expect(badField.body.errors?.[0]?.parameters).toEqual({ 'tweet.fields': ['nope'] });
    const badId = await call<Problem>(sb.url, 'GET', '/2/tweets/abc', { auth });
    expect(badId.status).toBe(400);
    expect(badId.body.type).toBe('https://api.x.com/2/problems/invalid-request');
  });
});

describe('DELETE /2/tweets/:id', () => {
  it('deletes the caller’s tweet, which then is not found', async () => {
    const doomed = await create({ text: 'delete me' });
    const deleted = await call<Json>(sb.url, 'DELETE', `/2/tweets/${doomed.body.data.id}`, { auth });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { deleted: true } });
    const after = await call<Lookup>(sb.url, 'GET', `/2/tweets/${doomed.body.data.id}`, { auth });
    expect(after.body.errors?.[0]).toMatchObject({ resource_id: doomed.body.data.id });
  });
});

describe('GET /2/users/:id/tweets', () => {
  it('pages to the end with next_token, newest first, without duplicates, and back with previous_token', async () => {
    const writer = sb.createUser({ screenName: 'prolific' });
    const writerAuth: Auth = {
      user: {
        ...sb.credentials,
        accessToken: writer.accessToken,
        accessTokenSecret: writer.accessTokenSecret,
      },
    };
    const ids: string[] = [];
    for (let index = 0; index < 23; index++) {
      const created = await call<Created>(sb.url, 'POST', '/2/tweets', {
        json: { text: `post ${index}` },
        auth: writerAuth,
      });
      ids.push(created.body.data.id);
    }
    interface Page {
      data?: { id: string }[];
      meta: {
        result_count: number;
        newest_id?: string;
        oldest_id?: string;
        next_token?: string;
        previous_token?: string;
      };
    }
    const seen: string[] = [];
    const pages: Page[] = [];
    let token: string | undefined;
    do {
      const response = await call<Page>(sb.url, 'GET', `/2/users/${writer.user.id}/tweets`, {
        auth: bearer,
        query: { max_results: 5, ...(token ? { pagination_token: token } : {}) },
      });
      expect(response.status).toBe(200);
      pages.push(response.body);
      seen.push(...(response.body.data ?? []).map((tweet) => tweet.id));
      expect(response.body.meta.result_count).toBe(response.body.data?.length ?? 0);
      token = response.body.meta.next_token;
    } while (token);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toHaveLength(5);
    expect(pages[0]?.meta.previous_token).toBeUndefined();
    expect(pages[1]?.meta).toMatchObject({ newest_id: seen[5], oldest_id: seen[9] });

    const back = await call<Page>(sb.url, 'GET', `/2/users/${writer.user.id}/tweets`, {
      auth: bearer,
      query: { max_results: 5, pagination_token: pages[2]!.meta.previous_token! },
    });
    expect(back.body.data?.map((tweet) => tweet.id)).toEqual(seen.slice(5, 10));

    const tooMany = await call<Problem>(sb.url, 'GET', `/2/users/${writer.user.id}/tweets`, {
      auth: bearer,
      query: { max_results: 101 },
    });
    expect(tooMany.status).toBe(400);
    const defaults = await call<Page>(sb.url, 'GET', `/2/users/${writer.user.id}/tweets`, { auth: bearer });
    expect(defaults.body.data).toHaveLength(10);
  });
});
