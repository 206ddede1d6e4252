// v2 Chats (X Chat, end-to-end encrypted): public keys, conversations and their events, group management,
// messages, read markers, typing and media. State lives in the chat stores; `sb.inspect.chat(id)` shows a
// conversation.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { chatStoreOf } from './chat-store.js';
import { registerConversationRoutes } from './conversation-routes.js';
import { registerKeyRoutes } from './key-routes.js';
import { registerChatMediaRoutes } from './media-routes.js';
import { registerMessageRoutes } from './message-routes.js';

export function registerChatRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const chats = chatStoreOf(ctx);
  ctx.inspectors['chat'] = (id) => {
    const conversation = chats.conversation(id);
    if (!conversation) return undefined;
    return {
      ...conversation,
      participantIds: [...conversation.participantIds],
      adminIds: [...conversation.adminIds],
      keyChanges: conversation.keyChanges.map((change) => ({
        ...change,
        keys: Object.fromEntries(change.keys),
      })),
      readUntil: Object.fromEntries(conversation.readUntil),
    };
  };
  registerKeyRoutes(app, ctx, chats);
  registerConversationRoutes(app, ctx, chats);
  registerMessageRoutes(app, ctx, chats);
  registerChatMediaRoutes(app, ctx, chats);
}
