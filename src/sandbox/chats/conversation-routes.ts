// v2 Chat conversations: the caller's inbox, one conversation, its events (paged, newest first), and groups
// (an id reserved by `initialize`, then created with its members' keys, then grown). User context only, with
// the OAuth 2.0 scopes each operation's `security` lists.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { listParam } from '../v2-kit/fields.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { idPage, offsetPage } from '../v2-kit/paging.js';
import { forbidden, listBody } from '../v2-kit/problems.js';
import {
  conversationIncludes,
  encodedKeyEvent,
  renderConversation,
  renderMessageEvent,
} from './chat-render.js';
import {
  addKeyChangeFrom,
  existingConversation,
  participantKeys,
  requiredBody,
  requireUsers,
} from './chat-rules.js';
import type { ChatConversation, ChatStore } from './chat-store.js';

const READ_INBOX = { need: 'user', scopes: ['dm.read', 'users.read'] } as const;
const READ = { need: 'user', scopes: ['dm.read', 'tweet.read', 'users.read'] } as const;
const WRITE = { need: 'user', scopes: ['dm.write', 'tweet.read', 'users.read'] } as const;
const INITIALIZE = { need: 'user', scopes: ['dm.write'] } as const;

type Params = { Params: { id: string } };
type ParticipantKeysBody = {
  conversation_key_version?: string;
  conversation_participant_keys?: {
    user_id?: string;
    encrypted_conversation_key?: string;
    public_key_version?: string;
  }[];
  base64_encoded_key_rotation?: string;
};
type CreateBody = ParticipantKeysBody & {
  conversation_id: string;
  conversation_key_version: string;
  group_members: string[];
  group_admins?: string[];
  group_name?: string;
  group_avatar_url?: string;
  group_description?: string;
  ttl_msec?: string;
};

/** A 1:1 conversation in which the caller has not sent and whose other user they do not follow. UNCONFIRMED. */
function isRequest(ctx: SandboxContext, conversation: ChatConversation, userId: string): boolean {
  if (conversation.group) return false;
  const other = conversation.participantIds.find((id) => id !== userId);
  const follows = other !== undefined && ctx.store.users.get(userId)?.friends.has(other) === true;
  return !follows && !conversation.messages.some((message) => message.senderId === userId);
}

export function registerConversationRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  chats: ChatStore,
): void {
  const { world } = tweetService(ctx);

  app.get('/2/chat/conversations', async (request, reply) => {
    const caller = callerOf(await guard(ctx, request, reply, 'GET /2/chat/conversations', READ_INBOX));
    const params = ctx.params(request);
    const inbox = chats
      .conversationsOf(caller.id)
      .sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt || b.id.localeCompare(a.id));
    const page = offsetPage(inbox, params, 10);
    const fields = listParam(params, 'chat_conversation.fields');
    const expansions = listParam(params, 'expansions');
    const includes = conversationIncludes(page.items, expansions, listParam(params, 'user.fields'), world);
    const { result_count, next_token } = page.meta;
    return listBody(
      page.items.map((conversation) => renderConversation(conversation, fields, expansions)),
      {
        ...(includes ? { includes } : {}),
        meta: {
          result_count,
          has_more: next_token !== undefined,
          has_message_requests: inbox.some((conversation) => isRequest(ctx, conversation, caller.id)),
          ...(next_token !== undefined ? { next_token } : {}),
        },
      },
    );
  });

  app.get<Params>('/2/chat/conversations/:id', async (request, reply) => {
    const caller = callerOf(await guard(ctx, request, reply, 'GET /2/chat/conversations/:id', READ));
    const params = ctx.params(request);
    const conversation = existingConversation(ctx, chats, caller.id, request.params.id);
    const expansions = listParam(params, 'expansions');
    const fields = listParam(params, 'chat_conversation.fields');
    const includes = conversationIncludes(
      [conversation],
      expansions,
      listParam(params, 'user.fields'),
      world,
    );
    return { data: renderConversation(conversation, fields, expansions), ...(includes ? { includes } : {}) };
  });

  app.get<Params>('/2/chat/conversations/:id/events', async (request, reply) => {
    const key = 'GET /2/chat/conversations/:id/events';
    const caller = callerOf(await guard(ctx, request, reply, key, READ));
    const params = ctx.params(request);
    const conversation = existingConversation(ctx, chats, caller.id, request.params.id);
    const page = idPage(chats.liveMessages(conversation).reverse(), params, 10);
    const fields = listParam(params, 'chat_message_event.fields');
    // The caller's copies of the conversation keys, newest first, so a reader can decrypt (UNCONFIRMED).
    const keyEvents = [...conversation.keyChanges]
      .reverse()
      .map((change) => encodedKeyEvent(change, conversation.id, caller.id))
      .filter((event): event is string => event !== undefined);
    const { result_count, next_token } = page.meta;
    return listBody(
      page.items.map((message) => renderMessageEvent(message, fields)),
      {
        meta: {
          result_count,
          has_more: next_token !== undefined,
          ...(next_token !== undefined ? { next_token } : {}),
          ...(keyEvents.length > 0 ? { conversation_key_events: keyEvents } : {}),
        },
      },
    );
  });

  app.post('/2/chat/conversations/group/initialize', async (request, reply) => {
    const key = 'POST /2/chat/conversations/group/initialize';
    const caller = callerOf(await guard(ctx, request, reply, key, INITIALIZE));
    return { data: { conversation_id: chats.initializeGroup(caller.id) } };
  });

  app.post('/2/chat/conversations/group', async (request, reply) => {
    const caller = callerOf(await guard(ctx, request, reply, 'POST /2/chat/conversations/group', WRITE));
    const body = requiredBody<CreateBody>(request.body);
    const id = body.conversation_id;
    if (chats.pendingGroupOwner(id) !== caller.id) {
      throw invalidRequest(
        `\`conversation_id\` [${id}] is not a group id POST /2/chat/conversations/group/initialize gave you, or that group exists already.`,
        { conversation_id: [id] },
      );
    }
    const admins = [...new Set([caller.id, ...(body.group_admins ?? [])])];
    const participantIds = [...new Set([caller.id, ...body.group_members, ...admins])];
    requireUsers(ctx, 'group_members', body.group_members);
    requireUsers(ctx, 'group_admins', admins);
    if (participantIds.length < 2) {
      throw invalidRequest('A group needs at least one member besides you.', {
        group_members: body.group_members,
      });
    }
    if (body.ttl_msec !== undefined && !/^[0-9]{1,15}$/.test(body.ttl_msec)) {
      throw invalidRequest('`ttl_msec` is a number of milliseconds.', { ttl_msec: [body.ttl_msec] });
    }
    const given = body.conversation_participant_keys ?? [];
    const keys = participantKeys(chats, participantIds, body.conversation_key_version, given, undefined);
    const conversation = chats.open(id, {
      group: true,
      participantIds,
      adminIds: admins,
      ...(body.group_name !== undefined ? { groupName: body.group_name } : {}),
      ...(body.group_avatar_url !== undefined ? { groupAvatarUrl: body.group_avatar_url } : {}),
      ...(body.group_description !== undefined ? { groupDescription: body.group_description } : {}),
      ...(body.ttl_msec !== undefined ? { messageTtlMs: Number(body.ttl_msec) } : {}),
    });
    const change = addKeyChangeFrom(chats, conversation, caller.id, body, keys);
    reply.code(201);
    return { data: { conversation_id: id, conversation_key_change_sequence_id: change.sequenceId } };
  });

  app.post<Params>('/2/chat/conversations/:id/members', async (request, reply) => {
    const key = 'POST /2/chat/conversations/:id/members';
    const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
    const body = requiredBody<ParticipantKeysBody & { user_ids: string[] }>(request.body);
    const conversation = existingConversation(ctx, chats, caller.id, request.params.id);
    if (!conversation.group) {
      throw invalidRequest('Members can only be added to a group conversation.', { id: [request.params.id] });
    }
    if (!conversation.adminIds.includes(caller.id)) {
      throw forbidden('Only an admin of this group can add members.', {
        type: 'chat_conversation',
        id: conversation.id,
        parameter: 'id',
      });
    }
    const added = [...new Set(body.user_ids)];
    requireUsers(ctx, 'user_ids', added);
    const already = added.filter((id) => conversation.participantIds.includes(id));
    if (added.length === 0 || already.length > 0) {
      throw invalidRequest(`Give users who are not members yet; already members: [${already.join(',')}].`, {
        user_ids: already,
      });
    }
    // A rotation that comes with the new members must give every member, old and new, the new key.
    const rotating =
      body.conversation_key_version !== undefined || body.conversation_participant_keys !== undefined;
    const version = body.conversation_key_version ?? '';
    if (rotating && version === '') {
      throw invalidRequest('A key rotation needs `conversation_key_version`.', {
        conversation_key_version: [],
      });
    }
    const keys = rotating
      ? participantKeys(
          chats,
          [...conversation.participantIds, ...added],
          version,
          body.conversation_participant_keys ?? [],
          chats.currentKeys(conversation),
        )
      : undefined;
    chats.addMembers(conversation, added, caller.id);
    const change = keys
      ? chats.addKeyChange(conversation, {
          conversationKeyVersion: version,
          byUserId: caller.id,
          keys,
        })
      : undefined;
    // The document gives this answer the Post schema; the sandbox fills its `id` (the change's sequence id)
    // and `conversation_id` (UNCONFIRMED).
    return { data: { id: change?.sequenceId ?? ctx.nextId(), conversation_id: conversation.id } };
  });
}
