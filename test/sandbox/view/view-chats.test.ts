// The web view's Chats panel over plain HTTP: an encrypted chat sent through the API shows in the page (its size and
// key version, never a plaintext the sandbox does not have), a group's name is escaped, a read marker is shown, and
// a chat change alone (no logged request) is announced on the live stream.

import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chatStoreOf } from '../../../src/sandbox/chats/chat-store.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { ALICE_ID, b64, chatCalls, chatUsers, decode, keyFor } from '../chats/chat-world.js';
import { send } from '../helpers/http.js';

const VIEW = '/__sandbox/view/';

let sb: Sandbox;
const { api, registerAll, sendChat } = chatCalls(() => sb);
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

async function chatsFragment(): Promise<string> {
  const fragments = await send(sb, { path: `${VIEW}fragments` });
  return (fragments.json() as { sections: { chats: string } }).sections.chats;
}

it('shows chats without their plaintext, escapes group names, marks reads, and announces chat changes live', async () => {
  const empty = await send(sb, { path: VIEW });
  expect(empty.text).toContain('<h2>Chats</h2>');
  expect(empty.text).toContain('No chats yet.');

  const alice = { id: ALICE_ID, auth: { user: sb.credentials } };
  const [bob] = chatUsers(sb, ['bob_view_chat']) as [{ id: string; auth: typeof alice.auth }];
  await registerAll([alice, bob]);
  const keys = await api<{ data: { conversation_id: string } }>(
    alice.auth,
    'POST',
    `/2/chat/conversations/${bob.id}/keys`,
    {
      json: {
        conversation_key_version: '7',
        conversation_participant_keys: [keyFor(ALICE_ID), keyFor(bob.id)],
      },
    },
  );
  const conversation = keys.body.data.conversation_id;
  const sent = await sendChat(alice.auth, bob.id, 'client-1', 'the secret plaintext');
  const sequenceId = String(decode(sent.body.data.encoded_message_event)['sequence_id']);
  const reserved = await api<{ data: { conversation_id: string } }>(
    alice.auth,
    'POST',
    '/2/chat/conversations/group/initialize',
  );
  const group = reserved.body.data.conversation_id;
  const created = await api(alice.auth, 'POST', '/2/chat/conversations/group', {
    json: {
      conversation_id: group,
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(ALICE_ID), keyFor(bob.id)],
      group_members: [bob.id],
      group_name: '<b>Team</b>',
    },
  });
  expect(created.status).toBe(201);

  const page = (await send(sb, { path: VIEW })).text;
  expect(page).toContain(`id="x-${conversation}"`);
  expect(page).toContain(`id="chat-${sequenceId}"`);
  expect(page).toContain('@bob_view_chat');
  // What the sandbox holds is the ciphertext: its size, never a text (here the test's stand-in is base64 text).
  const size = Buffer.from(b64('ciphertext: the secret plaintext'), 'base64').length;
  expect(page).toContain(`Encrypted · ${size} B · key 7 · message client-1`);
  expect(page).toContain('Group &lt;b&gt;Team&lt;/b&gt;');
  expect(page).not.toContain('<b>Team');
  expect(page).not.toContain('No chats yet.');
  expect(page).not.toContain('Read by');

  // A chat change with no request behind it (so the request log cannot be what notifies) reaches the stream.
  const controller = new AbortController();
  const events = await request(`${sb.url}${VIEW}events`, { signal: controller.signal });
  let received = '';
  let subscribed: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    subscribed = resolve;
  });
  const sawChange = new Promise<void>((resolve) => {
    events.body.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      // The server subscribes before it writes `retry:`, so a change after this point must be announced.
      if (received.includes('retry:')) subscribed();
      if (received.includes('event: change')) resolve();
    });
  });
  await opened;
  const chats = chatStoreOf(sb.context);
  const held = chats.conversation(conversation);
  if (!held) throw new Error(`the store lost ${conversation}`);
  chats.markRead(held, bob.id, sequenceId);
  await sawChange;
  controller.abort();
  await events.body.dump().catch(() => undefined);
  expect(received).toMatch(/event: change\ndata: \d+\n\n/);
  expect(await chatsFragment()).toContain('>Read by @bob_view_chat</span>');
});
