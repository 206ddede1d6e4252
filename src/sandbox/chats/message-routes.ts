// v2 Chat writes inside a conversation: its encryption keys (first set, then rotated), messages, the read marker
// and the typing indicator. A one-to-one conversation is named by the recipient's user id (or its canonical
// `<smaller>-<larger>` id) and is opened by its first keys. User context only, as the document's security says.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { dmStoreOf } from '../dm/dm-store.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { encodedMessageEvent } from './chat-render.js';
import {
  addKeyChangeFrom,
  conversationRef,
  existingConversation,
  participantKeys,
  requireBase64,
  requiredBody,
  requireNotBlocked,
} from './chat-rules.js';
import type { ChatStore } from './chat-store.js';

const WRITE = { need: 'user', scopes: ['dm.write', 'tweet.read', 'users.read'] } as const;

type Params = { Params: { id: string } };
interface KeysBody {
  conversation_key_version: string;
  conversation_participant_keys: {
    user_id?: string;
    encrypted_conversation_key?: string;
    public_key_version?: string;
  }[];
  base64_encoded_key_rotation?: string;
}
interface MessageBody {
  message_id: string;
  encoded_message_create_event: string;
  encoded_message_event_signature?: string;
  conversation_token?: string;
}

export function registerMessageRoutes(app: FastifyInstance, ctx: SandboxContext, chats: ChatStore): void {
  const dms = dmStoreOf(ctx);
  const dmBlocked = (a: string, b: string) => dms.blockedBetween(a, b);

  app.post<Params>('/2/chat/conversations/:id/keys', async (request, reply) => {
    const key = 'POST /2/chat/conversations/:id/keys';
    const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
    const body = requiredBody<KeysBody>(request.body);
    const ref = conversationRef(ctx, chats, caller.id, request.params.id);
    requireNotBlocked(ctx, dmBlocked, ref, caller.id);
    if (body.base64_encoded_key_rotation !== undefined) {
      requireBase64('base64_encoded_key_rotation', body.base64_encoded_key_rotation);
    }
    const existing = chats.conversation(ref.id);
    const keys = participantKeys(
      chats,
      ref.participantIds,
      body.conversation_key_version,
      body.conversation_participant_keys,
      existing ? chats.currentKeys(existing) : undefined,
    );
    const conversation =
      existing ?? chats.open(ref.id, { group: false, participantIds: [...ref.participantIds] });
    const change = addKeyChangeFrom(chats, conversation, caller.id, body, keys);
    return { data: { conversation_id: conversation.id, sequence_id: change.sequenceId } };
  });

  app.post<Params>('/2/chat/conversations/:id/messages', async (request, reply) => {
    const key = 'POST /2/chat/conversations/:id/messages';
    const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
    const body = requiredBody<MessageBody>(request.body);
    const ref = conversationRef(ctx, chats, caller.id, request.params.id);
    requireNotBlocked(ctx, dmBlocked, ref, caller.id);
    const conversation = chats.conversation(ref.id);
    const keys = conversation ? chats.currentKeys(conversation) : undefined;
    if (!conversation || !keys) {
      throw invalidRequest(
        'This conversation has no encryption keys yet: add them first with POST /2/chat/conversations/{id}/keys.',
        { id: [request.params.id] },
      );
    }
    if (body.message_id === '') {
      throw invalidRequest('`message_id` can not be empty.', { message_id: [''] });
    }
    requireBase64('encoded_message_create_event', body.encoded_message_create_event);
    if (body.encoded_message_event_signature !== undefined) {
      requireBase64('encoded_message_event_signature', body.encoded_message_event_signature);
    }
    // A retried send (same sender, same client message id) answers the message already sent (UNCONFIRMED).
    const message =
      chats.sentBefore(conversation, caller.id, body.message_id) ??
      chats.send(conversation, {
        senderId: caller.id,
        messageId: body.message_id,
        encodedCreateEvent: body.encoded_message_create_event,
        ...(body.encoded_message_event_signature !== undefined
          ? { encodedSignature: body.encoded_message_event_signature }
          : {}),
        ...(body.conversation_token !== undefined ? { conversationToken: body.conversation_token } : {}),
        conversationKeyVersion: keys.conversationKeyVersion,
        trusted: body.encoded_message_event_signature !== undefined && chats.publicKeys(caller.id).length > 0,
      });
    reply.code(201);
    return { data: { encoded_message_event: encodedMessageEvent(message) } };
  });

  app.post<Params>('/2/chat/conversations/:id/read', async (request, reply) => {
    const key = 'POST /2/chat/conversations/:id/read';
    const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
    const body = requiredBody<{ seen_until_sequence_id: string }>(request.body);
    const conversation = existingConversation(ctx, chats, caller.id, request.params.id);
    const seen = body.seen_until_sequence_id;
    if (!chats.liveMessages(conversation).some((message) => message.id === seen)) {
      throw invalidRequest(
        `\`seen_until_sequence_id\` [${seen}] is not a (live) message of this conversation.`,
        {
          seen_until_sequence_id: [seen],
        },
      );
    }
    chats.markRead(conversation, caller.id, seen);
    return { data: { success: true } };
  });

  app.post<Params>('/2/chat/conversations/:id/typing', async (request, reply) => {
    const key = 'POST /2/chat/conversations/:id/typing';
    const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
    const conversation = existingConversation(ctx, chats, caller.id, request.params.id);
    chats.typing(conversation, caller.id);
    return { data: { success: true } };
  });
}
