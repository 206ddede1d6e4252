import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { streamsState } from '../../../src/sandbox/streams/state.js';
import { waitFor } from '../../helpers/wait-for.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { type OpenStream, openStream } from './stream-reader.js';

let sb: Sandbox;
let bearer: Auth;
let user: Auth;
const streams: OpenStream[] = [];

interface RulesResponse {
  data?: { id: string; value: string; tag?: string }[];
  meta: { sent: string; summary?: Record<string, number>; result_count?: number };
  errors?: Record<string, unknown>[];
}

beforeEach(async () => {
  sb = await startSandbox({ keepAliveMs: 40 });
  bearer = { bearer: sb.credentials.bearerToken };
  user = { user: sb.credentials };
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await sb.close();
});

const rules = (json: unknown, query: Record<string, string> = {}) =>
  call<RulesResponse>(sb.url, 'POST', '/2/tweets/search/stream/rules', { json, query, auth: bearer });
const listRules = () => call<RulesResponse>(sb.url, 'GET', '/2/tweets/search/stream/rules', { auth: bearer });
const tweet = (text: string) =>
  call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', { json: { text }, auth: user });
const open = async (path = '/2/tweets/search/stream', query: Record<string, string> = {}) => {
  const stream = await openStream(sb.url, path, sb.credentials.bearerToken, query);
  streams.push(stream);
  return stream;
};

describe('stream rules', () => {
  it('adds, lists, reports duplicates, dry-runs and deletes by id, value and delete_all', async () => {
    const added = await rules({
      add: [{ value: 'cat has:images', tag: 'cats with images' }, { value: 'dog' }],
    });
    expect(added.status).toBe(200);
    expect(added.body.data).toEqual([
      { value: 'cat has:images', tag: 'cats with images', id: expect.stringMatching(/^[0-9]+$/) },
      { value: 'dog', id: expect.stringMatching(/^[0-9]+$/) },
    ]);
    expect(added.body.meta.summary).toEqual({ created: 2, not_created: 0, valid: 2, invalid: 0 });
    expect(added.body.meta.sent).toMatch(/Z$/);

    const duplicate = await rules({ add: [{ value: 'dog' }, { value: 'bird' }] });
    expect(duplicate.status).toBe(200);
    expect(duplicate.body.data?.map((rule) => rule.value)).toEqual(['bird']);
    expect(duplicate.body.errors).toEqual([
      {
        value: 'dog',
        id: added.body.data?.[1]?.id,
        title: 'DuplicateRule',
        type: 'https://api.x.com/2/problems/duplicate-rules',
      },
    ]);
    expect(duplicate.body.meta.summary).toEqual({ created: 1, not_created: 1, valid: 1, invalid: 1 });

    const dry = await rules({ add: [{ value: 'fish' }] }, { dry_run: 'true' });
    expect(dry.body.meta.summary?.['created']).toBe(1);
    expect((await listRules()).body.data?.map((rule) => rule.value)).toEqual([
      'cat has:images',
      'dog',
      'bird',
    ]);

    const byId = await rules({ delete: { ids: [added.body.data![0]!.id, '1'] } });
    expect(byId.body.meta.summary).toEqual({ deleted: 1, not_deleted: 1 });
    const byValue = await rules({ delete: { values: ['dog'] } });
    expect(byValue.body.meta.summary).toEqual({ deleted: 1, not_deleted: 0 });
    const all = await rules({}, { delete_all: 'true' });
    expect(all.body.meta.summary).toEqual({ deleted: 1, not_deleted: 0 });
    const empty = await listRules();
    expect(empty.body).toEqual({ meta: { sent: expect.any(String), result_count: 0 } });
  });

  it('rejects invalid and over-long rules, creating none', async () => {
    const invalid = await rules({ add: [{ value: 'good one' }, { value: 'cat has:imagez' }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.data).toBeUndefined();
    expect(invalid.body.errors?.[0]).toMatchObject({
      value: 'cat has:imagez',
      title: 'UnprocessableEntity',
      type: 'https://api.x.com/2/problems/invalid-rules',
    });
    expect(invalid.body.meta.summary).toEqual({ created: 0, not_created: 2, valid: 1, invalid: 1 });
    const long = await rules({ add: [{ value: 'a'.repeat(513) }] });
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.['type']).toBe('https://api.x.com/2/problems/rule-length');
    expect((await listRules()).body.meta.result_count).toBe(0);
  });

  it('needs an app-only bearer', async () => {
    const response = await call(sb.url, 'GET', '/2/tweets/search/stream/rules', { auth: user });
    expect(response.status).toBe(403);
  });
});

describe('GET /2/tweets/search/stream', () => {
  it('answers 409 when the app has no rules', async () => {
    const stream = await open();
    expect(stream.status).toBe(409);
    await stream.finished;
    expect(JSON.parse(stream.received)).toMatchObject({ title: 'ConnectionException', status: 409 });
  });

  it('delivers a posted tweet with matching_rules, fields and expansions, framed by \\r\\n', async () => {
    const added = await rules({ add: [{ value: 'cat', tag: 'cats' }, { value: 'dog' }, { value: 'fish' }] });
    const stream = await open('/2/tweets/search/stream', {
      'tweet.fields': 'author_id',
      expansions: 'author_id',
    });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('application/json');
    expect(stream.headers['x-rate-limit-limit']).toBeDefined();
    await tweet('a bird');
    const posted = await tweet('my cat and my dog');
    await stream.waitFor((text) => text.includes(posted.body.data.id));
    const messages = stream.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({
      data: {
        id: posted.body.data.id,
        text: 'my cat and my dog',
        edit_history_tweet_ids: [posted.body.data.id],
        author_id: sb.user.id,
      },
      includes: { users: [{ id: sb.user.id, name: 'X Developers', username: 'XDevelopers' }] },
      matching_rules: [
        { id: added.body.data![0]!.id, tag: 'cats' },
        { id: added.body.data![1]!.id, tag: '' },
      ],
    });
    const frame = stream.received.split('\r\n').find((line) => line.includes(posted.body.data.id));
    expect(frame).toBeDefined();
  });

  it('sends a bare \\r\\n keep-alive every keepAliveMs', async () => {
    await rules({ add: [{ value: 'quiet' }] });
    const stream = await open();
    await stream.waitFor((text) => text === '\r\n\r\n\r\n', 1000);
  });

  it('refuses a second concurrent connection of the same app with 429 TooManyConnections', async () => {
    await rules({ add: [{ value: 'cat' }] });
    const first = await open();
    expect(first.status).toBe(200);
    const second = await open();
    expect(second.status).toBe(429);
    await second.finished;
    expect(JSON.parse(second.received)).toEqual({
      title: 'ConnectionException',
      detail: 'This stream is currently at the maximum allowed connection limit.',
      connection_issue: 'TooManyConnections',
      type: 'https://api.x.com/2/problems/streaming-connection',
    });
    // Once the first goes away a new connection is accepted.
    first.close();
    await first.finished;
    await waitFor(
      () => streamsState(sb.context).hub.size === 0,
      'the sandbox to let the first connection go',
    );
    const third = await open();
    expect(third.status).toBe(200);
  });

  it('ends every stream on close', async () => {
    await rules({ add: [{ value: 'cat' }] });
    const stream = await open();
    await sb.close();
    expect(await stream.finished).toBe('end');
  });
});

describe('stream faults and admin disconnects', () => {
  it('stall: the stream opens, then nothing arrives, not even keep-alives, until delayMs ends it', async () => {
    await rules({ add: [{ value: 'cat' }] });
    sb.faults.add({ route: '/2/tweets/search/stream', kind: 'stall', times: 1, delayMs: 300 });
    const stream = await open();
    expect(stream.status).toBe(200);
    await tweet('a cat in a stalled stream');
    // With delayMs the stall ends by closing the stream, as a server giving up would.
    expect(await stream.finished).toBe('end');
    expect(stream.received).toBe('');
  });

  it('drop: the socket breaks mid-stream after the given bytes', async () => {
    await rules({ add: [{ value: 'cat' }] });
    sb.faults.add({ route: '/2/tweets/search/stream', kind: 'drop', afterBytes: 4, times: 1 });
    const stream = await open();
    expect(stream.status).toBe(200);
    expect(await stream.finished).toBe('aborted');
    expect(stream.received).toBe('\r\n\r\n');
  });

  it('admin disconnect sends the operational-disconnect message, then ends; the client can reconnect', async () => {
    await rules({ add: [{ value: 'cat' }] });
    const stream = await open('/2/tweets/sample/stream');
    expect(sb.inspect['streams']?.('disconnect')).toEqual({ disconnected: 1 });
    expect(await stream.finished).toBe('end');
    expect(stream.messages()[0]).toMatchObject({
      errors: [{ disconnect_type: 'UpstreamOperationalDisconnect', title: 'operational-disconnect' }],
    });
    const again = await open('/2/tweets/sample/stream');
    expect(again.status).toBe(200);
  });
});

describe('admin routes and other apps', () => {
  it('GET /__sandbox/streams/reset breaks every open stream', async () => {
    const stream = await open('/2/tweets/sample/stream');
    const response = await call<{ disconnected: number }>(sb.url, 'GET', '/__sandbox/streams/reset', {
      auth: 'none',
    });
    expect(response.body).toEqual({ disconnected: 1 });
    expect(await stream.finished).toBe('aborted');
  });

  it('keeps one connection per app: another app may stream at the same time', async () => {
    await rules({ add: [{ value: 'cat' }] });
    const other = sb.createApp();
    await call(sb.url, 'POST', '/2/tweets/search/stream/rules', {
      json: { add: [{ value: 'cat', tag: 'theirs' }] },
      auth: { bearer: other.bearerToken },
    });
    const mine = await open();
    const theirs = await openStream(sb.url, '/2/tweets/search/stream', other.bearerToken);
    streams.push(theirs);
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    const posted = await tweet('one cat for two apps');
    await theirs.waitFor((text) => text.includes(posted.body.data.id));
    await mine.waitFor((text) => text.includes(posted.body.data.id));
    expect(theirs.messages().at(-1)?.['matching_rules']).toEqual([{ id: expect.any(String), tag: 'theirs' }]);
  });
});

describe('GET /2/tweets/sample10/stream', () => {
  it('splits every post between its two partitions, open side by side', async () => {
    const one = await open('/2/tweets/sample10/stream', { partition: '1' });
    const two = await open('/2/tweets/sample10/stream', { partition: '2' });
    expect([one.status, two.status]).toEqual([200, 200]);
    const posted: string[] = [];
    for (const text of ['first', 'second', 'third', 'fourth']) posted.push((await tweet(text)).body.data.id);
    const idsOf = (stream: OpenStream) => stream.messages().map((m) => (m['data'] as { id: string }).id);
    await waitFor(
      () => idsOf(one).length + idsOf(two).length === posted.length,
      'all four posts across the partitions',
    );
    expect([...idsOf(one), ...idsOf(two)].sort()).toEqual([...posted].sort());
    expect(idsOf(one).filter((id) => idsOf(two).includes(id))).toEqual([]);
  });

  it('requires the partition, as the document says', async () => {
    const stream = await open('/2/tweets/sample10/stream');
    expect(stream.status).toBe(400);
  });
});

describe('GET /2/tweets/sample/stream', () => {
  it('delivers every tweet without matching_rules', async () => {
    const stream = await open('/2/tweets/sample/stream');
    expect(stream.status).toBe(200);
    const first = await tweet('anything at all');
    const second = await tweet('and more');
    await stream.waitFor((text) => text.includes(second.body.data.id));
    const messages = stream.messages();
    expect(messages.map((message) => (message['data'] as { id: string }).id)).toEqual([
      first.body.data.id,
      second.body.data.id,
    ]);
    expect(messages.every((message) => !('matching_rules' in message))).toBe(true);
  });
});
