// v2 scheduled broadcasts: a user schedules, lists, reads, fully updates and deletes their broadcasts, publishes
// a manual-publish one, and chats on a running one. User context only, as the document's security says.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { listBody, notFoundProblem } from '../v2-kit/problems.js';
import {
  type BroadcastFields,
  renderBroadcast,
  type ScheduledBroadcast,
  stateOf,
} from './broadcast-store.js';

const READ = { need: 'user', scopes: ['broadcast.read'] } as const;
const WRITE = { need: 'user', scopes: ['broadcast.read', 'broadcast.write'] } as const;
const ROUTE = '/2/broadcasts/scheduled';

/** The schedule fields of a create or update body (the document's check has validated them). */
function fieldsOf(body: Record<string, unknown>, keptSource?: string): BroadcastFields {
  const { recurrence: _r, scheduled_broadcast_id: _s, roll_forward: _f, ...rest } = body;
  const fields = { ...rest } as unknown as BroadcastFields;
  if (Number(fields.scheduled_end_ms) <= Number(fields.scheduled_start_ms)) {
    throw invalidRequest('`scheduled_end_ms` must be after `scheduled_start_ms`.', {
      scheduled_end_ms: [fields.scheduled_end_ms],
    });
  }
  // A full update that leaves the source out keeps the one bound at creation (UNCONFIRMED).
  return fields.source_id === undefined && keptSource !== undefined
    ? { ...fields, source_id: keptSource }
    : fields;
}

/** `oldest_start_time`/`newest_start_time`: ms since the epoch, or a date X's other time parameters take. */
function timeParam(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return /^[0-9]+$/.test(value) ? Number(value) : Date.parse(value);
}

export function registerBroadcastRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const broadcasts = ctx.state('broadcasts', () => new Map<string, ScheduledBroadcast>());

  /** The caller's broadcast with this id; another's is as unknown as one that never was. */
  const own = (ownerId: string, id: string): ScheduledBroadcast => {
    const found = broadcasts.get(id);
    if (!found || found.ownerId !== ownerId) throw notFoundProblem(id, 'id', 'broadcast');
    return found;
  };

  app.post(ROUTE, async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, `POST ${ROUTE}`, WRITE));
    const body = request.body as Record<string, unknown>;
    const fields = fieldsOf(body);
    const scheduledBroadcastId = ctx.nextId();
    const broadcast: ScheduledBroadcast = {
      broadcastId: BigInt(scheduledBroadcastId).toString(36).toUpperCase(),
      scheduledBroadcastId,
      ownerId: user.id,
      // A recurring series is named; only its first occurrence is scheduled (UNCONFIRMED).
      ...(body['recurrence'] !== undefined ? { recurringScheduleId: ctx.nextId() } : {}),
      fields,
      published: false,
    };
    broadcasts.set(broadcast.broadcastId, broadcast);
    reply.code(201);
    return { data: renderBroadcast(broadcast, ctx.now()) };
  });

  app.get(ROUTE, async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, `GET ${ROUTE}`, READ));
    const params = ctx.params(request);
    const oldest = timeParam(params['oldest_start_time']);
    const newest = timeParam(params['newest_start_time']);
    const mine = [...broadcasts.values()]
      .filter((broadcast) => broadcast.ownerId === user.id)
      .filter((broadcast) => oldest === undefined || Number(broadcast.fields.scheduled_start_ms) >= oldest)
      .filter((broadcast) => newest === undefined || Number(broadcast.fields.scheduled_start_ms) <= newest)
      .sort((a, b) => Number(a.fields.scheduled_start_ms) - Number(b.fields.scheduled_start_ms));
    const page = offsetPage(mine, params, 100);
    const now = ctx.now();
    // The document gives no `meta`; X's usual one is added so a client can page (UNCONFIRMED).
    return listBody(
      page.items.map((broadcast) => renderBroadcast(broadcast, now)),
      { meta: page.meta },
    );
  });

  app.get<{ Params: { id: string } }>(`${ROUTE}/:id`, async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, `GET ${ROUTE}/:id`, READ));
    return { data: renderBroadcast(own(user.id, request.params.id), ctx.now()) };
  });

  app.put<{ Params: { id: string } }>(`${ROUTE}/:id`, async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, `PUT ${ROUTE}/:id`, WRITE));
    const broadcast = own(user.id, request.params.id);
    const body = request.body as Record<string, unknown>;
    if (body['scheduled_broadcast_id'] !== broadcast.scheduledBroadcastId) {
      throw invalidRequest(
        `\`scheduled_broadcast_id\` [${String(body['scheduled_broadcast_id'])}] is not the scheduler id of broadcast ${broadcast.broadcastId}.`,
        { scheduled_broadcast_id: [String(body['scheduled_broadcast_id'])] },
      );
    }
    // A full replacement: whatever is not re-sent is dropped, as the document says.
    broadcast.fields = fieldsOf(body, broadcast.fields.source_id);
    return { data: renderBroadcast(broadcast, ctx.now()) };
  });

  app.delete<{ Params: { id: string } }>(`${ROUTE}/:id`, async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, `DELETE ${ROUTE}/:id`, WRITE));
    broadcasts.delete(own(user.id, request.params.id).broadcastId);
    return { data: { deleted: true } };
  });

  app.post<{ Params: { id: string } }>(`${ROUTE}/:id/live`, async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, `POST ${ROUTE}/:id/live`, WRITE));
    const broadcast = own(user.id, request.params.id);
    if (!broadcast.fields.manual_publish) {
      throw invalidRequest(
        'This broadcast publishes itself at its start; only a `manual_publish` one goes live here.',
        {
          id: [broadcast.broadcastId],
        },
      );
    }
    if (stateOf(broadcast, ctx.now()) === 'Ended') {
      throw invalidRequest('This broadcast has ended.', { id: [broadcast.broadcastId] });
    }
    broadcast.published = true;
    return { data: renderBroadcast(broadcast, ctx.now()) };
  });

  app.post<{ Params: { id: string } }>('/2/broadcasts/:id/chat', async (request, reply) => {
    await guard(ctx, request, reply, 'POST /2/broadcasts/:id/chat', WRITE);
    const broadcast = broadcasts.get(request.params.id);
    if (!broadcast) throw notFoundProblem(request.params.id, 'id', 'broadcast');
    if (stateOf(broadcast, ctx.now()) !== 'Running') {
      throw invalidRequest('Chat messages can only be sent to a running broadcast.', {
        id: [broadcast.broadcastId],
      });
    }
    // The document has no way to read a broadcast's chat back: the message is accepted and not kept.
    return { data: { success: true, timestamp: String(BigInt(ctx.now()) * 1_000_000n) } };
  });
}
