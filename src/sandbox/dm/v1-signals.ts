// X's legacy DM signals, which the v2 DM endpoints do not have: a typing indicator
// (`POST /1.1/direct_messages/indicate_typing.json`, `recipient_id`) and a read receipt
// (`POST /1.1/direct_messages/mark_read.json`, `recipient_id` and `last_read_event_id`), each answered 204 with
// no body. They reach the activity stream as `dm.indicate_typing` and `dm.read`.
import type { FastifyInstance } from 'fastify';
import { type RequestParams, type SandboxContext, type SandboxUser, v1Error } from '../context.js';
import { dmStoreOf } from './dm-store.js';

/** A typing indicator or a read receipt, as these routes emit it on the sandbox's `'dm-signal'` event. */
export interface DmSignal {
  readonly signal: 'typing' | 'read';
  /** Who typed or read. */
  readonly senderId: string;
  /** Who was typed to, or whose messages were read. */
  readonly recipientId: string;
  /** Read receipts: the last message read. */
  readonly lastReadEventId?: string;
}

const TYPING = '/1.1/direct_messages/indicate_typing.json';
const MARK_READ = '/1.1/direct_messages/mark_read.json';

function recipientOf(ctx: SandboxContext, params: RequestParams): SandboxUser {
  const id = params['recipient_id'];
  if (id === undefined || id === '') throw v1Error(38, 'recipient_id parameter is missing.');
  const user = ctx.store.users.get(id);
  if (!user) throw v1Error(50);
  return user;
}

export function registerDmSignalRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const dms = dmStoreOf(ctx);
  const emit = (signal: DmSignal) => ctx.events.emit('dm-signal', signal);

  app.post(TYPING, async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, `POST ${TYPING}`, auth);
    const recipient = recipientOf(ctx, ctx.params(request));
    emit({ signal: 'typing', senderId: auth.user!.id, recipientId: recipient.id });
    return reply.code(204).send();
  });

  app.post(MARK_READ, async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, `POST ${MARK_READ}`, auth);
    const params = ctx.params(request);
    const reader = auth.user!;
    const recipient = recipientOf(ctx, params);
    const lastRead = params['last_read_event_id'];
    if (lastRead === undefined || lastRead === '')
      throw v1Error(38, 'last_read_event_id parameter is missing.');
    // UNCONFIRMED: the message must be one the recipient sent the reader (X's answer otherwise is not documented).
    const message = dms.event(lastRead);
    if (!message || message.senderId !== recipient.id || !dms.visibleTo(message, reader.id))
      throw v1Error(34);
    emit({ signal: 'read', senderId: reader.id, recipientId: recipient.id, lastReadEventId: lastRead });
    return reply.code(204).send();
  });
}
