// What the chat test files share: users with OAuth 1.0a tokens, a JSON caller, public key registration, one
// encrypted copy of a conversation key per participant, and sending a ciphertext. The sandbox is read through
// `current()` at call time, so the calls can be made at module level before `beforeAll` starts it.
import { expect } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type Auth, type CallOptions, type CallResult, call } from '../tweets/signed-client.js';

export type Json = Record<string, unknown>;
export interface Problem {
  type: string;
  title: string;
  detail: string;
  errors?: { message: string; parameters: Record<string, string[]> }[];
}
export interface ChatUser {
  id: string;
  auth: Auth;
}

/** The default user of every sandbox. */
export const ALICE_ID = '2244994945';

export const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');
/** The sandbox's encoded events are base64 JSON (docs/SANDBOX.md, UNCONFIRMED). */
export const decode = <T = Json>(encoded: string) =>
  JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as T;

/** One participant's encrypted copy of the conversation key, made with their public key `version`. */
export const keyFor = (userId: string, version = '1') => ({
  user_id: userId,
  encrypted_conversation_key: b64(`conversation key for ${userId}`),
  public_key_version: version,
});

/** `<smaller id>-<larger id>`, compared as numbers. */
export const oneToOne = (a: string, b: string) => (BigInt(a) <= BigInt(b) ? `${a}-${b}` : `${b}-${a}`);

/** New users of the sandbox, each with an OAuth 1.0a token of the default app. */
export function chatUsers(sb: Sandbox, screenNames: readonly string[]): ChatUser[] {
  return screenNames.map((screenName) => {
    const created = sb.createUser({ screenName });
    return { id: created.user.id, auth: { user: { ...sb.credentials, ...created } } };
  });
}

export function chatCalls(current: () => Sandbox) {
  const api = <T = Json>(as: Auth, method: string, path: string, extra: Omit<CallOptions, 'auth'> = {}) =>
    call<T>(current().url, method, path, { auth: as, ...extra });
  /** Registers public key `version` of user `id` (identity and signing keys named after the user). */
  const register = (as: Auth, id: string, version = '1') =>
    api<{ data: { public_key_version: string } } & Problem>(as, 'POST', `/2/users/${id}/public_keys`, {
      json: {
        version,
        public_key: { public_key: b64(`identity ${id}`), signing_public_key: b64(`sign ${id}`) },
      },
    });
  return {
    api,
    register,
    /** Registers every user's key version 1, as a client does on first start. */
    async registerAll(users: readonly ChatUser[]): Promise<void> {
      for (const user of users) expect((await register(user.auth, user.id)).status).toBe(200);
    },
    sendChat: (as: Auth, id: string, messageId: string, text: string): Promise<CallResult<SentChat>> =>
      api<SentChat>(as, 'POST', `/2/chat/conversations/${id}/messages`, {
        json: { message_id: messageId, encoded_message_create_event: b64(`ciphertext: ${text}`) },
      }),
  };
}

export type SentChat = { data: { encoded_message_event: string } } & Problem;
