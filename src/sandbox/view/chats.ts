// X Chat conversations as the sandbox holds them: who is in it, its key versions, and its messages oldest first.
// The sandbox cannot read a message (it is end-to-end encrypted), so each shows its sender, time, client id, size
// and who has read it.

import type { ChatConversation, ChatMessage } from '../chats/chat-store.js';
import type { SandboxUser } from '../context.js';
import { fingerprint, formatBytes, formatTime, html, type SafeHtml } from './html.js';

/** Messages drawn per conversation (the newest); the rest are counted. */
export const CHAT_MESSAGES_SHOWN = 20;
/** Conversations drawn, the most recently active first. */
export const CHAT_CONVERSATIONS_SHOWN = 20;

export interface ChatSource {
  chatConversations(): readonly ChatConversation[];
  user(id: string): SandboxUser | undefined;
}

function who(source: ChatSource, id: string): string {
  const user = source.user(id);
  return user ? `@${user.username}` : id;
}

/** Participants other than the sender whose read marker is at or past the message. */
function readers(conversation: ChatConversation, message: ChatMessage): string[] {
  return conversation.participantIds.filter((id) => {
    const until = conversation.readUntil.get(id);
    return id !== message.senderId && until !== undefined && BigInt(until) >= BigInt(message.id);
  });
}

function messageHtml(source: ChatSource, conversation: ChatConversation, message: ChatMessage): SafeHtml {
  const sender = source.user(message.senderId);
  const read = readers(conversation, message).map((id) => who(source, id));
  const size = Buffer.from(message.encodedCreateEvent, 'base64').length;
  return html`<li class="dm" id="chat-${message.id}">
    <div><strong>${sender?.name ?? message.senderId}</strong> <span class="handle">${who(source, message.senderId)}</span>
    <span class="muted">· ${formatTime(message.createdAt)}</span>
    ${read.length > 0 ? html`<span class="badge">Read by ${read.join(', ')}</span>` : ''}</div>
    <p class="muted">Encrypted · ${formatBytes(size)} · key ${message.conversationKeyVersion} · message ${message.messageId}</p>
  </li>`;
}

export function renderChats(source: ChatSource): SafeHtml {
  const conversations = [...source.chatConversations()]
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, CHAT_CONVERSATIONS_SHOWN);
  const items = conversations.map((conversation) => {
    const messages = conversation.messages.slice(-CHAT_MESSAGES_SHOWN);
    const hidden = conversation.messages.length - messages.length;
    const count = conversation.messages.length;
    const key = conversation.keyChanges.at(-1)?.conversationKeyVersion;
    const body = html`<details open><summary><strong>${conversation.group ? `Group ${conversation.groupName ?? ''}` : 'Conversation'}</strong>
      ${conversation.participantIds.map((id) => who(source, id)).join(', ')}
      <span class="muted">· ${count} message${count === 1 ? '' : 's'}${key !== undefined ? ` · key ${key}` : ''}</span></summary>
      ${hidden > 0 ? html`<p class="muted">${hidden} earlier not shown</p>` : ''}
      <ul class="dm-events">${messages.map((message) => messageHtml(source, conversation, message))}</ul></details>`;
    return html`<li id="x-${conversation.id}" data-v="${fingerprint(body.value)}">${body}</li>`;
  });
  if (items.length === 0)
    items.push(html`<li id="x-empty" class="empty" data-v="0"><span class="muted">No chats yet.</span></li>`);
  return html`${items}`;
}
