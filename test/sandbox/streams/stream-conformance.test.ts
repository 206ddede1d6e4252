// Every stream of X's document, checked against it: each one is opened as a bot would (app-only bearer, its
// required `partition`, `backfill_minutes` to catch what happened just before), and every message it sends
// must validate against the operation's 200 schema; its refusals (missing partition, backfill out of range,
// user auth) against the document's error schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { openApiDocument, routeKey } from '../../../src/sandbox/openapi/document.js';
import { documentValidator, pointer } from '../../../src/sandbox/openapi/schema-validator.js';
import { checkAnswer } from '../conformance/check-answer.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { type OpenStream, openStream } from './stream-reader.js';

let sb: Sandbox;
const ids: Record<string, string> = {};

/** The documented spread of a partitioned stream (docs/SANDBOX.md): id modulo the partition count, plus one. */
const partition = (id: string, count: number) => String(Number(BigInt(id) % BigInt(count)) + 1);

beforeAll(async () => {
  sb = await startSandbox({ keepAliveMs: 100 });
  const user = { user: sb.credentials };
  const friend = sb.createUser({ screenName: 'streamfriend', name: 'Stream Friend' });
  const post = async (text: string) => {
    const answer = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      json: { text },
      auth: user,
    });
    return answer.body.data.id;
  };
  await call(sb.url, 'POST', '/2/tweets/search/stream/rules', {
    json: { add: [{ value: 'conformance', tag: 'c' }] },
    auth: { bearer: sb.credentials.bearerToken },
  });
  // The activity stream carries what the app subscribed to: every kind of event the sandbox makes.
  const subscribe = (
    event_type: string,
    filter: Record<string, string>,
    tag?: string,
    auth: Auth = { bearer: sb.credentials.bearerToken },
  ) =>
    call(sb.url, 'POST', '/2/activity/subscriptions', {
      json: { event_type, filter, ...(tag ? { tag } : {}) },
      auth,
    });
  await subscribe('post.create', { user_id: sb.user.id }, 'mine');
  // Mentions are a private event: only the mentioned user's own token may subscribe to them.
  const asFriend = {
    ...sb.credentials,
    accessToken: friend.accessToken,
    accessTokenSecret: friend.accessTokenSecret,
  };
  await subscribe('post.mention.create', { user_id: friend.user.id }, undefined, { user: asFriend });
  await subscribe('post.delete', { user_id: sb.user.id });
  await subscribe('like.create', { user_id: sb.user.id, direction: 'outbound' });
  await subscribe('follow.follow', { user_id: friend.user.id, direction: 'inbound' });
  ids['post'] = await post('conformance post for @streamfriend');
  ids['deleted'] = await post('conformance post to delete');
  await call(sb.url, 'DELETE', `/2/tweets/${ids['deleted']}`, { auth: user });
  await call(sb.url, 'POST', `/2/users/${sb.user.id}/likes`, { json: { tweet_id: ids['post'] }, auth: user });
  await call(sb.url, 'DELETE', `/2/users/${sb.user.id}/likes/${ids['post']}`, { auth: user });
  await call(sb.url, 'POST', `/2/users/${sb.user.id}/following`, {
    json: { target_user_id: friend.user.id },
    auth: user,
  });
  ids['friend'] = friend.user.id;
  sb.streams.publish('/2/users/compliance/stream', {
    user_suspend: { user: { id: friend.user.id }, event_at: new Date().toISOString() },
  });
  sb.streams.publish('/2/tweets/label/stream', {
    public_tweet_notice: {
      tweet: { id: ids['post'], author_id: sb.user.id },
      event_type: 'misleading',
      event_at: new Date().toISOString(),
      application: 'apply',
    },
  });
});
afterAll(() => sb.close());

interface StreamCase {
  path: string;
  query: () => Record<string, string>;
  /** How many messages the backfill holds for this stream. */
  messages: number | (() => number);
}

const expand = {
  'tweet.fields': 'created_at,author_id,lang',
  expansions: 'author_id',
  'user.fields': 'created_at',
};
const likeExpand = { expansions: 'liked_tweet_id,liked_tweet_author_id', 'tweet.fields': 'created_at' };
const postOn =
  (count: number, extra: Record<string, string> = expand) =>
  () => ({
    ...extra,
    partition: partition(ids['post'] ?? '0', count),
  });
/** Both posts (the deleted one was delivered while it lived) when they fall in the same partition. */
const postsOn = (count: number) => () =>
  partition(ids['post'] ?? '0', count) === partition(ids['deleted'] ?? '0', count) ? 2 : 1;

const CASES: StreamCase[] = [
  { path: '/2/tweets/search/stream', query: () => expand, messages: 2 },
  { path: '/2/tweets/sample/stream', query: () => expand, messages: 2 },
  { path: '/2/tweets/sample10/stream', query: postOn(2), messages: postsOn(2) },
  { path: '/2/tweets/firehose/stream', query: postOn(20), messages: postsOn(20) },
  { path: '/2/tweets/firehose/stream/lang/en', query: postOn(8), messages: postsOn(8) },
  // No post of the sandbox is in Japanese: only the opening and the replay are checked there.
  { path: '/2/tweets/firehose/stream/lang/ja', query: postOn(2), messages: 0 },
  {
    path: '/2/tweets/compliance/stream',
    query: () => ({ partition: partition(ids['deleted'] ?? '0', 4) }),
    messages: 1,
  },
  {
    path: '/2/users/compliance/stream',
    query: () => ({ partition: partition(ids['friend'] ?? '0', 4) }),
    messages: 1,
  },
  { path: '/2/tweets/label/stream', query: () => ({}), messages: 1 },
  {
    path: '/2/likes/firehose/stream',
    query: postOn(20, { ...likeExpand, 'like_with_tweet_author.fields': 'id,created_at' }),
    messages: 1,
  },
  { path: '/2/likes/sample10/stream', query: postOn(2, likeExpand), messages: 1 },
  { path: '/2/likes/compliance/stream', query: () => ({}), messages: 1 },
  // post.create, post.mention.create (the friend), post.create, post.delete, like.create, follow.follow.
  { path: '/2/activity/stream', query: () => ({}), messages: 6 },
];

describe('every stream against X OpenAPI document', () => {
  it.each(CASES)('$path: sends messages the document describes', async ({ path, query, messages: count }) => {
    const messages = typeof count === 'number' ? count : count();
    const validator = documentValidator();
    const schema = pointer([
      'paths',
      path,
      'get',
      'responses',
      '200',
      'content',
      'application/json',
      'schema',
    ]);
    let stream: OpenStream | undefined;
    try {
      stream = await openStream(sb.url, path, sb.credentials.bearerToken, {
        ...query(),
        backfill_minutes: '5',
      });
      expect(stream.status, stream.received).toBe(200);
      expect(stream.headers['content-type']).toContain('application/json');
      const opened = stream;
      // The replay is written as the stream opens, so the first keep-alive comes after all of it.
      await opened.waitFor((text) => text.startsWith('\r\n') || text.includes('\r\n\r\n'));
      const received = opened.messages();
      expect(received).toHaveLength(messages);
      for (const message of received) expect(validator.check(schema, message)).toEqual([]);
    } finally {
      stream?.close();
      if (stream) await stream.finished;
    }
  });

  it('refuses what the document refuses, in its error format', async () => {
    const document = openApiDocument();
    const validator = documentValidator();
    const refusals: { path: string; query: Record<string, string>; bearer?: false; status: number }[] = [
      { path: '/2/tweets/firehose/stream', query: {}, status: 400 },
      { path: '/2/tweets/firehose/stream/lang/ja', query: { partition: '21' }, status: 400 },
      { path: '/2/likes/firehose/stream', query: { partition: '1', backfill_minutes: '6' }, status: 400 },
      { path: '/2/likes/sample10/stream', query: { partition: '1', expansions: 'author_id' }, status: 400 },
      { path: '/2/users/compliance/stream', query: { partition: '5' }, status: 400 },
      { path: '/2/tweets/label/stream', query: { start_time: 'yesterday' }, status: 400 },
      {
        path: '/2/likes/compliance/stream',
        query: { start_time: '2026-01-02T00:00:00Z', end_time: '2026-01-01T00:00:00Z' },
        status: 400,
      },
    ];
    const violations: string[] = [];
    for (const refusal of refusals) {
      const answer = await call(sb.url, 'GET', refusal.path, {
        query: refusal.query,
        auth: refusal.bearer === false ? { user: sb.credentials } : { bearer: sb.credentials.bearerToken },
      });
      const where = `${refusal.path} ${JSON.stringify(refusal.query)}`;
      if (answer.status !== refusal.status)
        violations.push(`${where}: status ${answer.status}: ${answer.text}`);
      const operation = document.byRoute.get(routeKey('GET', refusal.path));
      if (!operation) throw new Error(`${refusal.path} is not in the document`);
      const issues = checkAnswer(validator, operation, {
        status: answer.status,
        contentType: answer.headers.get('content-type') ?? '',
        text: answer.text,
      });
      for (const issue of issues) violations.push(`${where}: ${issue}`);
    }
    expect(violations).toEqual([]);
    // A user's token is refused with the sandbox's unsupported-authentication problem, a type the document's
    // Problem does not list (the sandbox's auth area sends it on every app-only route).
    const asUser = await call<{ title: string }>(sb.url, 'GET', '/2/activity/stream', {
      auth: { user: sb.credentials },
    });
    expect([asUser.status, asUser.body.title]).toEqual([403, 'Unsupported Authentication']);
  });
});
