// The firehose, likes, compliance, label and activity streams as a bot uses them: connected first, then posts,
// likes, unlikes and deletions made through the API arrive on the streams that carry them, on the partition
// docs/SANDBOX.md gives, and nowhere else; replays by backfill_minutes and start_time/end_time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { documentValidator, pointer } from '../../../src/sandbox/openapi/schema-validator.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { type OpenStream, openStream } from './stream-reader.js';

let sb: Sandbox;
let user: Auth;
const streams: OpenStream[] = [];

beforeEach(async () => {
  sb = await startSandbox({ keepAliveMs: 50 });
  user = { user: sb.credentials };
});
afterEach(async () => {
  for (const stream of streams.splice(0)) {
    stream.close();
    await stream.finished;
  }
  await sb.close();
});

const open = async (path: string, query: Record<string, string> = {}) => {
  const stream = await openStream(sb.url, path, sb.credentials.bearerToken, query);
  streams.push(stream);
  expect(stream.status, stream.received).toBe(200);
  return stream;
};
const post = async (text: string, as: Auth = user) =>
  (await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', { json: { text }, auth: as })).body.data
    .id;
const like = (tweetId: string) =>
  call(sb.url, 'POST', `/2/users/${sb.user.id}/likes`, { json: { tweet_id: tweetId }, auth: user });
const subscribe = (
  event_type: string,
  filter: Record<string, string>,
  auth: Auth = { bearer: sb.credentials.bearerToken },
) => call(sb.url, 'POST', '/2/activity/subscriptions', { json: { event_type, filter }, auth });
const partition = (id: string, count: number) => Number(BigInt(id) % BigInt(count)) + 1;
const dataOf = (stream: OpenStream) =>
  stream.messages().map((message) => message['data'] as Record<string, unknown>);
/** Resolves once a keep-alive written after this call has arrived: everything sent before it has too. */
const settled = (stream: OpenStream) => {
  const from = stream.received.length;
  return stream.waitFor((text) => text.slice(from).includes('\r\n') && text.slice(from).endsWith('\r\n\r\n'));
};

describe('the post firehoses', () => {
  it('spread every post over the partitions without overlap; /lang/ja carries none of English', async () => {
    const en = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map((p) =>
        open('/2/tweets/firehose/stream/lang/en', { partition: String(p) }),
      ),
    );
    const ja = await Promise.all(
      [1, 2].map((p) => open('/2/tweets/firehose/stream/lang/ja', { partition: String(p) })),
    );
    const posted: string[] = [];
    for (const text of ['one', 'two', 'three', 'four', 'five']) posted.push(await post(`firehose ${text}`));
    await Promise.all(
      en.map((stream, index) => {
        const mine = posted.filter((id) => partition(id, 8) === index + 1);
        return stream.waitFor(() => mine.every((id) => stream.received.includes(id)));
      }),
    );
    const delivered = en.flatMap((stream, index) =>
      dataOf(stream).map((data) => ({ id: data['id'], on: index + 1 })),
    );
    expect(delivered.map((entry) => entry.id).sort()).toEqual([...posted].sort());
    for (const entry of delivered) expect(entry.on).toBe(partition(String(entry.id), 8));
    await Promise.all(ja.map(settled));
    expect(ja.flatMap(dataOf)).toEqual([]);
  });

  it('replays the last minutes with backfill_minutes, and a past start_time/end_time window, then ends', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const first = await post('before anyone listened');
    const second = await post('also before');
    const backfilled = await open('/2/tweets/sample/stream', { backfill_minutes: '2' });
    await backfilled.waitFor(() => backfilled.messages().length === 2);
    expect(dataOf(backfilled).map((data) => data['id'])).toEqual([first, second]);
    const live = await post('while listening');
    await backfilled.waitFor((text) => text.includes(live));

    const after = new Date(Date.now() + 1).toISOString();
    const windowed = await openStream(sb.url, '/2/tweets/firehose/stream', sb.credentials.bearerToken, {
      partition: String(partition(first, 20)),
      start_time: before,
      end_time: after,
    });
    streams.push(windowed);
    expect(await windowed.finished).toBe('end');
    expect(dataOf(windowed).map((data) => data['id'])).toEqual(
      [first, second, live].filter((id) => partition(id, 20) === partition(first, 20)),
    );
  });

  it('keeps a stream whose end_time is still to come open, delivering live posts until then', async () => {
    await subscribe('post.create', { user_id: sb.user.id });
    // Far beyond what a timer can wait for: the stream must not end at once.
    const stream = await open('/2/activity/stream', { end_time: '2099-01-01T00:00:00Z' });
    const live = await post('long after the opening');
    await stream.waitFor((text) => text.includes(live));
    const soon = await open('/2/tweets/sample10/stream', {
      partition: '1',
      end_time: new Date(Date.now() + 300).toISOString(),
    });
    expect(await soon.finished).toBe('end');
  });
});

describe('the likes streams', () => {
  it('a like arrives on its likes-firehose partition and the likes sample, with its expansions', async () => {
    const liked = await post('a post to like');
    const firehose = await open('/2/likes/firehose/stream', {
      partition: String(partition(liked, 20)),
      expansions: 'liked_tweet_id,liked_tweet_author_id',
      'like_with_tweet_author.fields': 'timestamp_ms',
    });
    const sample = await open('/2/likes/sample10/stream', { partition: String(partition(liked, 2)) });
    expect((await like(liked)).status).toBe(200);
    await firehose.waitFor(() => firehose.messages().length === 1);
    const [message] = firehose.messages();
    expect(message).toEqual({
      data: {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        created_at: expect.stringMatching(/Z$/),
        liked_tweet_id: liked,
        tweet_author_id: sb.user.id,
        timestamp_ms: expect.any(Number),
      },
      includes: {
        tweets: [{ id: liked, text: 'a post to like', edit_history_tweet_ids: [liked] }],
        users: [{ id: sb.user.id, name: 'X Developers', username: 'XDevelopers' }],
      },
    });
    await sample.waitFor(() => sample.messages().length === 1);
    expect(dataOf(sample)[0]).toEqual({ ...(message?.['data'] as object), timestamp_ms: undefined });
    // Liking again is not a new like.
    await like(liked);
    await settled(firehose);
    expect(firehose.messages()).toHaveLength(1);
  });

  it('an unlike arrives on the likes compliance stream', async () => {
    const liked = await post('liked, then not');
    await like(liked);
    const compliance = await open('/2/likes/compliance/stream');
    await call(sb.url, 'DELETE', `/2/users/${sb.user.id}/likes/${liked}`, { auth: user });
    await compliance.waitFor(() => compliance.messages().length === 1);
    expect(compliance.messages()[0]).toEqual({
      data: {
        delete: { favorite: { id: liked, user_id: sb.user.id }, event_at: expect.stringMatching(/Z$/) },
      },
    });
  });
});

describe('the compliance, label and activity streams', () => {
  it('a deleted post gives a delete event on its tweets-compliance partition', async () => {
    const doomed = await post('soon gone');
    const compliance = await open('/2/tweets/compliance/stream', { partition: String(partition(doomed, 4)) });
    expect((await call(sb.url, 'DELETE', `/2/tweets/${doomed}`, { auth: user })).status).toBe(200);
    await compliance.waitFor(() => compliance.messages().length === 1);
    expect(compliance.messages()[0]).toEqual({
      data: {
        delete: { tweet: { id: doomed, author_id: sb.user.id }, event_at: expect.stringMatching(/Z$/) },
      },
    });
  });

  it('an edit gives a tweet_edit event with every version, on the new version’s partition', async () => {
    const first = await post('a typo here');
    const edited = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      json: { text: 'no typo here', edit_options: { previous_post_id: first } },
      auth: user,
    });
    expect(edited.status).toBe(201);
    const second = edited.body.data.id;
    const compliance = await open('/2/tweets/compliance/stream', {
      partition: String(partition(second, 4)),
      backfill_minutes: '1',
    });
    await compliance.waitFor(() => compliance.messages().length === 1);
    expect(compliance.messages()[0]).toEqual({
      data: {
        tweet_edit: {
          tweet: { id: second },
          event_at: expect.stringMatching(/Z$/),
          initial_tweet_id: first,
          edit_tweet_ids: [first, second],
        },
      },
    });
    const schema = pointer([
      'paths',
      '/2/tweets/compliance/stream',
      'get',
      'responses',
      '200',
      'content',
      'application/json',
      'schema',
    ]);
    expect(documentValidator().check(schema, compliance.messages()[0])).toEqual([]);
  });

  it('user compliance and label events published by the test reach the streams that carry them', async () => {
    const friend = sb.createUser({ screenName: 'suspended_one' }).user;
    const users = await Promise.all(
      [1, 2, 3, 4].map((p) => open('/2/users/compliance/stream', { partition: String(p) })),
    );
    const labels = await open('/2/tweets/label/stream');
    const event = { user_suspend: { user: { id: friend.id }, event_at: '2026-01-01T00:00:00.000Z' } };
    expect(sb.streams.publish('/2/users/compliance/stream', event)).toBe(1);
    const on = users[partition(friend.id, 4) - 1];
    await on?.waitFor(() => on.messages().length === 1);
    expect(on?.messages()).toEqual([{ data: event }]);
    await settled(labels);
    expect(labels.messages()).toEqual([]);
    expect(() => sb.streams.publish('/2/users/nothing/stream', event)).toThrow(/not a stream of the sandbox/);
  });

  it('the activity stream carries what the app subscribed to, once per matching subscription', async () => {
    const made = sb.createUser({ screenName: 'activity_friend' });
    const friend = made.user;
    const asFriend = {
      ...sb.credentials,
      accessToken: made.accessToken,
      accessTokenSecret: made.accessTokenSecret,
    };
    for (const [type, filter] of [
      ['post.create', { user_id: sb.user.id }],
      ['post.mention.create', { user_id: friend.id }],
      ['like.create', { user_id: sb.user.id, direction: 'inbound' }],
      ['post.delete', { user_id: sb.user.id }],
      ['follow.follow', { user_id: sb.user.id, direction: 'outbound' }],
      ['follow.unfollow', { user_id: friend.id, direction: 'inbound' }],
      ['post.create', { user_id: sb.user.id, keyword: 'HELLO' }],
    ] as const) {
      // Mentions are private: the mentioned user subscribes with their own token.
      const auth = type === 'post.mention.create' ? { user: asFriend } : undefined;
      expect((await subscribe(type, filter, auth)).status).toBe(200);
    }
    const activity = await open('/2/activity/stream');
    // Not subscribed to: the friend's own posts.
    await call(sb.url, 'POST', '/2/tweets', {
      json: { text: 'hello from the friend' },
      auth: { user: asFriend },
    });
    const mention = await post('hello @activity_friend');
    await like(mention);
    await call(sb.url, 'POST', `/2/users/${sb.user.id}/following`, {
      json: { target_user_id: friend.id },
      auth: user,
    });
    await call(sb.url, 'DELETE', `/2/users/${sb.user.id}/following/${friend.id}`, { auth: user });
    await call(sb.url, 'DELETE', `/2/tweets/${mention}`, { auth: user });
    await activity.waitFor(() => activity.messages().length === 7);
    const events = dataOf(activity).map((data) => [data['event_type'], data['filter']]);
    expect(events).toEqual([
      ['post.create', { user_id: sb.user.id }],
      ['post.create', { user_id: sb.user.id, keyword: 'HELLO' }],
      ['post.mention.create', { user_id: friend.id }],
      ['like.create', { user_id: sb.user.id, direction: 'inbound' }],
      ['follow.follow', { user_id: sb.user.id, direction: 'outbound' }],
      ['follow.unfollow', { user_id: friend.id, direction: 'inbound' }],
      ['post.delete', { user_id: sb.user.id }],
    ]);
    expect(dataOf(activity)[6]?.['payload']).toEqual({ id: mention, author_id: sb.user.id });
    expect(new Set(dataOf(activity).map((data) => data['event_uuid'])).size).toBe(6);
    expect(dataOf(activity)[4]?.['payload']).toMatchObject({
      source: { id: sb.user.id, username: 'XDevelopers' },
      target: { id: friend.id, username: 'activity_friend' },
    });
  });
});

describe('protected accounts', () => {
  it('keep their posts, likes of them and their deletions off every app-only stream, live and replayed', async () => {
    const made = sb.createUser({ screenName: 'locked_account', protected: true });
    const locked = {
      user: { ...sb.credentials, accessToken: made.accessToken, accessTokenSecret: made.accessTokenSecret },
    };
    await subscribe('post.create', { user_id: made.user.id });
    await subscribe('post.create', { user_id: sb.user.id });
    const sample = await open('/2/tweets/sample/stream');
    const likes = await Promise.all(
      ['1', '2'].map((p) => open('/2/likes/sample10/stream', { partition: p })),
    );
    const deletions = await Promise.all(
      ['1', '2', '3', '4'].map((p) => open('/2/tweets/compliance/stream', { partition: p })),
    );
    const activity = await open('/2/activity/stream');

    const hidden = await post('for my followers only', locked);
    await like(hidden);
    await call(sb.url, 'DELETE', `/2/tweets/${hidden}`, { auth: locked });
    // A public post, its like and its deletion after them: once they are in, the protected ones would be too.
    const marker = await post('public marker');
    await like(marker);
    await call(sb.url, 'DELETE', `/2/tweets/${marker}`, { auth: user });
    await sample.waitFor((text) => text.includes(marker));
    await activity.waitFor((text) => text.includes(marker));
    await waitForAny(likes, marker);
    await waitForAny(deletions, marker);
    for (const stream of [sample, activity, ...likes, ...deletions])
      expect(stream.received).not.toContain(hidden);

    const replays = await Promise.all(
      ['1', '2'].map((p) => open('/2/tweets/sample10/stream', { partition: p, backfill_minutes: '5' })),
    );
    await waitForAny(replays, marker);
    for (const stream of replays) expect(stream.received).not.toContain(hidden);
  });
});

async function waitForAny(streams: OpenStream[], text: string): Promise<void> {
  await Promise.any(streams.map((stream) => stream.waitFor((received) => received.includes(text))));
}
