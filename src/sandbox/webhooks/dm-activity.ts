// A Direct Message as Account Activity delivers it: X's v1.1 `direct_message_events` entry (a `message_create`
// with its recipient, sender and `message_data`) and the `users` object keyed by id that comes beside it.
import type { SandboxUser } from '../context.js';
import type { DmConversation, DmEvent } from '../dm/dm-store.js';
import type { DmSignal } from '../dm/v1-signals.js';
import { renderV1Entities, renderV1Media } from '../tweets/v1-render.js';
import type { TweetWorld } from '../tweets/world.js';
import { PROFILE_IMAGE } from '../users.js';

type Json = Record<string, unknown>;

/** The user object of DM payloads: fewer members than a v1.1 user, `created_timestamp` in epoch ms. */
function dmUser(user: SandboxUser): Json {
  return {
    id: user.id,
    created_timestamp: String(user.createdAt),
    name: user.name,
    screen_name: user.screen_name,
    ...(user.location ? { location: user.location } : {}),
    description: user.description,
    protected: user.protected,
    verified: user.verified,
    followers_count: user.followers.size,
    friends_count: user.friends.size,
    statuses_count: user.statusesCount,
    profile_image_url: PROFILE_IMAGE.replace('https:', 'http:'),
    profile_image_url_https: PROFILE_IMAGE,
  };
}

/**
 * The payload (without `for_user_id`) of a one-to-one message, or undefined for anything else: v1.1 DM events
 * are one-to-one, so group messages and join/leave events are not sent (UNCONFIRMED).
 */
export function directMessagePayload(
  event: DmEvent,
  conversation: DmConversation,
  world: TweetWorld,
): { recipientId: string; payload: Json } | undefined {
  if (event.eventType !== 'MessageCreate' || conversation.group) return undefined;
  const recipientId = conversation.participantIds.find((id) => id !== event.senderId) ?? event.senderId;
  const text = event.text ?? '';
  const firstMedia = event.media[0];
  const mediaLink = event.mediaLink;
  const messageData: Json = {
    text,
    entities: renderV1Entities(event.entities ?? { urls: [], hashtags: [], mentions: [] }, world),
    ...(firstMedia && mediaLink
      ? {
          attachment: {
            type: 'media',
            media: renderV1Media(firstMedia, {
              link: mediaLink,
              expandedUrl: `https://x.com/messages/media/${event.id}`,
              // X serves DM images from ton.twitter.com, signed with the user's token, https only.
              ...(firstMedia.type === 'photo'
                ? {
                    imageUrl: `https://ton.twitter.com/1.1/ton/data/dm/${event.id}/${firstMedia.id}/${mediaLink.url.slice(-8)}.jpg`,
                  }
                : {}),
            }),
          },
        }
      : {}),
  };
  const users = dmUsers(world, [event.senderId, recipientId]);
  return {
    recipientId,
    payload: {
      direct_message_events: [
        {
          type: 'message_create',
          id: event.id,
          created_timestamp: String(event.createdAt),
          message_create: {
            target: { recipient_id: recipientId },
            sender_id: event.senderId,
            message_data: messageData,
          },
        },
      ],
      users,
    },
  };
}

/** The `users` object of DM payloads: each user named, keyed by id. */
export function dmUsers(world: TweetWorld, ids: readonly string[]): Json {
  const users: Json = {};
  for (const id of new Set(ids)) {
    const user = world.user(id);
    if (user) users[id] = dmUser(user);
  }
  return users;
}

/**
 * A typing indicator or a read receipt as Account Activity sends it: `direct_message_indicate_typing_events` or
 * `direct_message_mark_read_events`, one event with `created_timestamp`, `sender_id` (who typed or read),
 * `target.recipient_id` and, for a read receipt, `last_read_event_id`.
 */
export function dmSignalEvents(signal: DmSignal, at: number): Json {
  const event: Json = {
    created_timestamp: String(at),
    sender_id: signal.senderId,
    target: { recipient_id: signal.recipientId },
    ...(signal.lastReadEventId !== undefined ? { last_read_event_id: signal.lastReadEventId } : {}),
  };
  const list =
    signal.signal === 'typing' ? 'direct_message_indicate_typing_events' : 'direct_message_mark_read_events';
  return { [list]: [event] };
}
