// Direct messages per conversation: who is in it, its messages oldest first with their media, and which
// messages a participant deleted (X removes a DM only for the one who deletes it).

import type { SandboxUser } from '../context.js';
import type { DmConversationView, DmEvent } from '../dm/dm-store.js';
import { fingerprint, formatTime, html, type SafeHtml } from './html.js';
import { mediaItem, textWithLinks } from './timeline.js';

/** Messages drawn per conversation (the newest); the rest are counted. */
export const DM_MESSAGES_SHOWN = 20;
/** Conversations drawn, the most recently active first. */
export const DM_CONVERSATIONS_SHOWN = 20;

export interface DmSource {
  conversations(): DmConversationView[];
  user(id: string): SandboxUser | undefined;
  /** Participants who deleted this message for themselves. */
  deletedBy(event: DmEvent, participantIds: readonly string[]): string[];
}

function who(source: DmSource, id: string): string {
  const user = source.user(id);
  return user ? `@${user.username}` : id;
}

function eventHtml(source: DmSource, conversation: DmConversationView, event: DmEvent): SafeHtml {
  if (event.eventType !== 'MessageCreate') {
    const verb = event.eventType === 'ParticipantsJoin' ? 'joined' : 'left';
    return html`<li class="dm-note">${(event.participantIds ?? []).map((id) => who(source, id)).join(', ')} ${verb} · ${formatTime(event.createdAt)}</li>`;
  }
  const deleted = source.deletedBy(event, conversation.participantIds);
  const sender = source.user(event.senderId);
  return html`<li class="dm" id="dm-${event.id}">
    <div><strong>${sender?.name ?? event.senderId}</strong> <span class="handle">${who(source, event.senderId)}</span>
    <span class="muted">· ${formatTime(event.createdAt)}</span>
    ${deleted.length > 0 ? html`<span class="badge deleted-badge" title="Deleted for ${deleted.map((id) => who(source, id)).join(', ')}">Deleted for ${deleted.map((id) => who(source, id)).join(', ')}</span>` : ''}</div>
    ${event.text !== undefined ? html`<p class="text">${event.entities ? textWithLinks({ text: event.text, entities: event.entities, mediaLink: event.mediaLink }) : event.text}</p>` : ''}
    ${event.media.length > 0 ? html`<div class="media media-${Math.min(event.media.length, 4)}">${event.media.map(mediaItem)}</div>` : ''}
  </li>`;
}

export function renderDms(source: DmSource): SafeHtml {
  const conversations = source
    .conversations()
    .map((conversation) => ({
      conversation,
      last: conversation.events.at(-1)?.createdAt ?? conversation.createdAt,
    }))
    .sort((a, b) => b.last - a.last)
    .slice(0, DM_CONVERSATIONS_SHOWN);
  const items = conversations.map(({ conversation }) => {
    const messages = conversation.events.slice(-DM_MESSAGES_SHOWN);
    const hidden = conversation.events.length - messages.length;
    const body = html`<details open><summary><strong>${conversation.group ? 'Group' : 'Conversation'}</strong>
      ${conversation.participantIds.map((id) => who(source, id)).join(', ')}
      <span class="muted">· ${conversation.events.length} event${conversation.events.length === 1 ? '' : 's'}</span></summary>
      ${hidden > 0 ? html`<p class="muted">${hidden} earlier not shown</p>` : ''}
      <ul class="dm-events">${messages.map((event) => eventHtml(source, conversation, event))}</ul></details>`;
    return html`<li id="c-${conversation.id}" data-v="${fingerprint(body.value)}">${body}</li>`;
  });
  if (items.length === 0)
    items.push(
      html`<li id="c-empty" class="empty" data-v="0"><span class="muted">No direct messages yet.</span></li>`,
    );
  return html`${items}`;
}
