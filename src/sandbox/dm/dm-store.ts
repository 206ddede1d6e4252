// The sandbox's direct messages: conversations (one-to-one ids are `<smaller id>-<larger id>` as on X,
// groups get a snowflake), their events, per-user deletions and DM blocks. Emits `'dm'` on every change.
import type { SandboxContext } from '../context.js';
import { linkShortener, type MediaLink } from '../tweets/t-co.js';
import type { TextEntities } from '../tweets/text.js';
import type { AttachedMedia } from '../tweets/tweet-store.js';

export type DmEventType = 'MessageCreate' | 'ParticipantsJoin' | 'ParticipantsLeave';

export interface DmEvent {
  readonly id: string;
  readonly eventType: DmEventType;
  readonly conversationId: string;
  readonly senderId: string;
  readonly createdAt: number;
  /** MessageCreate only. */
  readonly text?: string;
  readonly entities?: TextEntities;
  readonly media: readonly AttachedMedia[];
  /** With media: the t.co link X appends to the text for it (not among `entities.urls`). */
  readonly mediaLink?: MediaLink;
  /** Posts linked from the text (`https://x.com/<user>/status/<id>`). */
  readonly referencedTweetIds: readonly string[];
  /** ParticipantsJoin / ParticipantsLeave: who joined or left. */
  readonly participantIds?: readonly string[];
}

export interface DmConversation {
  readonly id: string;
  readonly group: boolean;
  readonly participantIds: string[];
  readonly createdAt: number;
}

/** What the web view reads: every conversation with its events, oldest first. */
export interface DmConversationView extends DmConversation {
  readonly events: readonly DmEvent[];
}

/** Payload of the `'dm'` event on the sandbox's emitter. */
export interface DmChange {
  readonly kind: 'message' | 'conversation' | 'deleted' | 'block';
  readonly conversationId?: string;
  readonly eventId?: string;
}

const STATUS_LINK = /https?:\/\/(?:www\.)?(?:x|twitter)\.com\/[A-Za-z0-9_]+\/status\/([0-9]{1,19})/g;

/** `<smaller id>-<larger id>`, compared as numbers. */
export function oneToOneId(a: string, b: string): string {
  return BigInt(a) <= BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

export class DmStore {
  readonly #conversations = new Map<string, DmConversation>();
  /** Oldest first (ids grow with time). */
  readonly #events: DmEvent[] = [];
  readonly #byId = new Map<string, DmEvent>();
  /** user id → events that user deleted (X removes a DM only for the one who deletes it). */
  readonly #hidden = new Map<string, Set<string>>();
  /** user id → users whose DMs they blocked. */
  readonly #blocks = new Map<string, Set<string>>();

  constructor(private readonly ctx: SandboxContext) {}

  conversation(id: string): DmConversation | undefined {
    return this.#conversations.get(id);
  }

  /** The one-to-one conversation of two users, created on first use. */
  oneToOne(a: string, b: string): DmConversation {
    const id = oneToOneId(a, b);
    let conversation = this.#conversations.get(id);
    if (!conversation) {
      conversation = { id, group: false, participantIds: a === b ? [a] : [a, b], createdAt: this.ctx.now() };
      this.#conversations.set(id, conversation);
    }
    return conversation;
  }

  /** A new group: its creator plus `others`, opened with a ParticipantsJoin event. */
  createGroup(creatorId: string, others: readonly string[]): DmConversation {
    const participants = [creatorId, ...others.filter((id) => id !== creatorId)];
    const conversation: DmConversation = {
      id: this.ctx.nextId(),
      group: true,
      participantIds: [...new Set(participants)],
      createdAt: this.ctx.now(),
    };
    this.#conversations.set(conversation.id, conversation);
    this.#add({
      id: this.ctx.nextId(),
      eventType: 'ParticipantsJoin',
      conversationId: conversation.id,
      senderId: creatorId,
      createdAt: this.ctx.now(),
      media: [],
      referencedTweetIds: [],
      participantIds: conversation.participantIds.filter((id) => id !== creatorId),
    });
    return conversation;
  }

  send(
    conversation: DmConversation,
    senderId: string,
    message: { text?: string; media: readonly AttachedMedia[] },
  ): DmEvent {
    const written = message.text ?? '';
    const id = this.ctx.nextId();
    // X wraps a DM's links as t.co links too (the v1.1 and v2 DM entities say so); the posts it links stay found.
    const mediaPage = message.media.length > 0 ? `https://x.com/messages/media/${id}` : undefined;
    const { text, entities, mediaLink } = linkShortener(this.ctx).link(written, id, mediaPage, true);
    const event: DmEvent = {
      id,
      eventType: 'MessageCreate',
      conversationId: conversation.id,
      senderId,
      createdAt: this.ctx.now(),
      text,
      entities,
      media: [...message.media],
      ...(mediaLink ? { mediaLink } : {}),
      referencedTweetIds: [...written.matchAll(STATUS_LINK)].map((match) => match[1] ?? ''),
    };
    this.#add(event);
    return event;
  }

  event(id: string): DmEvent | undefined {
    return this.#byId.get(id);
  }

  /** Whether `userId` takes part in the conversation of `event` and has not deleted it. */
  visibleTo(event: DmEvent, userId: string): boolean {
    const conversation = this.#conversations.get(event.conversationId);
    return conversation?.participantIds.includes(userId) === true && !this.#hidden.get(userId)?.has(event.id);
  }

  /** The user's events, newest first; in one conversation when `conversationId` is given. */
  eventsFor(userId: string, conversationId?: string): DmEvent[] {
    const out: DmEvent[] = [];
    for (let index = this.#events.length - 1; index >= 0; index--) {
      const event = this.#events[index];
      if (!event || (conversationId !== undefined && event.conversationId !== conversationId)) continue;
      if (this.visibleTo(event, userId)) out.push(event);
    }
    return out;
  }

  /** Deletes an event for `userId` only. */
  hide(userId: string, eventId: string): void {
    const hidden = this.#hidden.get(userId) ?? new Set<string>();
    this.#hidden.set(userId, hidden);
    hidden.add(eventId);
    this.#emit({ kind: 'deleted', eventId });
  }

  setBlocked(userId: string, targetId: string, blocked: boolean): void {
    const targets = this.#blocks.get(userId) ?? new Set<string>();
    this.#blocks.set(userId, targets);
    if (blocked) targets.add(targetId);
    else targets.delete(targetId);
    this.#emit({ kind: 'block' });
  }

  /** Either side's DM block stops messages both ways. */
  blockedBetween(a: string, b: string): boolean {
    return this.#blocks.get(a)?.has(b) === true || this.#blocks.get(b)?.has(a) === true;
  }

  /** Every conversation with all its events (deleted ones included), for the web view. */
  conversations(): DmConversationView[] {
    return [...this.#conversations.values()].map((conversation) => ({
      ...conversation,
      participantIds: [...conversation.participantIds],
      events: this.#events.filter((event) => event.conversationId === conversation.id),
    }));
  }

  #add(event: DmEvent): void {
    this.#events.push(event);
    this.#byId.set(event.id, event);
    this.#emit({ kind: 'message', conversationId: event.conversationId, eventId: event.id });
  }

  #emit(change: DmChange): void {
    this.ctx.events.emit('dm', change);
  }
}

/** The sandbox's one DM store. */
export function dmStoreOf(ctx: SandboxContext): DmStore {
  return ctx.state('dm', () => new DmStore(ctx));
}
