// Direct Messages on the activity stream (and the webhooks activity subscriptions name): `dm.sent` and
// `dm.received` for each one-to-one message, `dm.indicate_typing` and `dm.read` for the signals users send,
// with X's legacy DM payload: `direct_message_events` (or the signal's own list) beside a `users` map of
// `{data: <v2 user>}` by id, as X's Activity API event examples show.
import { onEventsUntilClose, type SandboxContext } from '../context.js';
import { type DmChange, dmStoreOf } from '../dm/dm-store.js';
import type { DmSignal } from '../dm/v1-signals.js';
import { renderV2User } from '../tweets/v2-render.js';
import type { TweetWorld } from '../tweets/world.js';
import { directMessagePayload, dmSignalEvents } from '../webhooks/dm-activity.js';
import type { StreamEvent, StreamEventBody } from './stream-events.js';

type Json = Record<string, unknown>;

/** The user fields X's examples show in the `users` map. */
const USER_FIELDS = new Set([
  'created_at',
  'description',
  'location',
  'profile_image_url',
  'protected',
  'public_metrics',
  'url',
  'verified',
  'verified_type',
]);

/** Records the stream events of DMs: both sides of every one-to-one message, and every signal. */
export function recordDmActivity(ctx: SandboxContext, record: (event: StreamEventBody) => number): void {
  const dms = dmStoreOf(ctx);
  const onDm = (change: DmChange) => {
    if (change.kind !== 'message' || change.eventId === undefined) return;
    const event = dms.event(change.eventId);
    const conversation = event ? dms.conversation(event.conversationId) : undefined;
    // UNCONFIRMED: group messages are left out, as Account Activity's one-to-one payload leaves them.
    if (!event || !conversation || conversation.group || event.eventType !== 'MessageCreate') return;
    const recipientId = conversation.participantIds.find((id) => id !== event.senderId) ?? event.senderId;
    const common = { dmEventId: event.id, senderId: event.senderId, recipientId, text: event.text ?? '' };
    record({ type: 'dm', side: 'sent', ...common });
    record({ type: 'dm', side: 'received', ...common });
  };
  const onSignal = (signal: DmSignal) => record({ type: 'dm-signal', ...signal });
  onEventsUntilClose(ctx, { dm: onDm, 'dm-signal': onSignal });
}

function users(world: TweetWorld, ids: readonly string[]): Json {
  const out: Json = {};
  for (const id of new Set(ids)) {
    const user = world.user(id);
    if (user) out[id] = { data: renderV2User(user, USER_FIELDS, world) };
  }
  return out;
}

/** The payload of a DM activity event, or undefined for any other event (or a message since forgotten). */
export function dmActivityPayload(
  event: StreamEvent,
  ctx: SandboxContext,
  world: TweetWorld,
): Json | undefined {
  if (event.type === 'dm') {
    const dms = dmStoreOf(ctx);
    const message = dms.event(event.dmEventId);
    const conversation = message ? dms.conversation(message.conversationId) : undefined;
    const rendered = message && conversation ? directMessagePayload(message, conversation, world) : undefined;
    if (!rendered) return undefined;
    return {
      direct_message_events: rendered.payload['direct_message_events'],
      users: users(world, [event.senderId, event.recipientId]),
    };
  }
  if (event.type !== 'dm-signal') return undefined;
  // UNCONFIRMED: X gives no example of these two; they take Account Activity's typing and read events' shape.
  return { ...dmSignalEvents(event, event.at), users: users(world, [event.senderId, event.recipientId]) };
}
