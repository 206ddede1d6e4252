// A bot written with X's official TypeScript SDK, pointed at the sandbox by its base URL only: it listens on the
// likes firehose, the likes and posts compliance streams and the activity stream, then posts, likes, unlikes
// and deletes through the same SDK, and sees each event arrive where X's document says it goes. Every stream is
// closed by its `signal`, and no socket is left open on either side.
import { describe, expect, it } from 'vitest';
import { streamsState } from '../../src/sandbox/streams/state.js';
import { waitFor } from '../helpers/wait-for.js';
import { activeHandles, leakedHandles } from '../reliability/harness.js';
import { pool, sb, sdk, useSdkWithOwnPool } from './xdk-stream-world.js';

useSdkWithOwnPool();

type Message = { data?: Record<string, unknown> };

/** The documented spread of a partitioned stream (docs/SANDBOX.md): id modulo the partition count, plus one. */
const partition = (id: string, count: number) => Number(BigInt(id) % BigInt(count)) + 1;

describe('the official X SDK (@xdevplatform/xdk) on the likes, compliance and activity streams', () => {
  it('hears a like, an unlike and a deletion made through the SDK, then closes cleanly', async () => {
    const before = activeHandles();
    const created = await sdk.posts.create({ text: 'a post for the SDK bot to like' });
    const postId = created.data?.id ?? '';
    // The activity stream carries what the app subscribed to.
    for (const eventType of ['like.create', 'post.delete'] as const) {
      const made = await sdk.activity.createSubscription({ eventType, filter: { userId: sb.user.id } });
      expect(made.data?.subscription?.eventType).toBe(eventType);
    }
    const abort = new AbortController();
    const signal = abort.signal;
    const streams = {
      likes: await sdk.stream.likesFirehose(partition(postId, 20), {
        expansions: ['liked_tweet_id'],
        signal,
      }),
      unlikes: await sdk.stream.likesCompliance({ signal }),
      deletions: await sdk.stream.postsCompliance(partition(postId, 4), { signal }),
      activity: await sdk.stream.activity({ signal }),
    };
    const received: Record<keyof typeof streams, Message[]> = {
      likes: [],
      unlikes: [],
      deletions: [],
      activity: [],
    };
    const closed: Promise<void>[] = [];
    const errors: unknown[] = [];
    for (const [name, stream] of Object.entries(streams) as [
      keyof typeof streams,
      (typeof streams)['likes'],
    ][]) {
      stream.on('data', (message: Message) => {
        if (message.data) received[name].push(message);
      });
      stream.on('error', (event: { error?: unknown }) => errors.push(event.error));
      closed.push(new Promise<void>((resolve) => stream.on('close', () => resolve())));
    }
    await waitFor(() => streamsState(sb.context).hub.size === 4, 'the sandbox to register the four streams');

    await sdk.users.likePost(sb.user.id, { tweetId: postId });
    await sdk.users.unlikePost(sb.user.id, postId);
    await sdk.posts.delete(postId);
    await waitFor(
      () => received.likes.length + received.unlikes.length + received.deletions.length === 3,
      'the like, the unlike and the deletion',
    );
    await waitFor(() => received.activity.length === 2, 'like.create and post.delete on the activity stream');

    expect(received.likes[0]).toMatchObject({
      data: { liked_tweet_id: postId, tweet_author_id: sb.user.id },
      includes: { tweets: [{ id: postId, text: 'a post for the SDK bot to like' }] },
    });
    expect(received.unlikes[0]?.data).toMatchObject({
      delete: { favorite: { id: postId, user_id: sb.user.id } },
    });
    expect(received.deletions[0]?.data).toMatchObject({
      delete: { tweet: { id: postId, author_id: sb.user.id } },
    });
    expect(received.activity.map((message) => message.data?.['event_type'])).toEqual([
      'like.create',
      'post.delete',
    ]);

    abort.abort();
    for (const stream of Object.values(streams)) stream.close();
    await Promise.all(closed);
    await waitFor(() => streamsState(sb.context).hub.size === 0, 'the sandbox to see every stream end');
    // The SDK reports its own abort as an error event (and logs it): nothing else went wrong.
    expect(errors.every((error) => error instanceof Error && error.name === 'AbortError')).toBe(true);
    await pool.close();
    expect(await leakedHandles(before)).toEqual([]);
  });
});
