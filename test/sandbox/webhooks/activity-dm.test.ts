// Direct Messages in X Activity: a one-to-one DM gives its sender's `dm.sent` and its recipient's `dm.received`,
// a typing indicator and a read receipt (v1.1's legacy signals) give `dm.indicate_typing` and `dm.read` to the
// user they concern, on the activity stream and on the webhook a subscription names. Every stream message is
// checked against the activity stream's schema, every webhook body too, every API answer against the document.
import { afterEach, describe, expect, it } from 'vitest';
import { documentValidator, pointer } from '../../../src/sandbox/openapi/schema-validator.js';
import { type OpenStream, openStream } from '../streams/stream-reader.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { user as alice, api, asUser, hook, sb, useWebhookWorld, violations } from './webhook-world.js';

useWebhookWorld();

const streams: OpenStream[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

interface DmPayload {
  direct_message_events?: {
    id: string;
    message_create: { sender_id: string; target: { recipient_id: string }; message_data: { text: string } };
  }[];
  direct_message_indicate_typing_events?: { sender_id: string; target: { recipient_id: string } }[];
  direct_message_mark_read_events?: {
    sender_id: string;
    target: { recipient_id: string };
    last_read_event_id: string;
  }[];
  users: Record<string, { data: { id: string; username: string } }>;
}
interface Envelope {
  data: { event_type: string; tag?: string; filter: { user_id?: string }; payload: DmPayload };
}

const schema = pointer([
  'paths',
  '/2/activity/stream',
  'get',
  'responses',
  '200',
  'content',
  'application/json',
  'schema',
]);

// DM events are private: each is subscribed with the token of the user it filters on (Alice's by default).
const subscribe = (event_type: string, user_id: string, tag: string, webhook_id?: string, as: Auth = alice) =>
  api(
    'POST',
    '/2/activity/subscriptions',
    { json: { event_type, filter: { user_id }, tag, ...(webhook_id ? { webhook_id } : {}) } },
    as,
  );

describe('Direct Messages in X Activity', () => {
  it('streams dm.sent, dm.received, dm.indicate_typing and dm.read to the users they concern', async () => {
    const bob = sb.createUser({ screenName: 'activity_dm_bob' });
    const asBob = asUser(bob);
    await subscribe('dm.sent', sb.user.id, 'alice sent');
    await subscribe('dm.received', bob.user.id, 'bob received', undefined, asBob);
    // Alice receives nothing here and Bob sends no message: these two stay quiet.
    await subscribe('dm.received', sb.user.id, 'alice received');
    await subscribe('dm.sent', bob.user.id, 'bob sent', undefined, asBob);
    await subscribe('dm.indicate_typing', sb.user.id, 'typing to alice');
    await subscribe('dm.read', sb.user.id, 'alice was read');
    const stream = await openStream(sb.url, '/2/activity/stream', sb.credentials.bearerToken);
    streams.push(stream);
    expect(stream.status).toBe(200);

    const sent = await api<{ data: { dm_event_id: string } }>(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      { path: { participant_id: bob.user.id }, json: { text: 'hi @activity_dm_bob' } },
      alice,
    );
    expect(sent.status).toBe(201);
    const messageId = sent.body.data.dm_event_id;
    const typing = await call(sb.url, 'POST', '/1.1/direct_messages/indicate_typing.json', {
      query: { recipient_id: sb.user.id },
      auth: asBob,
    });
    expect(typing.status).toBe(204);
    const read = await call(sb.url, 'POST', '/1.1/direct_messages/mark_read.json', {
      query: { recipient_id: sb.user.id, last_read_event_id: messageId },
      auth: asBob,
    });
    expect(read.status).toBe(204);
    await stream.waitFor(() => stream.messages().length >= 4);

    const messages = stream.messages() as unknown as Envelope[];
    const validator = documentValidator();
    for (const message of messages) expect(validator.check(schema, message)).toEqual([]);
    expect(messages.map(({ data }) => [data.event_type, data.tag, data.filter.user_id])).toEqual([
      ['dm.sent', 'alice sent', sb.user.id],
      ['dm.received', 'bob received', bob.user.id],
      ['dm.indicate_typing', 'typing to alice', sb.user.id],
      ['dm.read', 'alice was read', sb.user.id],
    ]);
    const [out, into, typed, seen] = messages.map(({ data }) => data.payload);
    // Both sides carry the same message, X's legacy DM event, and both users under `data`.
    for (const payload of [out, into]) {
      expect(payload?.direct_message_events).toEqual([
        expect.objectContaining({
          id: messageId,
          message_create: expect.objectContaining({
            sender_id: sb.user.id,
            target: { recipient_id: bob.user.id },
            message_data: expect.objectContaining({ text: 'hi @activity_dm_bob' }),
          }),
        }),
      ]);
      expect(payload?.users[bob.user.id]?.data).toMatchObject({
        id: bob.user.id,
        username: 'activity_dm_bob',
      });
      expect(payload?.users[sb.user.id]?.data.id).toBe(sb.user.id);
    }
    // The mention's v1.1 id is a number written digit for digit.
    expect(stream.received).toContain(`"id":${bob.user.id},"id_str":"${bob.user.id}"`);
    expect(typed?.direct_message_indicate_typing_events).toEqual([
      {
        created_timestamp: expect.stringMatching(/^\d{13}$/),
        sender_id: bob.user.id,
        target: { recipient_id: sb.user.id },
      },
    ]);
    expect(seen?.direct_message_mark_read_events).toEqual([
      {
        created_timestamp: expect.stringMatching(/^\d{13}$/),
        sender_id: bob.user.id,
        target: { recipient_id: sb.user.id },
        last_read_event_id: messageId,
      },
    ]);
    expect(violations).toEqual([]);
  });

  it('delivers a DM event to the webhook its subscription names, signed and in the stream’s shape', async () => {
    const bob = sb.createUser({ screenName: 'activity_dm_hook' });
    const webhook = await api<{ data: { id: string } }>('POST', '/2/webhooks', { json: { url: hook.url } });
    await subscribe('dm.received', sb.user.id, 'to the hook', webhook.body.data.id);
    const sent = await api<{ data: { dm_event_id: string } }>(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      { path: { participant_id: sb.user.id }, json: { text: 'for your webhook' } },
      asUser(bob),
    );
    expect(sent.status).toBe(201);
    await hook.until(1);

    const [delivery] = hook.received;
    expect(delivery?.signature).toBe(hook.sign(delivery?.body ?? ''));
    const body = JSON.parse(delivery?.body ?? '{}') as Envelope;
    expect(documentValidator().check(schema, body)).toEqual([]);
    expect(body.data).toMatchObject({
      event_type: 'dm.received',
      tag: 'to the hook',
      filter: { user_id: sb.user.id },
    });
    expect(body.data.payload.direct_message_events?.[0]).toMatchObject({
      id: sent.body.data.dm_event_id,
      message_create: { sender_id: bob.user.id, target: { recipient_id: sb.user.id } },
    });
    expect(violations).toEqual([]);
  });

  it('refuses a read receipt for a message the reader was not sent, and a signal without its recipient', async () => {
    const bob = sb.createUser({ screenName: 'activity_dm_refused' });
    const sent = await api<{ data: { dm_event_id: string } }>(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      { path: { participant_id: bob.user.id }, json: { text: 'my own message' } },
      alice,
    );
    // Alice cannot mark her own message as read "from Bob": Bob did not send it.
    const own = await call<{ errors: { code: number }[] }>(
      sb.url,
      'POST',
      '/1.1/direct_messages/mark_read.json',
      {
        query: { recipient_id: bob.user.id, last_read_event_id: sent.body.data.dm_event_id },
        auth: alice,
      },
    );
    expect([own.status, own.body.errors[0]?.code]).toEqual([404, 34]);
    const nobody = await call<{ errors: { code: number }[] }>(
      sb.url,
      'POST',
      '/1.1/direct_messages/indicate_typing.json',
      { auth: alice },
    );
    expect(nobody.body.errors[0]?.code).toBe(38);
    const unknown = await call<{ errors: { code: number }[] }>(
      sb.url,
      'POST',
      '/1.1/direct_messages/indicate_typing.json',
      { query: { recipient_id: '1' }, auth: alice },
    );
    expect([unknown.status, unknown.body.errors[0]?.code]).toEqual([404, 50]);
  });
});
