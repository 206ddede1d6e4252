// v2 ChatConversation, ChatMessageEvent and PublicKey objects with the requested fields, the users their
// expansions ask for, and the sandbox's encoding of message and key-change events.
// UNCONFIRMED: X encodes events as Thrift, whose definitions the document does not give; the sandbox's events are
// base64 JSON that carry the client's ciphertext unchanged (docs/SANDBOX.md).
import { iso, renderV2User } from '../tweets/v2-render.js';
import type { TweetWorld } from '../tweets/world.js';
import type { ChatConversation, ChatMessage, ChatPublicKey, KeyChange } from './chat-store.js';

type Json = Record<string, unknown>;

const encode = (value: Json): string => Buffer.from(JSON.stringify(value)).toString('base64');

/** The sandbox's message event: the server's ids and times around the client's `encoded_message_create_event`. */
export function encodedMessageEvent(message: ChatMessage): string {
  return encode({
    sequence_id: message.id,
    message_id: message.messageId,
    conversation_id: message.conversationId,
    sender_id: message.senderId,
    created_at_msec: String(message.createdAt),
    conversation_key_version: message.conversationKeyVersion,
    encoded_message_create_event: message.encodedCreateEvent,
    ...(message.previousId !== undefined ? { previous_sequence_id: message.previousId } : {}),
  });
}

/** A key change as `userId` reads it: their own encrypted copy of the conversation key. */
export function encodedKeyEvent(
  change: KeyChange,
  conversationId: string,
  userId: string,
): string | undefined {
  const key = change.keys.get(userId);
  if (!key) return undefined;
  return encode({
    sequence_id: change.sequenceId,
    conversation_id: conversationId,
    sender_id: change.byUserId,
    created_at_msec: String(change.createdAt),
    conversation_key_version: change.conversationKeyVersion,
    encrypted_conversation_key: key.encryptedConversationKey,
    public_key_version: key.publicKeyVersion,
    ...(change.keyRotation !== undefined ? { base64_encoded_key_rotation: change.keyRotation } : {}),
  });
}

/** UNCONFIRMED: the defaults are `id` and `type`; `type` is `one_to_one` or `group`. */
export function renderConversation(
  conversation: ChatConversation,
  fields: ReadonlySet<string>,
  expansions: ReadonlySet<string>,
): Json {
  const out: Json = { id: conversation.id, type: conversation.group ? 'group' : 'one_to_one' };
  if (fields.has('created_at')) out['created_at'] = iso(conversation.createdAt);
  if (fields.has('updated_at')) out['updated_at'] = iso(conversation.updatedAt);
  if (fields.has('is_muted')) out['is_muted'] = false;
  if (fields.has('screen_capture_blocking_enabled')) out['screen_capture_blocking_enabled'] = false;
  if (fields.has('screen_capture_detection_enabled')) out['screen_capture_detection_enabled'] = false;
  if (fields.has('message_ttl_ms') && conversation.messageTtlMs !== undefined) {
    out['message_ttl_ms'] = conversation.messageTtlMs;
  }
  if (fields.has('group_name') && conversation.groupName !== undefined)
    out['group_name'] = conversation.groupName;
  if (fields.has('group_avatar_url') && conversation.groupAvatarUrl !== undefined) {
    out['group_avatar_url'] = conversation.groupAvatarUrl;
  }
  if (expansions.has('participant_ids')) out['participant_ids'] = [...conversation.participantIds];
  if (conversation.group && expansions.has('member_ids'))
    out['member_ids'] = [...conversation.participantIds];
  if (conversation.group && expansions.has('admin_ids')) out['admin_ids'] = [...conversation.adminIds];
  return out;
}

/** The users the conversations' expansions name, rendered with `user.fields`. */
export function conversationIncludes(
  conversations: readonly ChatConversation[],
  expansions: ReadonlySet<string>,
  userFields: ReadonlySet<string>,
  world: TweetWorld,
): Json | undefined {
  const users = new Map<string, Json>();
  for (const conversation of conversations) {
    const ids = [
      ...(expansions.has('participant_ids') ? conversation.participantIds : []),
      ...(conversation.group && expansions.has('member_ids') ? conversation.participantIds : []),
      ...(conversation.group && expansions.has('admin_ids') ? conversation.adminIds : []),
    ];
    for (const id of ids) {
      const user = users.has(id) ? undefined : world.user(id);
      if (user) users.set(id, renderV2User(user, userFields, world));
    }
  }
  return users.size > 0 ? { users: [...users.values()] } : undefined;
}

/** UNCONFIRMED: the defaults are `id` and `encoded_event`. */
export function renderMessageEvent(message: ChatMessage, fields: ReadonlySet<string>): Json {
  const out: Json = { id: message.id, encoded_event: encodedMessageEvent(message) };
  if (fields.has('conversation_id')) out['conversation_id'] = message.conversationId;
  if (fields.has('sender_id')) out['sender_id'] = message.senderId;
  if (fields.has('created_at')) out['created_at'] = iso(message.createdAt);
  if (fields.has('previous_id') && message.previousId !== undefined) out['previous_id'] = message.previousId;
  if (fields.has('is_trusted')) out['is_trusted'] = message.trusted;
  if (fields.has('conversation_token') && message.conversationToken !== undefined) {
    out['conversation_token'] = message.conversationToken;
  }
  if (fields.has('message_event_signature') && message.encodedSignature !== undefined) {
    out['message_event_signature'] = { encoded_message_event_signature: message.encodedSignature };
  }
  return out;
}

/** UNCONFIRMED: the defaults are `public_key` and `public_key_version`; the sandbox has no Juicebox config. */
export function renderPublicKey(key: ChatPublicKey, fields: ReadonlySet<string>): Json {
  const out: Json = { public_key: key.publicKey, public_key_version: key.version };
  if (fields.has('signing_public_key') && key.signingPublicKey !== undefined) {
    out['signing_public_key'] = key.signingPublicKey;
  }
  if (fields.has('identity_public_key_signature') && key.identityPublicKeySignature !== undefined) {
    out['identity_public_key_signature'] = key.identityPublicKeySignature;
  }
  return out;
}
