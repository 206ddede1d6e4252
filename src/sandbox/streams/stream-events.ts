// What happens in a sandbox that some stream carries, kept for a while so that a connection asking for
// `backfill_minutes` or a `start_time` gets what it missed.
import type { StoredTweet } from '../tweets/tweet-store.js';

export type StreamEventBody =
  | { readonly type: 'post'; readonly tweet: StoredTweet }
  /** A post naming a user (one event per user named), for the activity stream. */
  | { readonly type: 'mention'; readonly tweet: StoredTweet; readonly userId: string }
  | { readonly type: 'post-delete'; readonly tweet: StoredTweet }
  /** A post that is an edit: `history` holds every version's id, oldest first, this one last. */
  | { readonly type: 'post-edit'; readonly tweet: StoredTweet; readonly history: readonly string[] }
  | { readonly type: 'like'; readonly likeId: string; readonly userId: string; readonly tweet: StoredTweet }
  | { readonly type: 'unlike'; readonly userId: string; readonly tweetId: string }
  /** A follow (`follow: true`) or unfollow made through the v2 API, for the activity stream. */
  | {
      readonly type: 'follow';
      readonly sourceId: string;
      readonly targetId: string;
      readonly follow: boolean;
    }
  /**
   * A one-to-one Direct Message, once as its sender sent it and once as its recipient received it (the activity
   * stream's `dm.sent` and `dm.received`).
   */
  | {
      readonly type: 'dm';
      readonly side: 'sent' | 'received';
      readonly dmEventId: string;
      readonly senderId: string;
      readonly recipientId: string;
      readonly text: string;
    }
  /** A typing indicator (`dm.indicate_typing`) or a read receipt (`dm.read`) one user sent another. */
  | {
      readonly type: 'dm-signal';
      readonly signal: 'typing' | 'read';
      readonly senderId: string;
      readonly recipientId: string;
      /** Read receipts: the last message read. */
      readonly lastReadEventId?: string;
    }
  /** A message given whole by the sandbox's owner (`sb.streams.publish`) for one stream path. */
  | { readonly type: 'published'; readonly path: string; readonly data: unknown };

/** An event as recorded: with its own id (the activity stream's `event_uuid`) and its time. */
export type StreamEvent = StreamEventBody & { readonly id: string; readonly at: number };

/** X recovers up to 5 minutes by `backfill_minutes`; the sandbox keeps at most this many events for it. */
export const EVENT_LOG_CAP = 1000;

/** The most recent events, oldest first, capped so a busy sandbox does not grow without bound. */
export class StreamEventLog {
  readonly #events: StreamEvent[] = [];

  push(event: StreamEvent): void {
    this.#events.push(event);
    if (this.#events.length > EVENT_LOG_CAP) this.#events.splice(0, this.#events.length - EVENT_LOG_CAP);
  }

  /** Events with `from <= at <= to`, oldest first. */
  between(from: number, to: number): StreamEvent[] {
    return this.#events.filter((event) => event.at >= from && event.at <= to);
  }

  clear(): void {
    this.#events.length = 0;
  }
}
