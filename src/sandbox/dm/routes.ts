// v2 Direct Messages: one-to-one and group conversations, their events (listed, looked up, deleted),
// the DM media download and DM blocks. Every route needs user context, as the document's security says.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../context.js';
import { mediaStoreOf } from '../media/media-registry.js';
import { tweetService } from '../tweets/service.js';
import { listParam, v2Fields } from '../v2-kit/fields.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { idPage } from '../v2-kit/paging.js';
import { forbidden, invalidValue, listBody, notFound, notFoundProblem } from '../v2-kit/problems.js';
import { renderDmEvents } from './dm-render.js';
import { messageOf, requireUser, sendMessage } from './dm-send.js';
import { type DmConversation, type DmEvent, dmStoreOf, oneToOneId } from './dm-store.js';
import { registerDmSignalRoutes } from './v1-signals.js';

const READ = { need: 'user', scopes: ['dm.read', 'tweet.read', 'users.read'] } as const;
const WRITE = { need: 'user', scopes: ['dm.write', 'tweet.read', 'users.read'] } as const;
const ONE_TO_ONE = /^([0-9]{1,19})-([0-9]{1,19})$/;

type Params<T extends string> = { Params: Record<T, string> };

const conversationRef = (id: string) => ({ type: 'dm_conversation', id, parameter: 'dm_conversation_id' });

export function registerDmRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const dms = dmStoreOf(ctx);
  const { world } = tweetService(ctx);
  ctx.inspectors['dm'] = (id) => dms.conversations().find((conversation) => conversation.id === id);

  /** A page of the caller's events (newest first) with fields, expansions and event_types. */
  const eventList = (params: Record<string, string>, events: DmEvent[]) => {
    const types = listParam(params, 'event_types');
    const wanted = types.size > 0 ? events.filter((event) => types.has(event.eventType)) : events;
    const page = idPage(wanted, params, 100);
    const rendered = renderDmEvents(
      page.items,
      listParam(params, 'dm_event.fields'),
      v2Fields(params),
      world,
      ctx.now(),
    );
    return listBody(rendered.data, {
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      meta: page.meta,
    });
  };

  /** The conversation a caller writes to by id: a one-to-one id is opened on first use. */
  const writableConversation = (callerId: string, id: string): DmConversation => {
    const existing = dms.conversation(id);
    if (existing) {
      if (!existing.participantIds.includes(callerId)) {
        throw forbidden('You are not a participant of this conversation.', conversationRef(id));
      }
      return existing;
    }
    const match = ONE_TO_ONE.exec(id);
    const [a, b] = [match?.[1] ?? '', match?.[2] ?? ''];
    if (!match || oneToOneId(a, b) !== id || !ctx.store.users.has(a) || !ctx.store.users.has(b)) {
      throw notFoundProblem(id, 'dm_conversation_id', 'dm_conversation');
    }
    if (callerId !== a && callerId !== b) {
      throw forbidden('You are not a participant of this conversation.', conversationRef(id));
    }
    return dms.oneToOne(a, b);
  };

  /** Sends one message into a conversation and answers X's 201 with both ids, as the three send routes do. */
  const send = (
    reply: FastifyReply,
    conversation: DmConversation,
    senderId: string,
    message: ReturnType<typeof messageOf>,
  ) => {
    const event = sendMessage(ctx, dms, conversation, senderId, message);
    return reply.code(201).send({ data: { dm_conversation_id: conversation.id, dm_event_id: event.id } });
  };

  app.post('/2/dm_conversations', async (request, reply) => {
    const caller = callerOf(await guard(ctx, request, reply, 'POST /2/dm_conversations', WRITE));
    const body = (request.body ?? {}) as { participant_ids?: string[]; message?: unknown };
    const others = (body.participant_ids ?? []).filter((id) => id !== caller.id);
    for (const id of others) requireUser(ctx, 'participant_ids', id);
    const message = messageOf(body.message);
    return send(reply, dms.createGroup(caller.id, others), caller.id, message);
  });

  app.post<Params<'participant_id'>>(
    '/2/dm_conversations/with/:participant_id/messages',
    async (request, reply) => {
      const key = 'POST /2/dm_conversations/with/:participant_id/messages';
      const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
      const participantId = request.params.participant_id;
      requireUser(ctx, 'participant_id', participantId);
      const message = messageOf(request.body);
      return send(reply, dms.oneToOne(caller.id, participantId), caller.id, message);
    },
  );

  app.post<Params<'dm_conversation_id'>>(
    '/2/dm_conversations/:dm_conversation_id/messages',
    async (request, reply) => {
      const key = 'POST /2/dm_conversations/:dm_conversation_id/messages';
      const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
      const conversation = writableConversation(caller.id, request.params.dm_conversation_id);
      return send(reply, conversation, caller.id, messageOf(request.body));
    },
  );

  app.get('/2/dm_events', async (request, reply) => {
    const caller = callerOf(await guard(ctx, request, reply, 'GET /2/dm_events', READ));
    return eventList(ctx.params(request), dms.eventsFor(caller.id));
  });

  app.get<Params<'participant_id'>>(
    '/2/dm_conversations/with/:participant_id/dm_events',
    async (request, reply) => {
      const key = 'GET /2/dm_conversations/with/:participant_id/dm_events';
      const caller = callerOf(await guard(ctx, request, reply, key, READ));
      const id = oneToOneId(caller.id, request.params.participant_id);
      return eventList(ctx.params(request), dms.eventsFor(caller.id, id));
    },
  );

  app.get<Params<'id'>>('/2/dm_conversations/:id/dm_events', async (request, reply) => {
    const key = 'GET /2/dm_conversations/:id/dm_events';
    const caller = callerOf(await guard(ctx, request, reply, key, READ));
    return eventList(ctx.params(request), dms.eventsFor(caller.id, request.params.id));
  });

  app.get<Params<'event_id'>>('/2/dm_events/:event_id', async (request, reply) => {
    const caller = callerOf(await guard(ctx, request, reply, 'GET /2/dm_events/:event_id', READ));
    const params = ctx.params(request);
    const id = request.params.event_id;
    const event = dms.event(id);
    if (!event || !dms.visibleTo(event, caller.id)) return { errors: [notFound(id, 'event_id', 'dm_event')] };
    const fields = v2Fields(params);
    const rendered = renderDmEvents([event], listParam(params, 'dm_event.fields'), fields, world, ctx.now());
    return { data: rendered.data[0], ...(rendered.includes ? { includes: rendered.includes } : {}) };
  });

  app.delete<Params<'event_id'>>('/2/dm_events/:event_id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/dm_events/:event_id', {
      need: 'user',
      scopes: ['dm.read', 'dm.write'],
    });
    const caller = callerOf(auth);
    const id = request.params.event_id;
    const event = dms.event(id);
    if (!event || !dms.visibleTo(event, caller.id)) throw notFoundProblem(id, 'event_id', 'dm_event');
    dms.hide(caller.id, id);
    return { data: { deleted: true } };
  });

  app.get<Params<'dm_id' | 'media_id' | 'resource_id'>>(
    '/2/dm_conversations/media/:dm_id/:media_id/:resource_id',
    async (request, reply) => {
      const key = 'GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id';
      // The document lists only OAuth 2.0 user context for the download: OAuth 1.0a is refused.
      const options = { need: 'user', scopes: ['dm.read'], noOAuth1: true } as const;
      const caller = callerOf(await guard(ctx, request, reply, key, options));
      const { dm_id: eventId, media_id: mediaId } = request.params;
      const event = dms.event(eventId);
      const attached = event?.media.find((media) => media.id === mediaId);
      if (!event || !dms.visibleTo(event, caller.id) || !attached) {
        throw notFoundProblem(mediaId, 'media_id', 'media');
      }
      const bytes = await mediaStoreOf(ctx).bytes(mediaId);
      if (!bytes) throw notFoundProblem(mediaId, 'media_id', 'media');
      return reply.type('application/octet-stream').send(bytes);
    },
  );

  for (const [action, blocked] of [
    ['block', true],
    ['unblock', false],
  ] as const) {
    app.post<Params<'id'>>(`/2/users/:id/dm/${action}`, async (request, reply) => {
      const key = `POST /2/users/:id/dm/${action}`;
      const caller = callerOf(await guard(ctx, request, reply, key, WRITE));
      const target = request.params.id;
      if (target === caller.id)
        throw invalidValue('id', target, 'You cannot block Direct Messages from yourself.');
      requireUser(ctx, 'id', target);
      dms.setBlocked(caller.id, target, blocked);
      return { data: { blocked } };
    });
  }
  registerDmSignalRoutes(app, ctx);
}
