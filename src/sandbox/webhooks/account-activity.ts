// Account Activity: a user subscribes to an app's webhook, and what happens to them (posts by, mentioning or
// answering them, likes by or of them, follows either way, deletions of their posts, DMs they send or get, DM
// typing indicators and read receipts either way) is POSTed to it in X's v1.1-shaped Account Activity payloads
// (`for_user_id` plus `tweet_create_events`, `favorite_events`, `follow_events`, `tweet_delete_events`,
// `direct_message_events`, `direct_message_indicate_typing_events` or `direct_message_mark_read_events`).
import type { FastifyInstance } from 'fastify';
import { invalidRequest, onEventsUntilClose, type SandboxContext } from '../context.js';
import { type DmChange, dmStoreOf } from '../dm/dm-store.js';
import type { DmSignal } from '../dm/v1-signals.js';
import { stringifyExact } from '../tweets/exact-json.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { renderV1Tweet, renderV1User } from '../tweets/v1-render.js';
import { mayViewPost } from '../tweets/visibility.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { directMessagePayload, dmSignalEvents, dmUsers } from './dm-activity.js';
import type { Webhook } from './webhook.js';

const APP = { need: 'app', scopes: [] } as const;
const USER = { need: 'user', scopes: ['tweet.read', 'users.read', 'dm.read', 'dm.write'] } as const;
const BASE = '/2/account_activity/webhooks/:webhook_id/subscriptions';
/** Subscriptions an app may hold, over all its webhooks (UNCONFIRMED: X's number depends on the plan). */
const PROVISIONED = 15;

export interface WebhookAccess {
  ownWebhook(appId: string, id: string): Webhook;
  webhooks(): Iterable<Webhook>;
  send(webhook: Webhook, payload: string): void;
}

export function registerAccountActivityRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  access: WebhookAccess,
): void {
  /** webhook id → subscribed user ids. */
  const subscribed = ctx.state('account-activity', () => new Map<string, Set<string>>());
  const tweets = tweetService(ctx);
  const usersOf = (webhookId: string) => {
    let users = subscribed.get(webhookId);
    if (!users) {
      users = new Set();
      subscribed.set(webhookId, users);
    }
    return users;
  };

  const countOf = (appId: string) => {
    let count = 0;
    for (const webhook of access.webhooks()) {
      if (webhook.app.id === appId) count += subscribed.get(webhook.id)?.size ?? 0;
    }
    return count;
  };

  /** Sends `events` to every valid webhook that `userId` is subscribed to (if they may see `post`). */
  const tell = (userId: string, events: Record<string, unknown>, post?: StoredTweet) => {
    if (post !== undefined && !mayViewPost(tweets.world, userId, post)) return;
    for (const webhook of access.webhooks()) {
      if (!webhook.valid || !subscribed.get(webhook.id)?.has(userId)) continue;
      // v1.1 ids (a post's, its author's, a media item's) go digit for digit, as the API writes them.
      access.send(webhook, stringifyExact({ for_user_id: userId, ...events }));
    }
  };
  const v1User = (id: string) => {
    const user = ctx.store.users.get(id);
    return user ? renderV1User(user) : { id_str: id };
  };

  const onPost = (tweet: StoredTweet) => {
    const concerned = new Set([tweet.authorId]);
    if (tweet.inReplyTo) concerned.add(tweet.inReplyTo.userId);
    for (const mention of tweet.entities.mentions) {
      const user = ctx.store.userByUsername(mention.username);
      if (user) concerned.add(user.id);
    }
    for (const userId of concerned) {
      tell(userId, { tweet_create_events: [renderV1Tweet(tweet, tweets.world, userId)] }, tweet);
    }
  };
  const onDelete = (tweet: StoredTweet) =>
    tell(tweet.authorId, {
      tweet_delete_events: [
        { status: { id: tweet.id, user_id: tweet.authorId }, timestamp_ms: String(ctx.now()) },
      ],
    });
  const onLike = ({ userId, tweet, at }: { userId: string; tweet: StoredTweet; at: number }) => {
    for (const concerned of new Set([userId, tweet.authorId])) {
      const event = {
        id: `${userId}-${tweet.id}`,
        created_at: new Date(at).toUTCString(),
        timestamp_ms: at,
        favorited_status: renderV1Tweet(tweet, tweets.world, concerned),
        user: v1User(userId),
      };
      tell(concerned, { favorite_events: [event] }, tweet);
    }
  };
  const onFollow = ({
    sourceId,
    targetId,
    follow,
  }: {
    sourceId: string;
    targetId: string;
    follow: boolean;
  }) => {
    const event = {
      type: follow ? 'follow' : 'unfollow',
      created_timestamp: String(ctx.now()),
      source: v1User(sourceId),
      target: v1User(targetId),
    };
    for (const concerned of [sourceId, targetId]) tell(concerned, { follow_events: [event] });
  };
  // A DM sent through the v2 DM endpoints, to the sender's and the recipient's subscriptions.
  const onDm = (change: DmChange) => {
    if (change.kind !== 'message' || change.eventId === undefined) return;
    const dms = dmStoreOf(ctx);
    const event = dms.event(change.eventId);
    const conversation = event && dms.conversation(event.conversationId);
    const message = conversation && directMessagePayload(event, conversation, tweets.world);
    if (!event || !message) return;
    for (const userId of new Set([event.senderId, message.recipientId])) tell(userId, message.payload);
  };
  // A typing indicator or read receipt (v1.1's legacy signals), to both users' subscriptions (UNCONFIRMED).
  const onSignal = (signal: DmSignal) => {
    const payload = {
      ...dmSignalEvents(signal, ctx.now()),
      users: dmUsers(tweets.world, [signal.senderId, signal.recipientId]),
    };
    for (const userId of new Set([signal.senderId, signal.recipientId])) tell(userId, payload);
  };
  onEventsUntilClose(ctx, {
    tweet: onPost,
    dm: onDm,
    'dm-signal': onSignal,
    'tweet-deleted': onDelete,
    like: onLike,
    follow: onFollow,
  });

  app.post<{ Params: { webhook_id: string } }>(`${BASE}/all`, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `POST ${BASE}/all`, USER);
    const webhook = access.ownWebhook(auth.app.id, request.params.webhook_id);
    const userId = callerOf(auth).id;
    if (!usersOf(webhook.id).has(userId) && countOf(auth.app.id) >= PROVISIONED) {
      throw invalidRequest(
        `This app's ${PROVISIONED} provisioned Account Activity subscriptions are all in use.`,
        {
          webhook_id: [webhook.id],
        },
      );
    }
    usersOf(webhook.id).add(userId);
    return { data: { subscribed: true } };
  });

  app.get<{ Params: { webhook_id: string } }>(`${BASE}/all`, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `GET ${BASE}/all`, USER);
    const webhook = access.ownWebhook(auth.app.id, request.params.webhook_id);
    return { data: { subscribed: usersOf(webhook.id).has(callerOf(auth).id) } };
  });

  app.get<{ Params: { webhook_id: string } }>(`${BASE}/all/list`, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `GET ${BASE}/all/list`, APP);
    const webhook = access.ownWebhook(auth.app.id, request.params.webhook_id);
    return {
      data: {
        application_id: auth.app.id,
        webhook_id: webhook.id,
        webhook_url: webhook.url,
        subscriptions: [...usersOf(webhook.id)].map((userId) => ({ user_id: userId })),
      },
    };
  });

  app.delete<{ Params: { webhook_id: string; user_id: string } }>(
    `${BASE}/:user_id/all`,
    async (request, reply) => {
      const auth = await guard(ctx, request, reply, `DELETE ${BASE}/:user_id/all`, APP);
      const webhook = access.ownWebhook(auth.app.id, request.params.webhook_id);
      usersOf(webhook.id).delete(request.params.user_id);
      return { data: { subscribed: false } };
    },
  );

  app.get('/2/account_activity/subscriptions/count', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/account_activity/subscriptions/count', APP);
    const count = countOf(auth.app.id);
    return {
      data: {
        account_name: auth.app.name,
        provisioned_count: String(PROVISIONED),
        subscriptions_count_all: String(count),
        subscriptions_count_direct_messages: '0',
      },
    };
  });
}
