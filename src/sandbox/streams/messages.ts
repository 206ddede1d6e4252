// What each stream sends for a sandbox event, in the document's message shape for its family: posts as the
// sample and filtered streams send them, likes as LikeWithPostAuthor, compliance and label events as their
// own schemas, activity events as `{event_type, event_uuid, filter, payload}`.
import type { SandboxContext } from '../context.js';
import type { TweetService } from '../tweets/service.js';
import { tweetLang } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { iso, renderV2Media, renderV2Tweets, renderV2User } from '../tweets/v2-render.js';
import { mayViewPost } from '../tweets/visibility.js';
import { type ActivitySubscription, activityFacts, matches } from './activity-subscriptions.js';
import { partitionOf } from './catalog.js';
import { dmActivityPayload } from './dm-activity.js';
import type { Subscriber } from './hub.js';
import type { StreamsState } from './state.js';
import type { StreamEvent } from './stream-events.js';
import type { StreamFields } from './stream-fields.js';

type Json = Record<string, unknown>;

export interface MessageEnv {
  readonly ctx: SandboxContext;
  readonly service: TweetService;
  readonly state: StreamsState;
}

/** Whether an item keyed by `id` belongs on the subscriber's partition (always, on a stream without them). */
function onPartition(subscriber: Subscriber, id: string): boolean {
  const { partitions } = subscriber.stream;
  return partitions === 0 || partitionOf(id, partitions) === subscriber.partition;
}

/** The id a published compliance or label message is partitioned by: its post's, user's or liked post's. */
function publishedKey(data: unknown): string {
  const inner = typeof data === 'object' && data !== null ? Object.values(data)[0] : undefined;
  const record = (typeof inner === 'object' && inner !== null ? inner : {}) as Record<string, unknown>;
  for (const name of ['tweet', 'user', 'favorite']) {
    const id = (record[name] as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') return id;
  }
  return '0';
}

/**
 * Whether an event may reach an app-only stream: not when it shows a protected account's post or like, which
 * only the account and its followers may see (the same rule as the sandbox's lookups and timelines).
 */
function isPublic(event: StreamEvent, env: MessageEnv): boolean {
  const world = env.service.world;
  const isProtected = (userId: string | undefined) =>
    userId !== undefined && world.user(userId)?.protected === true;
  switch (event.type) {
    case 'post':
    case 'mention':
    case 'post-delete':
    case 'post-edit':
      // A repost of a protected account's post carries its text: it stays off too.
      return mayViewPost(world, undefined, event.tweet);
    case 'like':
      return !isProtected(event.tweet.authorId) && !isProtected(event.userId);
    case 'unlike':
      return !isProtected(event.userId) && !isProtected(world.tweet(event.tweetId)?.authorId);
    default:
      return true;
  }
}

/** The messages (none, one, or several for activity) an event gives one subscriber. */
export function messagesFor(event: StreamEvent, subscriber: Subscriber, env: MessageEnv): Json[] {
  const { stream } = subscriber;
  if (!isPublic(event, env)) return [];
  if (event.type === 'published') {
    return event.path === stream.path && onPartition(subscriber, publishedKey(event.data))
      ? [{ data: event.data }]
      : [];
  }
  switch (stream.family) {
    case 'posts':
      return event.type === 'post' ? postMessage(event.tweet, subscriber, env) : [];
    case 'likes':
      return event.type === 'like' && onPartition(subscriber, event.tweet.id)
        ? [likeMessage(event, subscriber, env)]
        : [];
    case 'post-compliance':
      return postCompliance(event, subscriber);
    case 'like-compliance':
      return event.type === 'unlike'
        ? [
            {
              data: {
                delete: { favorite: { id: event.tweetId, user_id: event.userId }, event_at: iso(event.at) },
              },
            },
          ]
        : [];
    case 'activity':
      return activityMessages(event, subscriber, env);
    default:
      // User compliance and label events happen only when published (`sb.streams.publish`).
      return [];
  }
}

/**
 * The tweets compliance stream: a deletion, or an edit (`tweet_edit`, with every version's id), each on the
 * partition of the version it is about (so a latest version's edit and its deletion share one).
 */
function postCompliance(event: StreamEvent, subscriber: Subscriber): Json[] {
  if (event.type === 'post-delete' && onPartition(subscriber, event.tweet.id)) {
    return [
      {
        data: {
          delete: { tweet: { id: event.tweet.id, author_id: event.tweet.authorId }, event_at: iso(event.at) },
        },
      },
    ];
  }
  if (event.type === 'post-edit' && onPartition(subscriber, event.tweet.id)) {
    return [
      {
        data: {
          tweet_edit: {
            tweet: { id: event.tweet.id },
            event_at: iso(event.at),
            initial_tweet_id: event.history[0],
            edit_tweet_ids: event.history,
          },
        },
      },
    ];
  }
  return [];
}

function postMessage(tweet: StoredTweet, subscriber: Subscriber, env: MessageEnv): Json[] {
  const { stream, connection, fields } = subscriber;
  if (!onPartition(subscriber, tweet.id)) return [];
  if (stream.lang !== undefined && tweetLang(tweet) !== stream.lang) return [];
  let matchingRules: { id: string; tag: string }[] | undefined;
  if (stream.filtered) {
    const matched = env.state.rulesOf(connection.appId).matching(env.service.matchable(tweet));
    if (matched.length === 0) return [];
    matchingRules = matched.map((rule) => ({ id: rule.id, tag: rule.tag ?? '' }));
  }
  // Every stream is app-only: rendered as no user sees it.
  const rendered = renderV2Tweets([tweet], fields, env.service.world, env.ctx.now(), undefined);
  return [
    {
      data: rendered.data[0],
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      ...(rendered.errors.length > 0 ? { errors: rendered.errors } : {}),
      ...(matchingRules ? { matching_rules: matchingRules } : {}),
    },
  ];
}

type LikeEvent = Extract<StreamEvent, { type: 'like' }>;

/**
 * The document's LikeWithPostAuthor. `timestamp_ms` (epoch milliseconds, which the document's int32 cannot
 * hold) only when `like_with_tweet_author.fields` asks for it; the rest always (UNCONFIRMED).
 */
function likeData(event: LikeEvent, fields: ReadonlySet<string>): Json {
  return {
    id: event.likeId,
    created_at: iso(event.at),
    liked_tweet_id: event.tweet.id,
    tweet_author_id: event.tweet.authorId,
    ...(fields.has('timestamp_ms') ? { timestamp_ms: event.at } : {}),
  };
}

function likeMessage(event: LikeEvent, subscriber: Subscriber, env: MessageEnv): Json {
  const { fields } = subscriber;
  const world = env.service.world;
  const includes: Json = {};
  if (fields.expansions.has('liked_tweet_id')) {
    const onlyFields = { ...fields, expansions: new Set<string>() };
    includes['tweets'] = renderV2Tweets([event.tweet], onlyFields, world, env.ctx.now(), undefined).data;
  }
  const author = world.user(event.tweet.authorId);
  if (fields.expansions.has('liked_tweet_author_id') && author) {
    includes['users'] = [renderV2User(author, fields.user, world)];
  }
  if (fields.expansions.has('attachments.media_keys') && event.tweet.media.length > 0) {
    includes['media'] = event.tweet.media.map((media) => renderV2Media(media, fields.media));
  }
  return { data: likeData(event, fields.like), ...(Object.keys(includes).length > 0 ? { includes } : {}) };
}

/**
 * The activity stream: each event once per subscription of the app it matches (none without a subscription,
 * as on X), with that subscription's filter and tag, and the event's id as `event_uuid`.
 */
function activityMessages(event: StreamEvent, subscriber: Subscriber, env: MessageEnv): Json[] {
  const ofApp = env.state.subscriptions.ofApp(subscriber.connection.appId);
  // A subscription naming a webhook is delivered there instead (UNCONFIRMED, see docs/SANDBOX.md).
  const streamed = ofApp.filter((subscription) => subscription.webhookId === undefined);
  return activityEnvelopes(event, streamed, subscriber.fields, env).map(({ message }) => message);
}

/**
 * What an event gives a webhook named by activity subscriptions: the same envelope as the stream's, once per
 * matching subscription, its post with the default fields. Never a protected account's post or like.
 */
export function activityWebhookMessages(
  event: StreamEvent,
  env: MessageEnv,
): { subscription: ActivitySubscription; message: Json }[] {
  if (!isPublic(event, env)) return [];
  const named = env.state.subscriptions.all().filter((subscription) => subscription.webhookId !== undefined);
  return activityEnvelopes(event, named, DEFAULT_FIELDS, env);
}

const DEFAULT_FIELDS: StreamFields = {
  tweet: new Set(),
  user: new Set(),
  media: new Set(),
  poll: new Set(),
  expansions: new Set(),
  like: new Set(),
};

function activityEnvelopes(
  event: StreamEvent,
  subscriptions: readonly ActivitySubscription[],
  fields: StreamFields,
  env: MessageEnv,
): { subscription: ActivitySubscription; message: Json }[] {
  const facts = activityFacts(event);
  if (!facts) return [];
  const matching = subscriptions.filter((subscription) => matches(subscription, facts));
  if (matching.length === 0) return [];
  const payload = activityPayload(event, fields, env);
  if (!payload) return [];
  return matching.map((subscription) => ({
    subscription,
    message: {
      data: {
        event_type: facts.eventType,
        event_uuid: event.id,
        filter: subscription.filter,
        ...(subscription.tag !== undefined ? { tag: subscription.tag } : {}),
        payload,
      },
    },
  }));
}

function activityPayload(event: StreamEvent, fields: StreamFields, env: MessageEnv): Json | undefined {
  const world = env.service.world;
  switch (event.type) {
    case 'post':
    case 'mention':
      return activityPost(event.tweet, fields, env);
    case 'post-delete':
      return { id: event.tweet.id, author_id: event.tweet.authorId };
    case 'like':
      return likeData(event, fields.like);
    case 'follow': {
      // The document's FollowActivityResponsePayload: both users, with their default fields.
      const user = (id: string) => {
        const found = world.user(id);
        return found ? renderV2User(found, new Set(), world) : { id };
      };
      return { source: user(event.sourceId), target: user(event.targetId) };
    }
    case 'dm':
    case 'dm-signal':
      return dmActivityPayload(event, env.ctx, world);
    default:
      return {};
  }
}

/** The post of a `post.create` or mention event: the requested fields, always with its author. */
function activityPost(tweet: StoredTweet, fields: StreamFields, env: MessageEnv): Json {
  const rendered = renderV2Tweets([tweet], fields, env.service.world, env.ctx.now(), undefined);
  return { ...(rendered.data[0] ?? {}), author_id: tweet.authorId };
}
