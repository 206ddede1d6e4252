// The web view's direct-message panel over plain HTTP: a DM sent through the API shows in the page (escaped),
// a per-user deletion is marked, and a DM change alone (no logged request) is announced on the live stream.

import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dmStoreOf } from '../../../src/sandbox/dm/dm-store.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { send, sendSigned } from '../helpers/http.js';

const VIEW = '/__sandbox/view/';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

async function dmsFragment(): Promise<string> {
  const fragments = await send(sb, { path: `${VIEW}fragments` });
  return (fragments.json() as { sections: { dms: string } }).sections.dms;
}

it('shows a DM conversation with its text escaped, marks deletions, and announces DM changes live', async () => {
  const empty = await send(sb, { path: VIEW });
  expect(empty.text).toContain('<h2>Direct messages</h2>');
  expect(empty.text).toContain('No direct messages yet.');

  const bob = sb.createUser({ screenName: 'bob_view', name: 'Bob <b>View</b>' }).user;
  const sent = await sendSigned(sb, {
    method: 'POST',
    path: `/2/dm_conversations/with/${bob.id}/messages`,
    json: { text: `<script>alert("dm")</script> & hi` },
  });
  expect(sent.status).toBe(201);
  const { dm_conversation_id: conversation, dm_event_id: eventId } = (
    sent.json() as { data: { dm_conversation_id: string; dm_event_id: string } }
  ).data;

  // The no-script page draws it.
  const page = (await send(sb, { path: VIEW })).text;
  expect(page).toContain(`id="c-${conversation}"`);
  expect(page).toContain(`id="dm-${eventId}"`);
  expect(page).toContain('@bob_view');
  expect(page).toContain('&lt;script&gt;alert(&quot;dm&quot;)&lt;/script&gt; &amp; hi');
  expect(page).toContain('Bob &lt;b&gt;View&lt;/b&gt;');
  expect(page).not.toMatch(/<script>alert|<b>View/);
  expect(page).not.toContain('No direct messages yet.');
  expect(page).not.toContain('Deleted for');

  // The sender deletes it for themselves only: the panel keeps it, marked for the sender alone.
  const deleted = await sendSigned(sb, { method: 'DELETE', path: `/2/dm_events/${eventId}` });
  expect(deleted.status).toBe(200);
  expect(await dmsFragment()).toContain('>Deleted for @XDevelopers</span>');

  // A DM change with no request behind it (so the request log cannot be what notifies) reaches the stream.
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
  dmStoreOf(sb.context).hide(bob.id, eventId);
  await sawChange;
  controller.abort();
  await events.body.dump().catch(() => undefined);
  expect(received).toMatch(/event: change\ndata: \d+\n\n/);
  expect(await dmsFragment()).toContain('>Deleted for @XDevelopers, @bob_view</span>');
});
