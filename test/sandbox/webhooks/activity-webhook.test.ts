// X Activity subscriptions that name a webhook: the events they match are POSTed, signed, to that webhook (a
// bot's server on 127.0.0.1), in the activity stream's envelope with the subscription's filter and tag; a
// subscription without a webhook sends nothing there. Every API answer is checked against X's document.
import { describe, expect, it } from 'vitest';
import { call } from '../tweets/signed-client.js';
import { api, asUser, hook, sb, user, useWebhookWorld, violations } from './webhook-world.js';

useWebhookWorld();

interface Envelope {
  data: { event_type: string; tag?: string; filter: { user_id?: string }; payload: Record<string, unknown> };
}

describe('activity subscriptions with a webhook', () => {
  it('delivers the events a subscription matches to the webhook it names, signed', async () => {
    const webhook = await api<{ data: { id: string } }>('POST', '/2/webhooks', { json: { url: hook.url } });
    const webhookId = webhook.body.data.id;
    const created = await api('POST', '/2/activity/subscriptions', {
      json: {
        event_type: 'post.create',
        filter: { user_id: sb.user.id },
        tag: 'to the hook',
        webhook_id: webhookId,
      },
    });
    expect(created.status).toBe(200);
    // Matches too, but names no webhook: it belongs to the activity stream, not to the webhook.
    await api('POST', '/2/activity/subscriptions', {
      json: { event_type: 'post.create', filter: { keyword: 'hello' }, tag: 'stream only' },
    });

    const posted = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      json: { text: 'hello from the subscribed user' },
      auth: user,
    });
    const other = sb.createUser({ screenName: 'activity_other' });
    await call(sb.url, 'POST', '/2/tweets', {
      json: { text: 'hello from someone else' },
      auth: asUser(other),
    });
    await call(sb.url, 'POST', '/2/tweets', { json: { text: 'a second post' }, auth: user });
    await hook.until(2);

    const bodies = hook.received.map((delivery) => JSON.parse(delivery.body) as Envelope);
    expect(bodies.map((body) => body.data.payload['text'])).toEqual([
      'hello from the subscribed user',
      'a second post',
    ]);
    expect(bodies[0]?.data).toMatchObject({
      event_type: 'post.create',
      tag: 'to the hook',
      filter: { user_id: sb.user.id },
      payload: { id: posted.body.data.id, author_id: sb.user.id },
    });
    for (const delivery of hook.received) expect(delivery.signature).toBe(hook.sign(delivery.body));
    expect(violations).toEqual([]);
  });

  it('follows a subscription moved to a webhook by PUT', async () => {
    const webhook = await api<{ data: { id: string } }>('POST', '/2/webhooks', { json: { url: hook.url } });
    const created = await api<{ data: { subscription: { subscription_id: string } } }>(
      'POST',
      '/2/activity/subscriptions',
      { json: { event_type: 'follow.follow', filter: { user_id: sb.user.id } } },
    );
    await api('PUT', '/2/activity/subscriptions/{subscription_id}', {
      path: { subscription_id: created.body.data.subscription.subscription_id },
      json: { webhook_id: webhook.body.data.id },
    });
    const friend = sb.createUser({ screenName: 'activity_friend' });
    await call(sb.url, 'POST', `/2/users/${sb.user.id}/following`, {
      json: { target_user_id: friend.user.id },
      auth: user,
    });
    await hook.until(1);
    const body = JSON.parse(hook.received[0]?.body ?? '{}') as Envelope;
    expect(body.data.event_type).toBe('follow.follow');
    expect(body.data.payload).toMatchObject({ source: { id: sb.user.id }, target: { id: friend.user.id } });
    expect(violations).toEqual([]);
  });
});
