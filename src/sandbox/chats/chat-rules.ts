// The rules every chat operation shares: which conversation an `id` names (a recipient's user id, a one-to-one
// id or a group id), who may act on it, and what a set of participant keys must hold.
import { invalidRequest, type SandboxContext } from '../context.js';
import { oneToOneId } from '../dm/dm-store.js';
import { socialGraph } from '../social/graph.js';
import { forbidden, notFoundProblem } from '../v2-kit/problems.js';
import type { ChatConversation, ChatStore, KeyChange, ParticipantKey } from './chat-store.js';

const USER_ID = /^[0-9]{1,19}$/;
const ONE_TO_ONE = /^([0-9]{1,19})-([0-9]{1,19})$/;
const BASE64 = /^[A-Za-z0-9+/=_-]+$/;

/** What an `id` path parameter names: the canonical conversation id, and the other user of a one-to-one. */
export interface ConversationRef {
  readonly id: string;
  readonly group: boolean;
  readonly participantIds: readonly string[];
}

const refOf = (id: string) => ({ type: 'chat_conversation', id, parameter: 'id' });

/**
 * The conversation `raw` names for `callerId`. A bare user id is the recipient: the canonical id is built from
 * the caller and them, as the document says. A user who does not exist, or a group never created, is a 404; a
 * conversation the caller is not in is a 403.
 */
export function conversationRef(
  ctx: SandboxContext,
  chats: ChatStore,
  callerId: string,
  raw: string,
): ConversationRef {
  if (raw.startsWith('g')) {
    const group = chats.conversation(raw);
    if (!group) throw notFoundProblem(raw, 'id', 'chat_conversation');
    if (!group.participantIds.includes(callerId)) {
      throw forbidden('You are not a participant of this conversation.', refOf(raw));
    }
    return group;
  }
  const pair = ONE_TO_ONE.exec(raw);
  const [a, b] = pair ? [pair[1] ?? '', pair[2] ?? ''] : [callerId, raw];
  if ((!pair && !USER_ID.test(raw)) || !ctx.store.users.has(a) || !ctx.store.users.has(b)) {
    throw notFoundProblem(raw, 'id', pair || !USER_ID.test(raw) ? 'chat_conversation' : 'user');
  }
  const id = oneToOneId(a, b);
  if (callerId !== a && callerId !== b) {
    throw forbidden('You are not a participant of this conversation.', refOf(id));
  }
  return { id, group: false, participantIds: a === b ? [a] : [a, b] };
}

/** The existing conversation `raw` names; a one-to-one nobody has opened yet (no keys, no message) is a 404. */
export function existingConversation(
  ctx: SandboxContext,
  chats: ChatStore,
  callerId: string,
  raw: string,
): ChatConversation {
  const ref = conversationRef(ctx, chats, callerId, raw);
  const conversation = chats.conversation(ref.id);
  if (!conversation) throw notFoundProblem(raw, 'id', 'chat_conversation');
  return conversation;
}

/**
 * One-to-one messages stop at a DM block or an account block, either way, as DMs do.
 * UNCONFIRMED: X's wording for a blocked recipient.
 */
export function requireNotBlocked(
  ctx: SandboxContext,
  dmBlocked: (a: string, b: string) => boolean,
  conversation: ConversationRef,
  senderId: string,
): void {
  if (conversation.group) return;
  const { blocks } = socialGraph(ctx);
  for (const other of conversation.participantIds.filter((id) => id !== senderId)) {
    if (dmBlocked(senderId, other) || blocks.has(senderId, other) || blocks.has(other, senderId)) {
      throw forbidden(
        'You are not permitted to message the participants of this conversation.',
        refOf(conversation.id),
      );
    }
  }
}

export function requireBase64(parameter: string, value: string): void {
  if (!BASE64.test(value)) throw invalidRequest(`\`${parameter}\` is not base64.`, { [parameter]: [value] });
}

interface RawParticipantKey {
  user_id?: string;
  encrypted_conversation_key?: string;
  public_key_version?: string;
}

/**
 * A key version and one encrypted copy of the conversation key for each participant, each made with a public key
 * version the participant registered; a rotation must bring a version not used before (numerically newer when
 * both are numbers, as the document's "typically a timestamp in milliseconds" ones are).
 */
export function participantKeys(
  chats: ChatStore,
  participantIds: readonly string[],
  version: string,
  given: readonly RawParticipantKey[],
  current: KeyChange | undefined,
): Map<string, ParticipantKey> {
  const parameter = 'conversation_participant_keys';
  if (current) {
    const numeric = /^[0-9]+$/.test(version) && /^[0-9]+$/.test(current.conversationKeyVersion);
    const stale = numeric ? BigInt(version) <= BigInt(current.conversationKeyVersion) : false;
    if (stale || current.conversationKeyVersion === version) {
      throw invalidRequest(
        `\`conversation_key_version\` [${version}] is not newer than the conversation's key version [${current.conversationKeyVersion}].`,
        { conversation_key_version: [version] },
      );
    }
  }
  const keys = new Map<string, ParticipantKey>();
  for (const entry of given) {
    const userId = entry.user_id ?? '';
    const encrypted = entry.encrypted_conversation_key ?? '';
    const keyVersion = entry.public_key_version ?? '';
    if (!participantIds.includes(userId)) {
      throw invalidRequest(`User [${userId}] is not a participant of this conversation.`, {
        [parameter]: [userId],
      });
    }
    if (encrypted === '' || keys.has(userId)) {
      throw invalidRequest(`Give one non-empty \`encrypted_conversation_key\` for user [${userId}].`, {
        [parameter]: [userId],
      });
    }
    if (!chats.publicKeys(userId).some((key) => key.version === keyVersion)) {
      throw invalidRequest(`User [${userId}] has no public key version [${keyVersion}].`, {
        [parameter]: [userId],
      });
    }
    keys.set(userId, { encryptedConversationKey: encrypted, publicKeyVersion: keyVersion });
  }
  const missing = participantIds.filter((id) => !keys.has(id));
  if (missing.length > 0) {
    throw invalidRequest(`Every participant needs a conversation key; missing: [${missing.join(',')}].`, {
      [parameter]: missing,
    });
  }
  return keys;
}

/** A user id that must name an existing user (a group member or admin). */
export function requireUsers(ctx: SandboxContext, parameter: string, ids: readonly string[]): void {
  const unknown = ids.filter((id) => !ctx.store.users.has(id));
  if (unknown.length > 0) {
    throw invalidRequest(`Could not find user with ${parameter}: [${unknown.join(',')}].`, {
      [parameter]: unknown,
    });
  }
}

/** The JSON body of a command whose body the document requires (the document layer checked its shape). */
export function requiredBody<T>(body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('A JSON request body is required.', {});
  }
  return body as T;
}

/**
 * Records the key change a keys or create body sets: its version, the participants' copies, and the rotation
 * payload when one is given.
 */
export function addKeyChangeFrom(
  chats: ChatStore,
  conversation: ChatConversation,
  byUserId: string,
  body: { conversation_key_version: string; base64_encoded_key_rotation?: string | undefined },
  keys: Map<string, ParticipantKey>,
): KeyChange {
  return chats.addKeyChange(conversation, {
    conversationKeyVersion: body.conversation_key_version,
    byUserId,
    keys,
    ...(body.base64_encoded_key_rotation !== undefined
      ? { keyRotation: body.base64_encoded_key_rotation }
      : {}),
  });
}
