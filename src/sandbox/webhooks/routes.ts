// v2 webhooks: register a webhook (after X's CRC check), list, re-check and delete them; link one to the app's
// filtered stream so the posts its rules match are POSTed to it as the stream would send them; replay what was
// sent in a time window. App bearer (and a user token where the document allows it).
import type { FastifyInstance } from 'fastify';
import { invalidRequest, onEventsUntilClose, type SandboxContext } from '../context.js';
import { streamsState } from '../streams/state.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { renderV2Tweets } from '../tweets/v2-render.js';
import { mayViewPost } from '../tweets/visibility.js';
import { listParam } from '../v2-kit/fields.js';
import { guard } from '../v2-kit/guard.js';
import { listBody, notFoundProblem } from '../v2-kit/problems.js';
import { registerAccountActivityRoutes } from './account-activity.js';
import { registerActivityDelivery } from './activity-delivery.js';
import { crcCheck, deliver, urlProblem } from './delivery.js';
import type { Webhook } from './webhook.js';

const APP = { need: 'app', scopes: [] } as const;
const APP_OR_USER = { need: 'any', scopes: [] } as const;
/** Webhooks per app and deliveries kept per webhook for replay (UNCONFIRMED: X documents neither number). */
const MAX_WEBHOOKS = 10;
const KEPT_DELIVERIES = 500;
const EMPTY_FIELDS = {
  tweet: new Set<string>(),
  user: new Set<string>(),
  media: new Set<string>(),
  poll: new Set<string>(),
  expansions: new Set<string>(),
};

/** `yyyymmddhhmm` (UTC) as epoch ms. */
function minuteStamp(value: string): number {
  const [y, mo, d, h, mi] = [0, 4, 6, 8, 10].map((at, index) =>
    Number(value.slice(at, at + (index === 0 ? 4 : 2))),
  );
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
}

export function registerWebhookRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const webhooks = ctx.state('webhooks', () => new Map<string, Webhook>());
  const tweets = tweetService(ctx);
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  ctx.onClose(async () => {
    closing.abort();
    await Promise.allSettled([...inFlight]);
  });
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  const post = (webhook: Webhook, payload: string) => {
    webhook.queue = track(
      webhook.queue.then(() => deliver(webhook.url, webhook.app.consumerSecret, payload, closing.signal)),
    );
  };
  const send = (webhook: Webhook, payload: string) => {
    webhook.sent.push({ at: ctx.now(), payload });
    if (webhook.sent.length > KEPT_DELIVERIES) webhook.sent.splice(0, webhook.sent.length - KEPT_DELIVERIES);
    post(webhook, payload);
  };

  // A linked webhook gets what the app's filtered stream would carry: the post with its matching rules.
  const onPost = (tweet: StoredTweet) => {
    // A stream link is app-only, like the stream: a protected account's posts never reach it.
    if (!mayViewPost(tweets.world, undefined, tweet)) return;
    for (const webhook of webhooks.values()) {
      if (webhook.linkedAt === undefined || !webhook.valid) continue;
      const matched = streamsState(ctx).rulesOf(webhook.app.id).matching(tweets.matchable(tweet));
      if (matched.length === 0) continue;
      const rendered = renderV2Tweets([tweet], EMPTY_FIELDS, tweets.world, ctx.now(), undefined);
      send(
        webhook,
        JSON.stringify({
          data: rendered.data[0],
          matching_rules: matched.map((rule) => ({ id: rule.id, tag: rule.tag ?? '' })),
        }),
      );
    }
  };
  onEventsUntilClose(ctx, { tweet: onPost });

  const ownWebhook = (appId: string, id: string): Webhook => {
    const found = webhooks.get(id);
    if (!found || found.app.id !== appId) throw notFoundProblem(id, 'webhook_id', 'webhook');
    return found;
  };
  const access = { ownWebhook, webhooks: () => webhooks.values(), send };
  registerAccountActivityRoutes(app, ctx, access);
  registerActivityDelivery(ctx, access);
  const render = (
    webhook: Webhook,
    fields: ReadonlySet<string> = new Set(['id', 'url', 'valid', 'created_at']),
  ) => ({
    id: webhook.id,
    ...(fields.has('url') ? { url: webhook.url } : {}),
    ...(fields.has('valid') ? { valid: webhook.valid } : {}),
    ...(fields.has('created_at') ? { created_at: new Date(webhook.createdAt).toISOString() } : {}),
  });

  app.post('/2/webhooks', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'POST /2/webhooks', APP_OR_USER);
    const { url } = request.body as { url: string };
    const problem = urlProblem(url);
    if (problem) throw invalidRequest(problem, { url: [url] });
    if ([...webhooks.values()].filter((webhook) => webhook.app.id === auth.app.id).length >= MAX_WEBHOOKS) {
      throw invalidRequest(`An app may register at most ${MAX_WEBHOOKS} webhooks.`, { url: [url] });
    }
    if (!(await track(crcCheck(url, auth.app.consumerSecret, closing.signal)))) {
      throw invalidRequest(
        'CRC validation failed: the webhook did not answer the crc_token with the right response_token.',
        {
          url: [url],
        },
      );
    }
    const webhook: Webhook = {
      id: ctx.nextId(),
      app: auth.app,
      url,
      valid: true,
      createdAt: ctx.now(),
      sent: [],
      queue: Promise.resolve(),
    };
    webhooks.set(webhook.id, webhook);
    return { data: render(webhook) };
  });

  app.get('/2/webhooks', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/webhooks', APP);
    const asked = listParam(ctx.params(request), 'webhook_config.fields');
    const fields = asked.size > 0 ? asked : undefined;
    const mine = [...webhooks.values()].filter((webhook) => webhook.app.id === auth.app.id);
    return listBody(
      mine.map((webhook) => render(webhook, fields)),
      { meta: { result_count: mine.length } },
    );
  });

  app.put<{ Params: { webhook_id: string } }>('/2/webhooks/:webhook_id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'PUT /2/webhooks/:webhook_id', APP_OR_USER);
    const webhook = ownWebhook(auth.app.id, request.params.webhook_id);
    webhook.valid = await track(crcCheck(webhook.url, webhook.app.consumerSecret, closing.signal));
    // The document's `valid` says the check was triggered; whether it passed shows in GET /2/webhooks.
    return { data: { valid: true } };
  });

  app.delete<{ Params: { webhook_id: string } }>('/2/webhooks/:webhook_id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/webhooks/:webhook_id', APP_OR_USER);
    webhooks.delete(ownWebhook(auth.app.id, request.params.webhook_id).id);
    return { data: { deleted: true } };
  });

  app.post('/2/webhooks/replay', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'POST /2/webhooks/replay', APP);
    const body = request.body as { webhook_id: string; from_date: string; to_date: string };
    const webhook = ownWebhook(auth.app.id, body.webhook_id);
    const from = minuteStamp(body.from_date);
    // `to_date` is inclusive of its whole minute.
    const to = minuteStamp(body.to_date) + 59_999;
    const again = webhook.sent
      .filter((entry) => entry.at >= from && entry.at <= to)
      .map((entry) => entry.payload);
    for (const payload of again) post(webhook, payload);
    return { data: { job_id: ctx.nextId(), created_at: new Date(ctx.now()).toISOString() } };
  });

  app.get('/2/tweets/search/webhooks', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/tweets/search/webhooks', APP);
    const linked = [...webhooks.values()].filter(
      (webhook) => webhook.app.id === auth.app.id && webhook.linkedAt !== undefined,
    );
    return listBody(
      linked.map((webhook) => ({
        webhook_id: webhook.id,
        application_id: webhook.app.id,
        created_at: new Date(webhook.linkedAt ?? 0).toISOString(),
      })),
    );
  });

  app.post<{ Params: { webhook_id: string } }>(
    '/2/tweets/search/webhooks/:webhook_id',
    async (request, reply) => {
      const auth = await guard(ctx, request, reply, 'POST /2/tweets/search/webhooks/:webhook_id', APP);
      const webhook = ownWebhook(auth.app.id, request.params.webhook_id);
      webhook.linkedAt ??= ctx.now();
      return { data: { provisioned: true } };
    },
  );

  app.delete<{ Params: { webhook_id: string } }>(
    '/2/tweets/search/webhooks/:webhook_id',
    async (request, reply) => {
      const auth = await guard(ctx, request, reply, 'DELETE /2/tweets/search/webhooks/:webhook_id', APP);
      const webhook = ownWebhook(auth.app.id, request.params.webhook_id);
      const was = webhook.linkedAt !== undefined;
      delete webhook.linkedAt;
      return { data: { deleted: was } };
    },
  );
}
