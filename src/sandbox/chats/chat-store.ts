// The sandbox's X Chat (end-to-end encrypted) world: users' registered public keys, conversations (one-to-one ids
// are `<smaller id>-<larger id>` as for DMs, groups `g<snowflake>`), their key changes and message events. The
// sandbox never decrypts: ciphertexts and keys are kept as the clients sent them. Emits `'chat'` on every change.
import type { SandboxContext } from '../context.js';

export interface ChatPublicKey {
  readonly version: string;
  readonly publicKey: string;
  readonly signingPublicKey?: string;
  readonly identityPublicKeySignature?: string;
  readonly signingPublicKeySignature?: string;
  readonly fingerprint?: string;
  readonly registrationMethod?: string;
  readonly createdAt: number;
}

/** One participant's copy of a conversation key, encrypted with that participant's public key. */
export interface ParticipantKey {
  readonly encryptedConversationKey: string;
  readonly publicKeyVersion: string;
}

export interface KeyChange {
  /** A snowflake in the same sequence as message events. */
  readonly sequenceId: string;
  readonly conversationKeyVersion: string;
  readonly byUserId: string;
  readonly createdAt: number;
  readonly keys: ReadonlyMap<string, ParticipantKey>;
  readonly keyRotation?: string;
}

export interface ChatMessage {
  /** The sequence id: a snowflake, so events order by id. */
  readonly id: string;
  readonly conversationId: string;
  readonly senderId: string;
  /** The client's own id of the message. */
  readonly messageId: string;
  readonly createdAt: number;
  /** The client's base64 `encoded_message_create_event` (ciphertext), unchanged. */
  readonly encodedCreateEvent: string;
  readonly encodedSignature?: string;
  readonly conversationToken?: string;
  readonly conversationKeyVersion: string;
  readonly previousId?: string;
  /** Whether the sender had a registered public key and signed the message. */
  readonly trusted: boolean;
}

export interface ChatConversation {
  readonly id: string;
  readonly group: boolean;
  participantIds: string[];
  adminIds: string[];
  groupName?: string;
  groupAvatarUrl?: string;
  groupDescription?: string;
  messageTtlMs?: number;
  readonly createdAt: number;
  updatedAt: number;
  readonly keyChanges: KeyChange[];
  /** Oldest first. */
  readonly messages: ChatMessage[];
  /** user id → the sequence id they have read up to. */
  readonly readUntil: Map<string, string>;
}

/** Payload of the `'chat'` event on the sandbox's emitter. */
export interface ChatChange {
  readonly kind: 'public-key' | 'conversation' | 'keys' | 'message' | 'read' | 'typing' | 'members' | 'media';
  readonly conversationId?: string;
  readonly userId?: string;
}

export class ChatStore {
  readonly #keys = new Map<string, ChatPublicKey[]>();
  readonly #conversations = new Map<string, ChatConversation>();
  /** Group ids handed out by `initialize`, by the user they were handed to, not yet created. */
  readonly #pendingGroups = new Map<string, string>();

  constructor(private readonly ctx: SandboxContext) {}

  /** The user's registered keys, newest first. */
  publicKeys(userId: string): readonly ChatPublicKey[] {
    return this.#keys.get(userId) ?? [];
  }

  addPublicKey(userId: string, key: ChatPublicKey): void {
    this.#keys.set(userId, [key, ...this.publicKeys(userId)]);
    this.#emit({ kind: 'public-key', userId });
  }

  conversation(id: string): ChatConversation | undefined {
    return this.#conversations.get(id);
  }

  /** Every conversation (for the web view). */
  all(): ChatConversation[] {
    return [...this.#conversations.values()];
  }

  /** Every conversation the user takes part in. */
  conversationsOf(userId: string): ChatConversation[] {
    return [...this.#conversations.values()].filter((entry) => entry.participantIds.includes(userId));
  }

  /** A new group id reserved for `userId`. */
  initializeGroup(userId: string): string {
    const id = `g${this.ctx.nextId()}`;
    this.#pendingGroups.set(id, userId);
    this.#emit({ kind: 'conversation', conversationId: id, userId });
    return id;
  }

  /** Who reserved a group id that is not created yet. */
  pendingGroupOwner(id: string): string | undefined {
    return this.#pendingGroups.get(id);
  }

  /** Opens a conversation (a group reserved by `initialize` leaves the pending list). */
  open(
    id: string,
    details: { group: boolean; participantIds: string[]; adminIds?: string[] } & Partial<
      Pick<ChatConversation, 'groupName' | 'groupAvatarUrl' | 'groupDescription' | 'messageTtlMs'>
    >,
  ): ChatConversation {
    const existing = this.#conversations.get(id);
    if (existing) return existing;
    const now = this.ctx.now();
    const conversation: ChatConversation = {
      ...details,
      id,
      adminIds: details.adminIds ?? [],
      createdAt: now,
      updatedAt: now,
      keyChanges: [],
      messages: [],
      readUntil: new Map(),
    };
    this.#pendingGroups.delete(id);
    this.#conversations.set(id, conversation);
    this.#emit({ kind: 'conversation', conversationId: id });
    return conversation;
  }

  addKeyChange(
    conversation: ChatConversation,
    change: Omit<KeyChange, 'sequenceId' | 'createdAt'>,
  ): KeyChange {
    const keyChange: KeyChange = { ...change, sequenceId: this.ctx.nextId(), createdAt: this.ctx.now() };
    conversation.keyChanges.push(keyChange);
    conversation.updatedAt = keyChange.createdAt;
    this.#emit({ kind: 'keys', conversationId: conversation.id, userId: change.byUserId });
    return keyChange;
  }

  /** The conversation's current key change (undefined before any key was added). */
  currentKeys(conversation: ChatConversation): KeyChange | undefined {
    return conversation.keyChanges[conversation.keyChanges.length - 1];
  }

  addMembers(conversation: ChatConversation, userIds: readonly string[], byUserId: string): void {
    conversation.participantIds.push(...userIds);
    conversation.updatedAt = this.ctx.now();
    this.#emit({ kind: 'members', conversationId: conversation.id, userId: byUserId });
  }

  /** The messages not yet past the conversation's `message_ttl_ms` by the sandbox clock, oldest first. */
  liveMessages(conversation: ChatConversation): ChatMessage[] {
    const ttl = conversation.messageTtlMs;
    if (ttl === undefined || ttl === 0) return [...conversation.messages];
    const now = this.ctx.now();
    return conversation.messages.filter((message) => message.createdAt + ttl > now);
  }

  /** A message the same sender already sent with this client message id (a retried send). */
  sentBefore(conversation: ChatConversation, senderId: string, messageId: string): ChatMessage | undefined {
    return conversation.messages.find(
      (entry) => entry.senderId === senderId && entry.messageId === messageId,
    );
  }

  send(
    conversation: ChatConversation,
    message: Omit<ChatMessage, 'id' | 'createdAt' | 'conversationId' | 'previousId'>,
  ): ChatMessage {
    const previous = conversation.messages[conversation.messages.length - 1];
    const sent: ChatMessage = {
      ...message,
      id: this.ctx.nextId(),
      conversationId: conversation.id,
      createdAt: this.ctx.now(),
      ...(previous ? { previousId: previous.id } : {}),
    };
    conversation.messages.push(sent);
    conversation.updatedAt = sent.createdAt;
    this.#emit({ kind: 'message', conversationId: conversation.id, userId: message.senderId });
    return sent;
  }

  /** Moves the user's read marker forward to `sequenceId` (an older one leaves it where it is). */
  markRead(conversation: ChatConversation, userId: string, sequenceId: string): void {
    const current = conversation.readUntil.get(userId);
    if (current !== undefined && BigInt(current) >= BigInt(sequenceId)) return;
    conversation.readUntil.set(userId, sequenceId);
    this.#emit({ kind: 'read', conversationId: conversation.id, userId });
  }

  typing(conversation: ChatConversation, userId: string): void {
    this.#emit({ kind: 'typing', conversationId: conversation.id, userId });
  }

  mediaChanged(conversationId: string, userId: string): void {
    this.#emit({ kind: 'media', conversationId, userId });
  }

  #emit(change: ChatChange): void {
    this.ctx.events.emit('chat', change);
  }
}

/** The sandbox's one chat store. */
export function chatStoreOf(ctx: SandboxContext): ChatStore {
  return ctx.state('chat', () => new ChatStore(ctx));
}
