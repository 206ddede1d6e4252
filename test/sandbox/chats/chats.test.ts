// X Chat as an end-to-end encrypted client drives it: both users register public keys, the sender sets the
// conversation keys (one encrypted copy per participant), sends ciphertexts, and the recipient finds the
// conversation in their inbox and reads the same ciphertexts and their own key copy back. Refusals come in X's
// problem shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { oauth2UserToken } from '../helpers/oauth2-token.js';
import type { Auth } from '../tweets/signed-client.js';
import {
  ALICE_ID as aliceId,
  b64,
  chatCalls,
  chatUsers,
  decode,
  type Json,
  keyFor,
  oneToOne,
  type Problem,
} from './chat-world.js';

let sb: Sandbox;
let alice: Auth;
let bob: Auth;
let carol: Auth;
let bobId: string;
let carolId: string;
const { api, register, sendChat } = chatCalls(() => sb);

beforeAll(async () => {
  sb = await startSandbox();
  alice = { user: sb.credentials };
  const [b, c] = chatUsers(sb, ['bob_chat', 'carol_chat']) as [
    { id: string; auth: Auth },
    { id: string; auth: Auth },
  ];
  [bob, bobId, carol, carolId] = [b.auth, b.id, c.auth, c.id];
});
afterAll(() => sb.close());

describe('public keys', () => {
  it('registers one own key per version and reads them back, one user or many', async () => {
    expect((await register(alice, aliceId, '1')).body).toEqual({ data: { public_key_version: '1' } });
    expect((await register(bob, bobId, '1')).status).toBe(200);
    const generated = await api(bob, 'POST', `/2/users/${bobId}/public_keys`, {
      json: { version: 'ignored', generate_version: true, public_key: { public_key: b64('bob v2') } },
    });
    expect(generated.body).toEqual({ data: { public_key_version: '2' } });

    const duplicate = await register(alice, aliceId, '1');
    expect(duplicate.status).toBe(400);
    const other = await api<Problem>(alice, 'POST', `/2/users/${bobId}/public_keys`, {
      json: { version: '9', public_key: { public_key: b64('x') } },
    });
    expect(other.status).toBe(403);
    expect(other.body.type).toBe('https://api.x.com/2/problems/not-authorized-for-resource');

    const bobs = await api<{ data: Json[] }>(alice, 'GET', `/2/users/${bobId}/public_keys`, {
      query: { 'public_key.fields': 'signing_public_key' },
    });
    expect(bobs.body.data.map((key) => key['public_key_version'])).toEqual(['2', '1']);
    expect(bobs.body.data[1]).toEqual({
      public_key: b64(`identity ${bobId}`),
      public_key_version: '1',
      signing_public_key: b64(`sign ${bobId}`),
    });
    const many = await api<{ data: Json[]; errors: Json[] }>(alice, 'GET', '/2/users/public_keys', {
      query: { ids: `${aliceId},${bobId},${carolId}` },
    });
    expect(many.body.data.map((key) => key['public_key'])).toEqual([
      b64(`identity ${aliceId}`),
      b64('bob v2'),
    ]);
    expect(many.body.errors).toEqual([
      expect.objectContaining({ resource_id: carolId, resource_type: 'public_key' }),
    ]);
  });
});

describe('one-to-one chats', () => {
  it('needs keys first, then the recipient reads the sender ciphertexts and their own key copy', async () => {
    const early = await sendChat(alice, bobId, 'm0', 'too early');
    expect(early.status).toBe(400);
    expect(early.body.errors?.[0]?.message).toMatch(/no encryption keys yet/);

    const keys = await api<{ data: { conversation_id: string; sequence_id: string } }>(
      alice,
      'POST',
      `/2/chat/conversations/${bobId}/keys`,
      {
        json: {
          conversation_key_version: '1000',
          conversation_participant_keys: [keyFor(aliceId), keyFor(bobId, '2')],
        },
      },
    );
    const conversationId = oneToOne(aliceId, bobId);
    expect(keys.status).toBe(200);
    expect(keys.body.data.conversation_id).toBe(conversationId);

    const sent = [];
    for (const [index, text] of ['one', 'two', 'three'].entries()) {
      const answer = await sendChat(alice, bobId, `m${index + 1}`, text);
      expect(answer.status).toBe(201);
      sent.push(decode<Json>(answer.body.data.encoded_message_event));
    }
    expect(sent[2]).toMatchObject({
      conversation_id: conversationId,
      sender_id: aliceId,
      message_id: 'm3',
      encoded_message_create_event: b64('ciphertext: three'),
      conversation_key_version: '1000',
    });
    // A retried send with the same client message id is the same message, not a second one.
    const retried = await sendChat(alice, bobId, 'm3', 'three');
    expect(decode<Json>(retried.body.data.encoded_message_event)['sequence_id']).toBe(
      sent[2]?.['sequence_id'],
    );

    const inbox = await api<{ data: Json[]; includes: { users: Json[] }; meta: Json }>(
      bob,
      'GET',
      '/2/chat/conversations',
      {
        query: {
          expansions: 'participant_ids',
          'chat_conversation.fields': 'created_at,updated_at',
          'user.fields': 'username',
        },
      },
    );
    expect(inbox.body.data[0]).toMatchObject({ id: conversationId, type: 'one_to_one' });
    expect(inbox.body.includes.users).toContainEqual(
      expect.objectContaining({ id: aliceId, username: 'XDevelopers' }),
    );
    expect(inbox.body.meta).toMatchObject({ result_count: 1, has_more: false, has_message_requests: true });

    interface Page {
      data: Json[];
      meta: {
        result_count: number;
        has_more: boolean;
        next_token?: string;
        conversation_key_events: string[];
      };
    }
    const first = await api<Page>(bob, 'GET', `/2/chat/conversations/${aliceId}/events`, {
      query: {
        max_results: '2',
        'chat_message_event.fields': 'sender_id,created_at,previous_id,conversation_id',
      },
    });
    expect(
      first.body.data.map(
        (event) => decode<Json>(event['encoded_event'] as string)['encoded_message_create_event'],
      ),
    ).toEqual([b64('ciphertext: three'), b64('ciphertext: two')]);
    expect(first.body.data[0]).toMatchObject({
      sender_id: aliceId,
      conversation_id: conversationId,
      previous_id: first.body.data[1]?.['id'],
    });
    expect(first.body.meta).toMatchObject({ result_count: 2, has_more: true });
    const [bobsKey] = first.body.meta.conversation_key_events.map((event) => decode<Json>(event));
    expect(bobsKey).toMatchObject({
      conversation_key_version: '1000',
      encrypted_conversation_key: b64(`conversation key for ${bobId}`),
      public_key_version: '2',
    });
    const second = await api<Page>(bob, 'GET', `/2/chat/conversations/${conversationId}/events`, {
      query: { max_results: '2', pagination_token: first.body.meta.next_token ?? '' },
    });
    expect(second.body.data.map((event) => event['id'])).toEqual([sent[0]?.['sequence_id']]);
    expect(second.body.meta).toMatchObject({ result_count: 1, has_more: false });

    const read = await api(bob, 'POST', `/2/chat/conversations/${aliceId}/read`, {
      json: { seen_until_sequence_id: String(sent[2]?.['sequence_id']) },
    });
    expect(read.body).toEqual({ data: { success: true } });
    expect(sb.inspect['chat']?.(conversationId)).toMatchObject({
      readUntil: { [bobId]: sent[2]?.['sequence_id'] },
    });
    const typing = await api(bob, 'POST', `/2/chat/conversations/${aliceId}/typing`);
    expect(typing.body).toEqual({ data: { success: true } });

    // A rotation must bring a newer key version.
    const stale = await api<Problem>(bob, 'POST', `/2/chat/conversations/${aliceId}/keys`, {
      json: {
        conversation_key_version: '999',
        conversation_participant_keys: [keyFor(aliceId), keyFor(bobId)],
      },
    });
    expect(stale.status).toBe(400);
    expect(stale.body.errors?.[0]?.parameters).toEqual({ conversation_key_version: ['999'] });
  });

  it('refuses outsiders, other credentials and bad input in X shapes', async () => {
    const outsider = await api<Problem>(carol, 'GET', `/2/chat/conversations/${aliceId}-${bobId}/events`);
    expect([outsider.status, outsider.body.type]).toEqual([
      403,
      'https://api.x.com/2/problems/not-authorized-for-resource',
    ]);
    const unknown = await api<Problem>(alice, 'GET', '/2/chat/conversations/g123');
    expect([unknown.status, unknown.body.type]).toEqual([
      404,
      'https://api.x.com/2/problems/resource-not-found',
    ]);

    const bearer = await api<Problem>({ bearer: sb.credentials.bearerToken }, 'GET', '/2/chat/conversations');
    expect(bearer.status).toBe(403);
    expect(bearer.body.title).toBe('Unsupported Authentication');
    const readOnly = await oauth2UserToken(sb, undefined, ['dm.read', 'tweet.read', 'users.read']);
    const noWrite = await api<Problem>({ bearer: readOnly }, 'POST', `/2/chat/conversations/${bobId}/typing`);
    expect(noWrite.status).toBe(403);
    const withRead = await api({ bearer: readOnly }, 'GET', '/2/chat/conversations');
    expect(withRead.status).toBe(200);

    const missing = await api<Problem>(alice, 'POST', `/2/chat/conversations/${bobId}/messages`, {
      json: { message_id: 'x' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.type).toBe('https://api.x.com/2/problems/invalid-request');
    const notBase64 = await api<Problem>(alice, 'POST', `/2/chat/conversations/${bobId}/messages`, {
      json: { message_id: 'x', encoded_message_create_event: 'not base64!' },
    });
    expect(notBase64.body.errors?.[0]?.parameters).toEqual({ encoded_message_create_event: ['not base64!'] });
    const badId = await api<Problem>(alice, 'POST', '/2/chat/conversations/abc/typing');
    expect(badId.status).toBe(400);
    const uncovered = await api<Problem>(alice, 'POST', `/2/chat/conversations/${carolId}/keys`, {
      json: { conversation_key_version: '1', conversation_participant_keys: [keyFor(aliceId)] },
    });
    expect(uncovered.body.errors?.[0]?.parameters).toEqual({ conversation_participant_keys: [carolId] });

    expect((await api(bob, 'POST', `/2/users/${aliceId}/dm/block`)).body).toEqual({
      data: { blocked: true },
    });
    const blocked = await sendChat(alice, bobId, 'm9', 'blocked');
    expect(blocked.status).toBe(403);
    await api(bob, 'POST', `/2/users/${aliceId}/dm/unblock`);
    expect((await sendChat(alice, bobId, 'm9', 'unblocked')).status).toBe(201);
  });
});
