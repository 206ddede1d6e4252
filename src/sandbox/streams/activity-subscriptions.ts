// X Activity subscriptions of each app: which events (by type, user, direction, keyword) its activity stream
// carries. An event reaches the stream once per subscription it matches, with that subscription's filter and tag.
import type { StreamEvent } from './stream-events.js';

export interface SubscriptionFilter {
  readonly user_id?: string;
  readonly keyword?: string;
  readonly direction?: 'inbound' | 'outbound';
}

export interface ActivitySubscription {
  readonly id: string;
  readonly appId: string;
  readonly eventType: string;
  readonly filter: SubscriptionFilter;
  tag?: string;
  webhookId?: string;
  readonly createdAt: number;
  updatedAt: number;
}

/** What an event is, for matching: its type, the user on each side, and its text (posts). */
export interface ActivityFacts {
  readonly eventType: string;
  /** The user who acted (author, liker, follower), or the only user concerned (the one mentioned). */
  readonly outbound: string;
  /** The user acted upon (the liked post's author, the followed user), for directional events. */
  readonly inbound?: string;
  readonly text?: string;
}

export function activityFacts(event: StreamEvent): ActivityFacts | undefined {
  switch (event.type) {
    case 'post':
      return { eventType: 'post.create', outbound: event.tweet.authorId, text: event.tweet.writtenText };
    case 'mention':
      return { eventType: 'post.mention.create', outbound: event.userId, text: event.tweet.writtenText };
    case 'post-delete':
      return { eventType: 'post.delete', outbound: event.tweet.authorId };
    case 'like':
      return { eventType: 'like.create', outbound: event.userId, inbound: event.tweet.authorId };
    case 'follow':
      return {
        eventType: event.follow ? 'follow.follow' : 'follow.unfollow',
        outbound: event.sourceId,
        inbound: event.targetId,
      };
    // The filtered user of a DM event is the one it happened to: the sender of a sent message, the recipient of
    // a received one, of a typing indicator and of a read receipt (the one whose messages were read).
    case 'dm':
      return {
        eventType: `dm.${event.side}`,
        outbound: event.side === 'sent' ? event.senderId : event.recipientId,
        text: event.text,
      };
    case 'dm-signal':
      return {
        eventType: event.signal === 'typing' ? 'dm.indicate_typing' : 'dm.read',
        outbound: event.recipientId,
      };
    default:
      return undefined;
  }
}

/**
 * UNCONFIRMED: `direction` picks the side `user_id` must be on (no direction: either side); a `keyword` needs
 * the event's post text to hold it (case-insensitive), so it never matches an event without text.
 */
export function matches(subscription: ActivitySubscription, facts: ActivityFacts): boolean {
  if (subscription.eventType !== facts.eventType) return false;
  const { user_id: userId, keyword, direction } = subscription.filter;
  if (userId !== undefined) {
    const sides =
      direction === 'inbound'
        ? [facts.inbound]
        : direction === 'outbound'
          ? [facts.outbound]
          : [facts.outbound, facts.inbound];
    if (!sides.includes(userId)) return false;
  }
  if (keyword !== undefined && !facts.text?.toLowerCase().includes(keyword.toLowerCase())) return false;
  return true;
}

export class ActivitySubscriptions {
  readonly #byId = new Map<string, ActivitySubscription>();

  add(subscription: ActivitySubscription): void {
    this.#byId.set(subscription.id, subscription);
  }

  /** Every app's subscriptions, oldest first. */
  all(): ActivitySubscription[] {
    return [...this.#byId.values()];
  }

  /** The app's subscriptions, oldest first. */
  ofApp(appId: string): ActivitySubscription[] {
    return [...this.#byId.values()].filter((subscription) => subscription.appId === appId);
  }

  /** The app's subscription with this id (another app's is not found). */
  get(appId: string, id: string): ActivitySubscription | undefined {
    const found = this.#byId.get(id);
    return found?.appId === appId ? found : undefined;
  }

  delete(appId: string, id: string): boolean {
    return this.get(appId, id) !== undefined && this.#byId.delete(id);
  }
}
