// X Activity subscriptions: create (any credential of the app; a private event only by the user it concerns),
// list (paged), update the tag or webhook, and delete one or many (app bearer), as the document's security says. The app's activity stream then carries the
// events its subscriptions match.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { guard } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { listBody, notFoundProblem } from '../v2-kit/problems.js';
import { checkSubscriber, scopeForEvent } from './activity-authorisation.js';
import type { ActivitySubscription, SubscriptionFilter } from './activity-subscriptions.js';
import type { StreamsState } from './state.js';

const ANY = { need: 'any', scopes: ['tweet.read', 'like.read'] } as const;
const APP = { need: 'app', scopes: [] } as const;
/** Creating asks the scope of the event's family (checked below), not the listing's. */
const CREATE = { need: 'any', scopes: [] } as const;
const ROUTE = '/2/activity/subscriptions';
/** Subscriptions one app may hold (UNCONFIRMED: X publishes no number). */
export const MAX_SUBSCRIPTIONS = 1000;

type Json = Record<string, unknown>;

function render(subscription: ActivitySubscription): Json {
  return {
    subscription_id: subscription.id,
    event_type: subscription.eventType,
    filter: subscription.filter,
    ...(subscription.tag !== undefined ? { tag: subscription.tag } : {}),
    ...(subscription.webhookId !== undefined ? { webhook_id: subscription.webhookId } : {}),
    created_at: new Date(subscription.createdAt).toISOString(),
    updated_at: new Date(subscription.updatedAt).toISOString(),
  };
}

export function registerActivityRoutes(app: FastifyInstance, ctx: SandboxContext, state: StreamsState): void {
  const { subscriptions } = state;

  app.post(ROUTE, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `POST ${ROUTE}`, CREATE);
    // The document's check has made the body `{event_type, filter, tag?, webhook_id?}` with known members.
    const body = request.body as {
      event_type: string;
      filter: SubscriptionFilter;
      tag?: string;
      webhook_id?: string;
    };
    const { filter } = body;
    ctx.requireScopes(auth, [scopeForEvent(body.event_type)], 'v2');
    checkSubscriber(auth, body.event_type, filter);
    if (filter.user_id === undefined && filter.keyword === undefined) {
      throw invalidRequest('`filter` must name a `user_id` or a `keyword`.', {
        filter: [JSON.stringify(filter)],
      });
    }
    if (filter.user_id !== undefined && !ctx.store.users.has(filter.user_id)) {
      throw invalidRequest(`The \`filter.user_id\` value [${filter.user_id}] is not a user.`, {
        'filter.user_id': [filter.user_id],
      });
    }
    if (subscriptions.ofApp(auth.app.id).length >= MAX_SUBSCRIPTIONS) {
      throw invalidRequest(`An app may hold at most ${MAX_SUBSCRIPTIONS} activity subscriptions.`, {});
    }
    const now = ctx.now();
    const subscription: ActivitySubscription = {
      id: ctx.nextId(),
      appId: auth.app.id,
      eventType: body.event_type,
      filter: {
        ...(filter.user_id !== undefined ? { user_id: filter.user_id } : {}),
        ...(filter.keyword !== undefined ? { keyword: filter.keyword } : {}),
        ...(filter.direction !== undefined ? { direction: filter.direction } : {}),
      },
      ...(body.tag !== undefined ? { tag: body.tag } : {}),
      ...(body.webhook_id !== undefined ? { webhookId: body.webhook_id } : {}),
      createdAt: now,
      updatedAt: now,
    };
    subscriptions.add(subscription);
    return { data: { subscription: render(subscription) } };
  });

  app.get(ROUTE, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `GET ${ROUTE}`, ANY);
    const page = offsetPage(subscriptions.ofApp(auth.app.id), ctx.params(request), 100);
    // The document gives no `meta`; X's other lists' is added so a client can page (UNCONFIRMED).
    return listBody(page.items.map(render), { meta: page.meta });
  });

  app.put<{ Params: { subscription_id: string } }>(`${ROUTE}/:subscription_id`, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `PUT ${ROUTE}/:subscription_id`, APP);
    const id = request.params.subscription_id;
    const subscription = subscriptions.get(auth.app.id, id);
    if (!subscription) throw notFoundProblem(id, 'subscription_id', 'subscription');
    const body = (request.body ?? {}) as { tag?: string; webhook_id?: string };
    if (body.tag !== undefined) subscription.tag = body.tag;
    if (body.webhook_id !== undefined) subscription.webhookId = body.webhook_id;
    subscription.updatedAt = ctx.now();
    return {
      data: {
        subscription: render(subscription),
        total_subscriptions: subscriptions.ofApp(auth.app.id).length,
      },
    };
  });

  app.delete<{ Params: { subscription_id: string } }>(`${ROUTE}/:subscription_id`, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `DELETE ${ROUTE}/:subscription_id`, APP);
    const id = request.params.subscription_id;
    if (!subscriptions.delete(auth.app.id, id)) throw notFoundProblem(id, 'subscription_id', 'subscription');
    return { data: { deleted: true } };
  });

  app.delete(ROUTE, async (request, reply) => {
    const auth = await guard(ctx, request, reply, `DELETE ${ROUTE}`, APP);
    const ids = [...new Set((ctx.params(request)['ids'] ?? '').split(',').filter((id) => id !== ''))];
    const data: Json[] = [];
    const errors: Json[] = [];
    for (const id of ids) {
      if (subscriptions.delete(auth.app.id, id)) data.push({ subscription_id: id, deleted: true });
      else
        errors.push({
          subscription_id: id,
          reason: 'not_found',
          message: `No subscription ${id} for this app.`,
        });
    }
    return {
      ...listBody(data),
      ...(errors.length > 0 ? { errors } : {}),
      meta: { total_subscriptions: subscriptions.ofApp(auth.app.id).length },
    };
  });
}
