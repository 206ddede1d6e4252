// X Activity subscriptions that name a `webhook_id`: every event they match is POSTed, signed, to that webhook
// of the subscribing app (while it is valid), in the activity stream's envelope.
import type { SandboxContext } from '../context.js';
import { activityWebhookMessages } from '../streams/messages.js';
import { streamsState } from '../streams/state.js';
import type { StreamEvent } from '../streams/stream-events.js';
import { stringifyExact } from '../tweets/exact-json.js';
import { tweetService } from '../tweets/service.js';
import type { WebhookAccess } from './account-activity.js';

export function registerActivityDelivery(ctx: SandboxContext, access: WebhookAccess): void {
  const state = streamsState(ctx);
  const env = { ctx, service: tweetService(ctx), state };
  const observe = (event: StreamEvent) => {
    for (const { subscription, message } of activityWebhookMessages(event, env)) {
      for (const webhook of access.webhooks()) {
        if (webhook.id !== subscription.webhookId || webhook.app.id !== subscription.appId) continue;
        if (webhook.valid) access.send(webhook, stringifyExact(message));
      }
    }
  };
  state.observers.add(observe);
  ctx.onClose(() => {
    state.observers.delete(observe);
  });
}
