// The refusals a chat client meets, each in X's problem shape with the parameter it names: keys that do not fit
// the conversation, groups built wrong, members added wrong, bodies missing, uploads sent wrong. And the few
// edge cases that succeed: a note to self, members added without a key rotation, a read marker that never
// moves back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import type { Auth, CallResult } from '../tweets/signed-client.js';
import {
  ALICE_ID as aliceId,
  b64,
  type ChatUser,
  chatCalls,
  chatUsers,
  decode,
  type Json,
  keyFor,
  type Problem,
} from './chat-world.js';

let sb: Sandbox;
let alice: Auth;
let bob: ChatUser;
let carol: ChatUser;
let keyless: ChatUser;
let group: string;
const { api, registerAll, sendChat } = chatCalls(() => sb);

beforeAll(async () => {
  sb = await startSandbox();
  alice = { user: sb.credentials };
  [bob, carol, keyless] = chatUsers(sb, ['bob_refusals', 'carol_refusals', 'keyless_refusals']) as [
    ChatUser,
    ChatUser,
    ChatUser,
  ];
  await registerAll([{ id: aliceId, auth: alice }, bob, carol]);
  const reserved = await api<{ data: { conversation_id: string } }>(
    alice,
    'POST',
    '/2/chat/conversations/group/initialize',
  );
  group = reserved.body.data.conversation_id;
  const created = await api(alice, 'POST', '/2/chat/conversations/group', {
    json: {
      conversation_id: group,
      conversation_key_version: 'v1',
      conversation_participant_keys: [keyFor(aliceId), keyFor(bob.id)],
      group_members: [bob.id],
    },
  });
  expect(created.status).toBe(201);
});
afterAll(() => sb.close());

/** The answer is X's invalid-request problem and its first error names `parameters`. */
function expectInvalid(answer: CallResult<Problem>, parameters: Record<string, string[]>): void {
  expect(answer.status).toBe(400);
  expect(answer.body.type).toBe('https://api.x.com/2/problems/invalid-request');
  expect(answer.body.errors?.[0]?.parameters).toEqual(parameters);
}

const keys = (id: string, json: Json) =>
  api<Problem>(alice, 'POST', `/2/chat/conversations/${id}/keys`, { json });

describe('conversation keys', () => {
  it('need a registered key version for each participant, once each', async () => {
    const noKey = await keys(keyless.id, {
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(aliceId), keyFor(keyless.id)],
    });
    expectInvalid(noKey, { conversation_participant_keys: [keyless.id] });
    const twice = await keys(bob.id, {
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(aliceId), keyFor(aliceId), keyFor(bob.id)],
    });
    expectInvalid(twice, { conversation_participant_keys: [aliceId] });
    const stranger = await keys(bob.id, {
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(aliceId), keyFor(bob.id), keyFor(carol.id)],
    });
    expectInvalid(stranger, { conversation_participant_keys: [carol.id] });
    const rotation = await keys(bob.id, {
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(aliceId), keyFor(bob.id)],
      base64_encoded_key_rotation: 'not base64!',
    });
    expectInvalid(rotation, { base64_encoded_key_rotation: ['not base64!'] });
    const again = await keys(group, {
      conversation_key_version: 'v1',
      conversation_participant_keys: [keyFor(aliceId), keyFor(bob.id)],
    });
    expectInvalid(again, { conversation_key_version: ['v1'] });
  });

  it('name a user or conversation that exists and a conversation the caller is in', async () => {
    const unknownUser = await keys('1', { conversation_key_version: '1', conversation_participant_keys: [] });
    expect([unknownUser.status, unknownUser.body.type]).toEqual([
      404,
      'https://api.x.com/2/problems/resource-not-found',
    ]);
    expect((unknownUser.body as Problem & Json)['resource_type']).toBe('user');
    const notMine = await api<Problem>(carol.auth, 'POST', `/2/chat/conversations/${group}/typing`);
    expect(notMine.status).toBe(403);
    const unopened = await api<Problem>(alice, 'GET', `/2/chat/conversations/${carol.id}`);
    expect(unopened.status).toBe(404);
    const noBody = await api<Problem>(alice, 'POST', `/2/chat/conversations/${bob.id}/keys`);
    expectInvalid(noBody, {});
  });

  it('open a note to self, which its one participant reads back', async () => {
    const opened = await keys(aliceId, {
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(aliceId)],
    });
    expect(opened.status).toBe(200);
    expect((await sendChat(alice, aliceId, 'self-1', 'note to self')).status).toBe(201);
    const events = await api<{ data: Json[] }>(
      alice,
      'GET',
      `/2/chat/conversations/${aliceId}-${aliceId}/events`,
    );
    expect(events.body.data).toHaveLength(1);
  });
});

describe('groups', () => {
  const create = (json: Json) => api<Problem>(alice, 'POST', '/2/chat/conversations/group', { json });
  const base = async () => {
    const reserved = await api<{ data: { conversation_id: string } }>(
      alice,
      'POST',
      '/2/chat/conversations/group/initialize',
    );
    return {
      conversation_id: reserved.body.data.conversation_id,
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(aliceId), keyFor(bob.id)],
      group_members: [bob.id],
    };
  };

  it('are refused without another member, with unknown members or a bad ttl_msec', async () => {
    expectInvalid(
      await create({
        ...(await base()),
        group_members: [],
        conversation_participant_keys: [keyFor(aliceId)],
      }),
      {
        group_members: [],
      },
    );
    expectInvalid(await create({ ...(await base()), group_members: ['1'] }), { group_members: ['1'] });
    expectInvalid(await create({ ...(await base()), group_admins: ['2'] }), { group_admins: ['2'] });
    expectInvalid(await create({ ...(await base()), ttl_msec: 'soon' }), { ttl_msec: ['soon'] });
  });

  it('take members only as a group, only new ones, and a rotation only with its version', async () => {
    const members = (id: string, json: Json) =>
      api<Problem & { data: Json }>(alice, 'POST', `/2/chat/conversations/${id}/members`, { json });
    expectInvalid(await members(aliceId, { user_ids: [carol.id] }), { id: [aliceId] });
    expectInvalid(await members(group, { user_ids: [bob.id] }), { user_ids: [bob.id] });
    expectInvalid(await members(group, { user_ids: ['1'] }), { user_ids: ['1'] });
    const unversioned = await members(group, {
      user_ids: [carol.id],
      conversation_participant_keys: [keyFor(aliceId), keyFor(bob.id), keyFor(carol.id)],
    });
    expectInvalid(unversioned, { conversation_key_version: [] });
    // Without a rotation the member joins, and reads no key until someone rotates one to them.
    const joined = await members(group, { user_ids: [carol.id] });
    expect(joined.status).toBe(200);
    expect(joined.body.data['conversation_id']).toBe(group);
    const view = await api<{ meta: Json }>(carol.auth, 'GET', `/2/chat/conversations/${group}/events`);
    expect(view.body.meta['conversation_key_events']).toBeUndefined();
  });
});

describe('read markers', () => {
  it('take a live message of the conversation and never move back', async () => {
    const sent = [];
    for (const id of ['r1', 'r2']) {
      const answer = await sendChat(bob.auth, group, id, id);
      sent.push(String(decode(answer.body.data.encoded_message_event)['sequence_id']));
    }
    const read = (seen: string) =>
      api<Problem>(alice, 'POST', `/2/chat/conversations/${group}/read`, {
        json: { seen_until_sequence_id: seen },
      });
    expectInvalid(await read('1'), { seen_until_sequence_id: ['1'] });
    expect((await read(sent[1] ?? '')).status).toBe(200);
    expect((await read(sent[0] ?? '')).status).toBe(200);
    expect(sb.inspect['chat']?.(group)).toMatchObject({ readUntil: { [aliceId]: sent[1] } });
  });
});

describe('chat media uploads', () => {
  it('are refused past the size limit, without media, with a bad segment index or an unknown field', async () => {
    const init = (json: Json) => api<Problem>(alice, 'POST', '/2/chat/media/upload/initialize', { json });
    expectInvalid(await init({ conversation_id: group, total_bytes: 0 }), { total_bytes: ['0'] });
    expectInvalid(await init({ conversation_id: group, total_bytes: 60 * 1024 * 1024 }), {
      total_bytes: [String(60 * 1024 * 1024)],
    });
    const session = await api<{ data: { session_id: string; media_hash_key: string } }>(
      alice,
      'POST',
      '/2/chat/media/upload/initialize',
      { json: { conversation_id: group, total_bytes: 4 } },
    );
    const { session_id: id, media_hash_key: hash } = session.body.data;
    const append = (multipart: Record<string, string | { bytes: Buffer; filename: string; type: string }>) =>
      api<Problem>(alice, 'POST', `/2/chat/media/upload/${id}/append`, { multipart });
    const media = { bytes: Buffer.from('abcd'), filename: 'blob', type: 'application/octet-stream' };
    expectInvalid(await append({ conversation_id: group, media_hash_key: hash, segment_index: '0' }), {
      media: [],
    });
    expectInvalid(await append({ conversation_id: group, media_hash_key: hash, segment_index: 'x', media }), {
      segment_index: ['x'],
    });
    const extra = await append({
      conversation_id: group,
      media_hash_key: hash,
      segment_index: '0',
      other: '1',
      media,
    });
    expect(extra.body.errors?.[0]?.message).toMatch(/other: is not defined in the schema/);
    expectInvalid(await append({ media_hash_key: hash, segment_index: '0', media }), { conversation_id: [] });
    const other = await api<Problem>(alice, 'POST', `/2/chat/media/upload/${id}/append`, {
      multipart: { conversation_id: bob.id, media_hash_key: hash, segment_index: '0', media },
    });
    expect(other.status).toBe(404);
    expect(
      (await append({ conversation_id: group, media_hash_key: hash, segment_index: '0', media })).status,
    ).toBe(200);
    const bad = await api<Problem>(alice, 'POST', `/2/chat/media/upload/${id}/finalize`, {
      json: { conversation_id: group, media_hash_key: hash, num_parts: '1', ttl_msec: 'later' },
    });
    expectInvalid(bad, { ttl_msec: ['later'] });
    const download = await api<Problem>(
      bob.auth,
      'GET',
      `/2/chat/media/${group}/${b64('x').replace(/=/g, '')}`,
    );
    expect(download.status).toBe(404);
  });
});
