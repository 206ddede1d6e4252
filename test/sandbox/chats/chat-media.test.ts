// Chat media as an encrypted client sends it: initialize an upload for a conversation, append segments (base64
// in JSON, raw bytes in multipart), finalize, and the other participant downloads the same bytes; outsiders,
// mismatched uploads and expired media are refused in X's problem shapes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { oauth2UserToken } from '../helpers/oauth2-token.js';
import type { Auth } from '../tweets/signed-client.js';
import {
  ALICE_ID as aliceId,
  b64,
  chatCalls,
  chatUsers,
  type Json,
  keyFor,
  oneToOne,
  type Problem,
} from './chat-world.js';

interface Session {
  session_id: string;
  media_hash_key: string;
  conversation_id: string;
}

let sb: Sandbox;
let alice: Auth;
let bob: Auth;
let carol: Auth;
let bobId: string;
const { api, registerAll } = chatCalls(() => sb);

beforeAll(async () => {
  sb = await startSandbox();
  alice = { user: sb.credentials };
  const [b, c] = chatUsers(sb, ['bob_media_chat', 'carol_media_chat']) as [
    { id: string; auth: Auth },
    { id: string; auth: Auth },
  ];
  [bob, bobId, carol] = [b.auth, b.id, c.auth];
  await registerAll([{ id: aliceId, auth: alice }, b]);
  const keys = await api(alice, 'POST', `/2/chat/conversations/${bobId}/keys`, {
    json: { conversation_key_version: '1', conversation_participant_keys: [keyFor(aliceId), keyFor(bobId)] },
  });
  expect(keys.status).toBe(200);
});
afterAll(() => sb.close());

const initialize = async (totalBytes: number) => {
  const answer = await api<{ data: Session }>(alice, 'POST', '/2/chat/media/upload/initialize', {
    json: { conversation_id: bobId, total_bytes: totalBytes },
  });
  expect(answer.status).toBe(200);
  return answer.body.data;
};
const appendJson = (session: Session, index: number, bytes: Buffer) =>
  api<{ data: { expires_at: number } } & Problem>(
    alice,
    'POST',
    `/2/chat/media/upload/${session.session_id}/append`,
    {
      json: {
        conversation_id: session.conversation_id,
        media_hash_key: session.media_hash_key,
        segment_index: index,
        media: b64(bytes),
      },
    },
  );
const finalize = (session: Session, numParts: string, extra: Json = {}) =>
  api<Problem>(alice, 'POST', `/2/chat/media/upload/${session.session_id}/finalize`, {
    json: {
      conversation_id: session.conversation_id,
      media_hash_key: session.media_hash_key,
      num_parts: numParts,
      ...extra,
    },
  });
const download = (as: Auth, conversation: string, hashKey: string) =>
  fetchBytes(as, `/2/chat/media/${conversation}/${hashKey}`);

async function fetchBytes(as: Auth, path: string) {
  const answer = await api<unknown>(as, 'GET', path);
  return {
    status: answer.status,
    type: answer.headers.get('content-type') ?? '',
    text: answer.text,
    body: answer.body,
  };
}

describe('chat media', () => {
  it('uploads in JSON and multipart segments and the other participant downloads the same bytes', async () => {
    const first = randomBytes(1000);
    const second = randomBytes(700);
    const session = await initialize(first.length + second.length);
    expect(session.conversation_id).toBe(oneToOne(aliceId, bobId));
    expect(session.media_hash_key).toMatch(/^[a-zA-Z0-9]{1,50}$/);

    const appended = await appendJson(session, 0, first);
    expect(appended.status).toBe(200);
    const expiresAt = appended.body.data.expires_at;
    expect(expiresAt).toBeGreaterThan(sb.clock.now() / 1000);
    const multipart = await api(alice, 'POST', `/2/chat/media/upload/${session.session_id}/append`, {
      multipart: {
        conversation_id: bobId,
        media_hash_key: session.media_hash_key,
        segment_index: '1',
        media: { bytes: second, filename: 'blob', type: 'application/octet-stream' },
      },
    });
    expect(multipart.status).toBe(200);
    expect((await finalize(session, '2')).body).toEqual({ data: { success: true } });

    const response = await fetch(`${sb.url}/2/chat/media/${aliceId}/${session.media_hash_key}`, {
      headers: { authorization: `Bearer ${await oauth2UserToken(sb, bobId, ['media.write'])}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/octet-stream/);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('refuses outsiders, mismatched and incomplete uploads, and forgets media past its TTL', async () => {
    const session = await initialize(10);
    const outsider = await download(carol, `${aliceId}-${bobId}`, session.media_hash_key);
    expect(outsider.status).toBe(403);
    expect((outsider.body as Problem).type).toBe('https://api.x.com/2/problems/not-authorized-for-resource');
    const unfinished = await download(bob, aliceId, session.media_hash_key);
    expect([unfinished.status, (unfinished.body as Problem).type]).toEqual([
      404,
      'https://api.x.com/2/problems/resource-not-found',
    ]);

    const tooMuch = await appendJson(session, 0, randomBytes(11));
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors?.[0]?.parameters).toEqual({ segment_index: ['0'] });
    const wrongKey = await appendJson({ ...session, media_hash_key: 'abc' }, 0, randomBytes(4));
    expect(wrongKey.body.errors?.[0]?.parameters).toEqual({ media_hash_key: ['abc'] });
    const notMine = await api<Problem>(bob, 'POST', `/2/chat/media/upload/${session.session_id}/append`, {
      json: {
        conversation_id: aliceId,
        media_hash_key: session.media_hash_key,
        segment_index: 0,
        media: b64('x'),
      },
    });
    expect(notMine.status).toBe(404);
    const schema = await api<Problem>(alice, 'POST', '/2/chat/media/upload/initialize', {
      json: { conversation_id: bobId, total_bytes: 10, extra: true },
    });
    expect([schema.status, schema.body.type]).toEqual([400, 'https://api.x.com/2/problems/invalid-request']);

    expect((await appendJson(session, 0, randomBytes(6))).status).toBe(200);
    expect((await appendJson(session, 2, randomBytes(4))).status).toBe(200);
    const gap = await finalize(session, '2');
    expect(gap.body.errors?.[0]?.parameters).toEqual({ num_parts: ['2'] });
    const short = await initialize(10);
    await appendJson(short, 0, randomBytes(9));
    expect((await finalize(short, '1')).status).toBe(400);

    const fleeting = await initialize(3);
    await appendJson(fleeting, 0, Buffer.from('abc'));
    expect((await finalize(fleeting, '1', { ttl_msec: '60000', message_id: 'm1' })).status).toBe(200);
    expect((await download(bob, aliceId, fleeting.media_hash_key)).text).toBe('abc');
    sb.clock.advance(61_000);
    expect((await download(bob, aliceId, fleeting.media_hash_key)).status).toBe(404);

    const noScope = await oauth2UserToken(sb, undefined, ['dm.write', 'tweet.read', 'users.read']);
    const refused = await api<Problem>({ bearer: noScope }, 'POST', '/2/chat/media/upload/initialize', {
      json: { conversation_id: bobId, total_bytes: 10 },
    });
    expect(refused.status).toBe(403);
  });
});
