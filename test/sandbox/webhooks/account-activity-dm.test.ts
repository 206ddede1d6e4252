// Direct Messages through Account Activity, as a bot's webhook server receives them: a DM sent with the v2 DM
// endpoints reaches the sender's and the recipient's subscriptions as X's `direct_message_events` (a
// `message_create` with its text and entities) with both users in `users`, signed; an unsubscribed pair gets
// nothing. Every API answer is checked against X's document.
import { describe, expect, it } from 'vitest';
import { png } from '../media/fixtures.js';
import { call } from '../tweets/signed-client.js';
import { user as alice, api, asUser, hook, sb, useWebhookWorld, violations } from './webhook-world.js';

useWebhookWorld();

interface DmDelivery {
  for_user_id: string;
  direct_message_events?: {
    type: string;
    id: string;
    created_timestamp: string;
    message_create: {
      target: { recipient_id: string };
      sender_id: string;
      message_data: {
        text: string;
        entities: Record<string, unknown[]>;
        attachment?: {
          type: string;
          media: Record<string, unknown> & { indices: [number, number]; url: string };
        };
      };
    };
  }[];
  users?: Record<string, { id: string; screen_name: string }>;
}

describe('account activity: direct messages', () => {
  it('delivers a DM to the sender’s and the recipient’s subscriptions with both users', async () => {
    const webhook = await api<{ data: { id: string } }>('POST', '/2/webhooks', { json: { url: hook.url } });
    const path = { webhook_id: webhook.body.data.id };
    const bob = sb.createUser({ screenName: 'dm_bob' });
    const asBob = asUser(bob);
    const carol = sb.createUser({ screenName: 'dm_carol' });
    const asCarol = asUser(carol);
    for (const who of [alice, asBob]) {
      await api(
        'POST',
        '/2/account_activity/webhooks/{webhook_id}/subscriptions/all',
        { path, json: {} },
        who,
      );
    }

    const sent = await api<{ data: { dm_event_id: string } }>(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      { path: { participant_id: bob.user.id }, json: { text: 'hello bob #sandbox @dm_bob' } },
      alice,
    );
    expect(sent.status).toBe(201);
    // Carol is not subscribed and writes to nobody subscribed: nothing of hers arrives.
    await api(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      { path: { participant_id: carol.user.id }, json: { text: 'to myself, almost' } },
      asCarol,
    );
    await hook.until(2);

    const deliveries = hook.received.map((delivery) => JSON.parse(delivery.body) as DmDelivery);
    expect(deliveries.map((delivery) => delivery.for_user_id).sort()).toEqual(
      [sb.user.id, bob.user.id].sort(),
    );
    for (const delivery of deliveries) {
      expect(delivery.direct_message_events).toEqual([
        {
          type: 'message_create',
          id: sent.body.data.dm_event_id,
          created_timestamp: expect.stringMatching(/^\d{13}$/),
          message_create: {
            target: { recipient_id: bob.user.id },
            sender_id: sb.user.id,
            message_data: {
              text: 'hello bob #sandbox @dm_bob',
              entities: {
                hashtags: [{ text: 'sandbox', indices: [10, 18] }],
                symbols: [],
                user_mentions: [expect.objectContaining({ screen_name: 'dm_bob', id_str: bob.user.id })],
                urls: [],
              },
            },
          },
        },
      ]);
      expect(Object.keys(delivery.users ?? {}).sort()).toEqual([sb.user.id, bob.user.id].sort());
      expect(delivery.users?.[bob.user.id]).toMatchObject({ id: bob.user.id, screen_name: 'dm_bob' });
    }
    for (const delivery of hook.received) expect(delivery.signature).toBe(hook.sign(delivery.body));

    // Bob answers: the same two subscriptions hear of it, and nothing of Carol's came before.
    await api(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      { path: { participant_id: sb.user.id }, json: { text: 'hi alice' } },
      asBob,
    );
    await hook.until(4);
    const texts = hook.received.map(
      (delivery) =>
        (JSON.parse(delivery.body) as DmDelivery).direct_message_events?.[0]?.message_create.message_data
          .text,
    );
    expect(texts).toEqual([
      'hello bob #sandbox @dm_bob',
      'hello bob #sandbox @dm_bob',
      'hi alice',
      'hi alice',
    ]);
    const count = await api<{ data: { subscriptions_count_all: string } }>(
      'GET',
      '/2/account_activity/subscriptions/count',
    );
    expect(count.body.data.subscriptions_count_all).toBe('2');
    expect(violations).toEqual([]);
  });

  it('carries a DM’s photo as X’s attachment, on the t.co link the text ends with', async () => {
    const webhook = await api<{ data: { id: string } }>('POST', '/2/webhooks', { json: { url: hook.url } });
    await api(
      'POST',
      '/2/account_activity/webhooks/{webhook_id}/subscriptions/all',
      { path: { webhook_id: webhook.body.data.id }, json: {} },
      alice,
    );
    const bob = sb.createUser({ screenName: 'dm_photo_bob' });
    // The upload is multipart, which the checking caller does not send; its answer is not what is tested here.
    const uploaded = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/media/upload', {
      auth: alice,
      multipart: {
        media_category: 'dm_image',
        media: { bytes: png(64, 48), filename: 'p.png', type: 'image/png' },
      },
    });
    expect(uploaded.status).toBe(200);
    const mediaId = uploaded.body.data.id;
    const sent = await api<{ data: { dm_event_id: string } }>(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      {
        path: { participant_id: bob.user.id },
        json: { text: 'see https://example.com/p', attachments: [{ media_id: mediaId }] },
      },
      alice,
    );
    expect(sent.status).toBe(201);
    const eventId = sent.body.data.dm_event_id;
    await hook.until(1);

    const [delivery] = hook.received.map((received) => JSON.parse(received.body) as DmDelivery);
    expect(delivery?.for_user_id).toBe(sb.user.id);
    const data = delivery?.direct_message_events?.[0]?.message_create.message_data;
    const media = data?.attachment?.media;
    const text = data?.text ?? '';
    const at = (indices: [number, number] | undefined) =>
      [...text].slice(indices?.[0], indices?.[1]).join('');
    // X's shape: the text's own link and the media's link are both t.co links, the media one last.
    expect(text).toMatch(/^see https:\/\/t\.co\/\w{10} https:\/\/t\.co\/\w{10}$/);
    expect(data?.attachment?.type).toBe('media');
    expect(media).toMatchObject({
      id: Number(mediaId),
      id_str: mediaId,
      type: 'photo',
      url: expect.stringMatching(/^https:\/\/t\.co\/\w{10}$/),
      display_url: `pic.x.com/${media?.url.slice('https://t.co/'.length)}`,
      expanded_url: `https://x.com/messages/media/${eventId}`,
      media_url_https: expect.stringMatching(
        new RegExp(`^https://ton\\.twitter\\.com/1\\.1/ton/data/dm/${eventId}/${mediaId}/\\w+\\.jpg$`),
      ),
      sizes: {
        thumb: { w: 150, h: 150, resize: 'crop' },
        small: { w: 64, h: 48, resize: 'fit' },
        medium: { w: 64, h: 48, resize: 'fit' },
        large: { w: 64, h: 48, resize: 'fit' },
      },
    });
    expect(media?.['media_url']).toBe(media?.['media_url_https']);
    // The id is a JSON number written digit for digit, as in every v1.1 body.
    expect(hook.received[0]?.body).toContain(`"id":${mediaId},"id_str":"${mediaId}"`);
    expect(at(media?.indices)).toBe(media?.url);
    expect(text.endsWith(media?.url ?? '-')).toBe(true);
    // A DM lists its media link among its URLs too, beside the link written.
    const urls = (data?.entities['urls'] ?? []) as {
      url: string;
      expanded_url: string;
      indices: [number, number];
    }[];
    expect(urls.map((url) => url.expanded_url)).toEqual([
      'https://example.com/p',
      `https://x.com/messages/media/${eventId}`,
    ]);
    for (const url of urls) expect(at(url.indices)).toBe(url.url);
    expect(violations).toEqual([]);
  });

  it('delivers typing indicators and read receipts to both users’ subscriptions, as X’s legacy DM events', async () => {
    const webhook = await api<{ data: { id: string } }>('POST', '/2/webhooks', { json: { url: hook.url } });
    await api(
      'POST',
      '/2/account_activity/webhooks/{webhook_id}/subscriptions/all',
      { path: { webhook_id: webhook.body.data.id }, json: {} },
      alice,
    );
    const bob = sb.createUser({ screenName: 'dm_signal_bob' });
    const asBob = asUser(bob);
    await api(
      'POST',
      '/2/account_activity/webhooks/{webhook_id}/subscriptions/all',
      { path: { webhook_id: webhook.body.data.id }, json: {} },
      asBob,
    );
    const sent = await api<{ data: { dm_event_id: string } }>(
      'POST',
      '/2/dm_conversations/with/{participant_id}/messages',
      { path: { participant_id: bob.user.id }, json: { text: 'are you there?' } },
      alice,
    );
    await hook.until(2);
    const typing = await call(sb.url, 'POST', '/1.1/direct_messages/indicate_typing.json', {
      query: { recipient_id: sb.user.id },
      auth: asBob,
    });
    const read = await call(sb.url, 'POST', '/1.1/direct_messages/mark_read.json', {
      query: { recipient_id: sb.user.id, last_read_event_id: sent.body.data.dm_event_id },
      auth: asBob,
    });
    expect([typing.status, read.status]).toEqual([204, 204]);
    await hook.until(6);

    const signals = hook.received
      .slice(2)
      .map((delivery) => JSON.parse(delivery.body) as Record<string, unknown>);
    // Each signal reaches both users' subscriptions, the typist's (or reader's) first.
    expect(signals.map((body) => [Object.keys(body)[1], body['for_user_id']])).toEqual([
      ['direct_message_indicate_typing_events', bob.user.id],
      ['direct_message_indicate_typing_events', sb.user.id],
      ['direct_message_mark_read_events', bob.user.id],
      ['direct_message_mark_read_events', sb.user.id],
    ]);
    const [, typed, , seen] = signals;
    const signal = { sender_id: bob.user.id, target: { recipient_id: sb.user.id } };
    expect(typed).toEqual({
      for_user_id: sb.user.id,
      direct_message_indicate_typing_events: [
        { created_timestamp: expect.stringMatching(/^\d{13}$/), ...signal },
      ],
      users: {
        [sb.user.id]: expect.objectContaining({ id: sb.user.id }),
        [bob.user.id]: expect.objectContaining({ id: bob.user.id, screen_name: 'dm_signal_bob' }),
      },
    });
    expect(seen).toMatchObject({
      for_user_id: sb.user.id,
      direct_message_mark_read_events: [
        { ...signal, last_read_event_id: sent.body.data.dm_event_id, created_timestamp: expect.any(String) },
      ],
    });
    for (const delivery of hook.received) expect(delivery.signature).toBe(hook.sign(delivery.body));
    expect(violations).toEqual([]);
  });
});
