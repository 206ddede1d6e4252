// Group chats: a group id is reserved, then created with one encrypted key copy per member; members read each
// other's ciphertexts and the group's details; only an admin adds members, with a rotated key that the new member
// reads; a group's messages expire after its `ttl_msec` by the sandbox clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import type { Auth } from '../tweets/signed-client.js';
import {
  ALICE_ID as aliceId,
  chatCalls,
  chatUsers,
  decode,
  type Json,
  keyFor,
  type Problem,
} from './chat-world.js';

let sb: Sandbox;
let alice: Auth;
let bob: Auth;
let carol: Auth;
let dave: Auth;
let bobId: string;
let carolId: string;
let daveId: string;
const { api, registerAll, sendChat } = chatCalls(() => sb);

beforeAll(async () => {
  sb = await startSandbox();
  alice = { user: sb.credentials };
  const users = chatUsers(sb, ['bob_group', 'carol_group', 'dave_group']);
  const [b, c, d] = users as [
    { id: string; auth: Auth },
    { id: string; auth: Auth },
    { id: string; auth: Auth },
  ];
  [bob, bobId, carol, carolId, dave, daveId] = [b.auth, b.id, c.auth, c.id, d.auth, d.id];
  await registerAll([{ id: aliceId, auth: alice }, ...users]);
});
afterAll(() => sb.close());

describe('group chats', () => {
  it('reserves an id, creates the group with keys, lets an admin add a member with a rotated key', async () => {
    const reserved = await api<{ data: { conversation_id: string } }>(
      alice,
      'POST',
      '/2/chat/conversations/group/initialize',
    );
    const groupId = reserved.body.data.conversation_id;
    expect(groupId).toMatch(/^g[0-9]{1,19}$/);

    const notReserved = await api<Problem>(bob, 'POST', '/2/chat/conversations/group', {
      json: {
        conversation_id: groupId,
        conversation_key_version: '1',
        conversation_participant_keys: [keyFor(bobId)],
        group_members: [],
      },
    });
    expect(notReserved.status).toBe(400);
    const created = await api<{ data: Json }>(alice, 'POST', '/2/chat/conversations/group', {
      json: {
        conversation_id: groupId,
        conversation_key_version: '1',
        conversation_participant_keys: [keyFor(aliceId), keyFor(bobId), keyFor(carolId)],
        group_members: [bobId, carolId],
        group_name: 'Sandbox friends',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.data['conversation_id']).toBe(groupId);
    expect((await sendChat(bob, groupId, 'g1', 'hello group')).status).toBe(201);

    const seen = await api<{ data: Json; includes: { users: Json[] } }>(
      carol,
      'GET',
      `/2/chat/conversations/${groupId}`,
      {
        query: { expansions: 'admin_ids,member_ids', 'chat_conversation.fields': 'group_name,type' },
      },
    );
    expect(seen.body.data).toEqual({
      id: groupId,
      type: 'group',
      group_name: 'Sandbox friends',
      admin_ids: [aliceId],
      member_ids: [aliceId, bobId, carolId],
    });
    expect(seen.body.includes.users.map((user) => user['id']).sort()).toEqual(
      [aliceId, bobId, carolId].sort(),
    );

    const byMember = await api<Problem>(bob, 'POST', `/2/chat/conversations/${groupId}/members`, {
      json: { user_ids: [daveId] },
    });
    expect(byMember.status).toBe(403);
    const added = await api(alice, 'POST', `/2/chat/conversations/${groupId}/members`, {
      json: {
        user_ids: [daveId],
        conversation_key_version: '2',
        conversation_participant_keys: [aliceId, bobId, carolId, daveId].map((id) => keyFor(id)),
      },
    });
    expect(added.status).toBe(200);
    const davesView = await api<{ data: Json[]; meta: { conversation_key_events: string[] } }>(
      dave,
      'GET',
      `/2/chat/conversations/${groupId}/events`,
    );
    expect(davesView.body.data).toHaveLength(1);
    expect(
      davesView.body.meta.conversation_key_events.map(
        (event) => decode<Json>(event)['conversation_key_version'],
      ),
    ).toEqual(['2']);
  });

  it("expires a group's messages after its ttl_msec by the sandbox clock", async () => {
    const reserved = await api<{ data: { conversation_id: string } }>(
      alice,
      'POST',
      '/2/chat/conversations/group/initialize',
    );
    const groupId = reserved.body.data.conversation_id;
    const created = await api(alice, 'POST', '/2/chat/conversations/group', {
      json: {
        conversation_id: groupId,
        conversation_key_version: '1',
        conversation_participant_keys: [keyFor(aliceId), keyFor(bobId)],
        group_members: [bobId],
        ttl_msec: '60000',
      },
    });
    expect(created.status).toBe(201);
    expect((await sendChat(alice, groupId, 't1', 'fleeting')).status).toBe(201);
    const events = () => api<{ data?: Json[] }>(bob, 'GET', `/2/chat/conversations/${groupId}/events`);
    expect((await events()).body.data).toHaveLength(1);
    sb.clock.advance(61_000);
    expect((await events()).body.data).toBeUndefined();
    const ttl = await api<{ data: Json }>(bob, 'GET', `/2/chat/conversations/${groupId}`, {
      query: { 'chat_conversation.fields': 'message_ttl_ms' },
    });
    expect(ttl.body.data['message_ttl_ms']).toBe(60_000);
  });

  it('pages the inbox, latest activity first', async () => {
    type Inbox = { data: Json[]; meta: { result_count: number; has_more: boolean; next_token?: string } };
    const first = await api<Inbox>(bob, 'GET', '/2/chat/conversations', { query: { max_results: 1 } });
    expect(first.body.meta).toMatchObject({ result_count: 1, has_more: true });
    const second = await api<Inbox>(bob, 'GET', '/2/chat/conversations', {
      query: { max_results: 1, pagination_token: first.body.meta.next_token ?? '' },
    });
    expect(second.body.meta).toMatchObject({ result_count: 1, has_more: false });
    const names = [...first.body.data, ...second.body.data].map((conversation) => conversation['id']);
    expect(new Set(names).size).toBe(2);
    const all = await api<Inbox>(bob, 'GET', '/2/chat/conversations', {
      query: { 'chat_conversation.fields': 'updated_at' },
    });
    expect(all.body.data.map((conversation) => conversation['id'])).toEqual(names);
    const times = all.body.data.map((conversation) => Date.parse(String(conversation['updated_at'])));
    expect(times[0]).toBeGreaterThan(times[1] ?? Number.POSITIVE_INFINITY);
  });
});
