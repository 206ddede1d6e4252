// X Chat through X's official SDK (@xdevplatform/xdk), changed only in its base URL: two users register keys,
// one sets the conversation keys and sends a ciphertext with an attachment, the other finds the conversation
// and reads both back; a group is reserved, created and grown. Every answer passes a proxy that checks it
// against X's OpenAPI document.
import type { Client } from '@xdevplatform/xdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { appAndUserClient } from './xdk-setup.js';

type Json = Record<string, unknown>;

let sb: Sandbox;
let proxy: CheckingProxy;
let alice: Client;
let bob: Client;
let carol: Client;
const aliceId = '2244994945';
let bobId: string;
let carolId: string;

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');
const decode = (encoded: string) => JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Json;
const keyFor = (userId: string) => ({
  userId,
  encryptedConversationKey: b64(`conversation key for ${userId}`),
  publicKeyVersion: '1',
});

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  const through = { ...sb, url: proxy.url };
  const b = sb.createUser({ screenName: 'bob_xdk_chat' });
  const c = sb.createUser({ screenName: 'carol_xdk_chat' });
  bobId = b.user.id;
  carolId = c.user.id;
  alice = appAndUserClient(through);
  bob = appAndUserClient(through, b);
  carol = appAndUserClient(through, c);
  for (const [sdk, id] of [
    [alice, aliceId],
    [bob, bobId],
    [carol, carolId],
  ] as const) {
    const added = await sdk.chat.addUserPublicKey(id, {
      version: '1',
      publicKey: { publicKey: b64(`identity ${id}`), signingPublicKey: b64(`signing ${id}`) },
    });
    expect(added.data?.publicKeyVersion).toBe('1');
  }
});
afterAll(async () => {
  await proxy?.close();
  await sb?.close();
});

describe('X Chat through the official X SDK', () => {
  it('sends a ciphertext and an attachment that the recipient reads back', async () => {
    const keys = await alice.users.getPublicKeys([bobId], { publicKeyFields: ['signing_public_key'] });
    expect(keys.data).toEqual([
      {
        publicKey: b64(`identity ${bobId}`),
        publicKeyVersion: '1',
        signingPublicKey: b64(`signing ${bobId}`),
      },
    ]);
    const opened = await alice.chat.addConversationKeys(bobId, {
      conversationKeyVersion: '1',
      conversationParticipantKeys: [keyFor(aliceId), keyFor(bobId)],
    });
    const conversationId = opened.data?.conversationId ?? '';

    const bytes = Buffer.from('encrypted image bytes');
    const session = await alice.chat.mediaUploadInitialize({
      conversationId: bobId,
      totalBytes: bytes.length,
    });
    const upload = { conversationId, mediaHashKey: session.data?.mediaHashKey ?? '' };
    const sessionId = session.data?.sessionId ?? '';
    await alice.chat.mediaUploadAppend(sessionId, { ...upload, segmentIndex: 0, media: b64(bytes) });
    expect((await alice.chat.mediaUploadFinalize(sessionId, { ...upload, numParts: '1' })).data).toEqual({
      success: true,
    });
    const sent = await alice.chat.sendMessage(bobId, {
      messageId: 'xdk-1',
      encodedMessageCreateEvent: b64(`ciphertext naming media ${upload.mediaHashKey}`),
    });
    const event = decode(sent.data?.encodedMessageEvent ?? '');
    expect(event).toMatchObject({ conversation_id: conversationId, sender_id: aliceId, message_id: 'xdk-1' });

    const inbox = await bob.chat.getConversations({
      expansions: ['participant_ids'],
      userFields: ['username'],
    });
    expect(inbox.data?.[0]).toMatchObject({
      id: conversationId,
      participantIds: expect.arrayContaining([aliceId]),
    });
    expect(inbox.includes?.users?.map((user) => user.username)).toContain('XDevelopers');
    const events = await bob.chat.getConversationEvents(aliceId, { chatMessageEventFields: ['sender_id'] });
    expect(events.data?.[0]).toMatchObject({ id: event['sequence_id'], senderId: aliceId });
    expect(decode(String(events.data?.[0]?.encodedEvent))['encoded_message_create_event']).toBe(
      b64(`ciphertext naming media ${upload.mediaHashKey}`),
    );
    const downloaded = (await bob.chat.mediaDownload(aliceId, upload.mediaHashKey)) as unknown as ArrayBuffer;
    expect(Buffer.from(downloaded).equals(bytes)).toBe(true);
    await bob.chat.markConversationRead(aliceId, { seenUntilSequenceId: String(event['sequence_id']) });
    expect((await bob.chat.sendTypingIndicator(aliceId)).data).toEqual({ success: true });
    expect(proxy.violations()).toEqual([]);
  });

  it('reserves, creates and grows a group', async () => {
    const reserved = await alice.chat.initializeGroup();
    const groupId = reserved.data?.conversationId ?? '';
    const created = await alice.chat.createConversation({
      conversationId: groupId,
      conversationKeyVersion: '1',
      conversationParticipantKeys: [keyFor(aliceId), keyFor(bobId)],
      groupMembers: [bobId],
      groupName: 'xdk group',
    });
    expect(created.data?.conversationId).toBe(groupId);
    await alice.chat.addGroupMembers(groupId, {
      userIds: [carolId],
      conversationKeyVersion: '2',
      conversationParticipantKeys: [keyFor(aliceId), keyFor(bobId), keyFor(carolId)],
    });
    const seen = await carol.chat.getConversation(groupId, {
      chatConversationFields: ['group_name'],
      expansions: ['member_ids'],
    });
    expect(seen.data).toMatchObject({ groupName: 'xdk group', memberIds: [aliceId, bobId, carolId] });
    expect(proxy.violations()).toEqual([]);
  });
});
