// v2 Chat media: initialize an upload for a conversation, append numbered segments (base64 in JSON, raw bytes in
// multipart), finalize, and download the encrypted bytes by conversation and hash key. User context with
// `media.write`, as the document's security says.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { MAX_SEGMENT_BYTES } from '../media/categories.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { notFoundProblem } from '../v2-kit/problems.js';
import { chatMediaStoreOf } from './chat-media-store.js';
import { existingConversation, requiredBody } from './chat-rules.js';
import type { ChatStore } from './chat-store.js';

const MEDIA = { need: 'user', scopes: ['media.write'] } as const;
const APPEND_FIELDS = new Set(['conversation_id', 'media_hash_key', 'segment_index']);

type Params = { Params: { id: string } };
interface AppendBody {
  fields: Record<string, string>;
  media: Buffer | undefined;
}

/** A multipart append: its fields, and the `media` part read whole (one segment, at most MAX_SEGMENT_BYTES). */
async function multipartAppend(request: FastifyRequest): Promise<AppendBody> {
  const out: AppendBody = { fields: {}, media: undefined };
  const parts = request.parts({
    isPartAFile: (name, contentType, fileName) =>
      name === 'media' || contentType === 'application/octet-stream' || fileName !== undefined,
  });
  let oversized = false;
  for await (const part of parts) {
    if (part.type === 'field') {
      if (!APPEND_FIELDS.has(part.fieldname)) {
        throw invalidRequest(
          `$.${part.fieldname}: is not defined in the schema and the schema does not allow additional properties`,
        );
      }
      out.fields[part.fieldname] = String(part.value);
      continue;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // Read to the end either way, so the connection stays usable; keep no more than a segment may hold.
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= MAX_SEGMENT_BYTES && part.fieldname === 'media') chunks.push(chunk);
    }
    if (part.fieldname !== 'media') continue;
    if (size > MAX_SEGMENT_BYTES) oversized = true;
    out.media = Buffer.concat(chunks);
  }
  if (oversized) {
    throw invalidRequest(`A segment is at most ${MAX_SEGMENT_BYTES} bytes.`, { media: [] });
  }
  return out;
}

/** A JSON append (the document layer has checked its members and that `media` is base64). */
function jsonAppend(body: unknown): AppendBody {
  const json = requiredBody<Record<string, unknown>>(body);
  const fields: Record<string, string> = {};
  for (const name of APPEND_FIELDS) if (json[name] !== undefined) fields[name] = String(json[name]);
  const media = typeof json['media'] === 'string' ? Buffer.from(json['media'], 'base64') : undefined;
  if (media && media.length > MAX_SEGMENT_BYTES) {
    throw invalidRequest(`A segment is at most ${MAX_SEGMENT_BYTES} bytes.`, { media: [] });
  }
  return { fields, media };
}

export function registerChatMediaRoutes(app: FastifyInstance, ctx: SandboxContext, chats: ChatStore): void {
  const media = chatMediaStoreOf(ctx);
  /** The canonical id of the conversation a body's `conversation_id` names (the caller must be in it). */
  const conversationOf = (callerId: string, raw: string | undefined) => {
    if (raw === undefined || raw === '') {
      throw invalidRequest('`conversation_id` is required.', { conversation_id: [] });
    }
    return existingConversation(ctx, chats, callerId, raw).id;
  };

  app.post('/2/chat/media/upload/initialize', async (request, reply) => {
    const key = 'POST /2/chat/media/upload/initialize';
    const caller = callerOf(await guard(ctx, request, reply, key, MEDIA));
    const body = requiredBody<{ conversation_id: string; total_bytes: number }>(request.body);
    const conversationId = conversationOf(caller.id, body.conversation_id);
    const session = media.initialize(caller.id, conversationId, body.total_bytes);
    chats.mediaChanged(conversationId, caller.id);
    return {
      data: { session_id: session.id, media_hash_key: session.mediaHashKey, conversation_id: conversationId },
    };
  });

  app.post<Params>('/2/chat/media/upload/:id/append', async (request, reply) => {
    const key = 'POST /2/chat/media/upload/:id/append';
    const caller = callerOf(await guard(ctx, request, reply, key, MEDIA));
    const { fields, media: bytes } = request.isMultipart()
      ? await multipartAppend(request)
      : jsonAppend(request.body);
    const index = fields['segment_index'] ?? '';
    if (!/^[0-9]{1,3}$/.test(index)) {
      throw invalidRequest('`segment_index` is a whole number from 0 to 999.', { segment_index: [index] });
    }
    if (!bytes) throw invalidRequest('`media` (the segment bytes) is required.', { media: [] });
    const conversationId = conversationOf(caller.id, fields['conversation_id']);
    const session = media.session(
      caller.id,
      request.params.id,
      conversationId,
      fields['media_hash_key'] ?? '',
    );
    const expiresAt = media.append(session, Number(index), bytes);
    return { data: { expires_at: Math.floor(expiresAt / 1000) } };
  });

  app.post<Params>('/2/chat/media/upload/:id/finalize', async (request, reply) => {
    const key = 'POST /2/chat/media/upload/:id/finalize';
    const caller = callerOf(await guard(ctx, request, reply, key, MEDIA));
    const body = requiredBody<{
      conversation_id: string;
      media_hash_key: string;
      num_parts: string;
      message_id?: string;
      ttl_msec?: string;
    }>(request.body);
    if (body.ttl_msec !== undefined && !/^[0-9]{1,15}$/.test(body.ttl_msec)) {
      throw invalidRequest('`ttl_msec` is a number of milliseconds.', { ttl_msec: [body.ttl_msec] });
    }
    const conversationId = conversationOf(caller.id, body.conversation_id);
    const session = media.session(caller.id, request.params.id, conversationId, body.media_hash_key);
    media.finalize(session, body.num_parts, {
      ...(body.message_id !== undefined ? { messageId: body.message_id } : {}),
      ...(body.ttl_msec !== undefined ? { ttlMs: Number(body.ttl_msec) } : {}),
    });
    chats.mediaChanged(conversationId, caller.id);
    return { data: { success: true } };
  });

  app.get<{ Params: { id: string; media_hash_key: string } }>(
    '/2/chat/media/:id/:media_hash_key',
    async (request, reply) => {
      const key = 'GET /2/chat/media/:id/:media_hash_key';
      const caller = callerOf(await guard(ctx, request, reply, key, MEDIA));
      const conversation = existingConversation(ctx, chats, caller.id, request.params.id);
      const hashKey = request.params.media_hash_key;
      const bytes = media.bytes(conversation.id, hashKey);
      if (!bytes) throw notFoundProblem(hashKey, 'media_hash_key', 'media');
      return reply.type('application/octet-stream').send(bytes);
    },
  );
}
