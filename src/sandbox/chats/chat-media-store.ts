// Chat media: encrypted bytes a participant uploads in numbered segments (initialize, append, finalize) and any
// participant of the conversation downloads by its hash key. Held in memory: an upload is at most
// MAX_CHAT_MEDIA_BYTES, and a session not finalized within a day is dropped, as v2 media sessions expire.
import { randomBytes } from 'node:crypto';
import { invalidRequest, type SandboxContext } from '../context.js';
import { notFoundProblem } from '../v2-kit/problems.js';

/** UNCONFIRMED: X documents no size limit for chat media; the sandbox takes 50 MB. */
export const MAX_CHAT_MEDIA_BYTES = 50 * 1024 * 1024;
const SESSION_MS = 24 * 60 * 60 * 1000;

interface Session {
  readonly id: string;
  readonly ownerId: string;
  readonly conversationId: string;
  readonly mediaHashKey: string;
  readonly totalBytes: number;
  readonly expiresAt: number;
  readonly segments: Map<number, Buffer>;
}

interface StoredMedia {
  readonly bytes: Buffer;
  readonly ownerId: string;
  readonly messageId?: string;
  /** From `ttl_msec`: gone after this time. */
  readonly expiresAt?: number;
}

export class ChatMediaStore {
  readonly #sessions = new Map<string, Session>();
  /** `<conversation id>/<media hash key>` → bytes. */
  readonly #media = new Map<string, StoredMedia>();

  constructor(private readonly ctx: SandboxContext) {}

  initialize(ownerId: string, conversationId: string, totalBytes: number): Session {
    this.#sweep();
    if (totalBytes < 1 || totalBytes > MAX_CHAT_MEDIA_BYTES) {
      throw invalidRequest(`\`total_bytes\` must be between 1 and ${MAX_CHAT_MEDIA_BYTES}.`, {
        total_bytes: [String(totalBytes)],
      });
    }
    const session: Session = {
      id: this.ctx.nextId(),
      ownerId,
      conversationId,
      mediaHashKey: randomBytes(16).toString('hex'),
      totalBytes,
      expiresAt: this.ctx.now() + SESSION_MS,
      segments: new Map(),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /**
   * The caller's live session `id`, checked against the conversation and hash key the request names. Someone
   * else's session is as unknown as one that never was.
   */
  session(ownerId: string, id: string, conversationId: string, mediaHashKey: string): Session {
    const session = this.#sessions.get(id);
    if (!session || session.ownerId !== ownerId || session.expiresAt <= this.ctx.now()) {
      throw notFoundProblem(id, 'id', 'media_upload');
    }
    if (session.conversationId !== conversationId) {
      throw invalidRequest(`Upload [${id}] belongs to another conversation.`, {
        conversation_id: [conversationId],
      });
    }
    if (session.mediaHashKey !== mediaHashKey) {
      throw invalidRequest(`\`media_hash_key\` [${mediaHashKey}] is not the one of upload [${id}].`, {
        media_hash_key: [mediaHashKey],
      });
    }
    return session;
  }

  /** Adds (or replaces) one segment; the segments together may not exceed the announced size. */
  append(session: Session, index: number, bytes: Buffer): number {
    let total = bytes.length;
    for (const [at, segment] of session.segments) if (at !== index) total += segment.length;
    if (total > session.totalBytes) {
      throw invalidRequest(`The segments add up to more than \`total_bytes\` [${session.totalBytes}].`, {
        segment_index: [String(index)],
      });
    }
    session.segments.set(index, bytes);
    return session.expiresAt;
  }

  /** Joins segments 0..numParts-1, which must be all there is and add up to the announced size. */
  finalize(session: Session, numParts: string, options: { messageId?: string; ttlMs?: number }): void {
    const parts = /^[0-9]{1,4}$/.test(numParts) ? Number(numParts) : -1;
    const indexes = [...session.segments.keys()];
    if (parts !== indexes.length || indexes.some((index) => index >= parts)) {
      throw invalidRequest(
        `\`num_parts\` [${numParts}] is not the number of segments appended (0..${indexes.length - 1}).`,
        { num_parts: [numParts] },
      );
    }
    const bytes = Buffer.concat(
      indexes.sort((a, b) => a - b).map((index) => session.segments.get(index) ?? Buffer.alloc(0)),
    );
    if (bytes.length !== session.totalBytes) {
      throw invalidRequest(
        `${bytes.length} bytes were appended, not \`total_bytes\` [${session.totalBytes}].`,
        {
          num_parts: [numParts],
        },
      );
    }
    this.#sessions.delete(session.id);
    this.#media.set(`${session.conversationId}/${session.mediaHashKey}`, {
      bytes,
      ownerId: session.ownerId,
      ...(options.messageId !== undefined ? { messageId: options.messageId } : {}),
      ...(options.ttlMs !== undefined ? { expiresAt: this.ctx.now() + options.ttlMs } : {}),
    });
  }

  /** The finalized bytes of a conversation's media, or undefined (unknown, unfinished or past its TTL). */
  bytes(conversationId: string, mediaHashKey: string): Buffer | undefined {
    const key = `${conversationId}/${mediaHashKey}`;
    const media = this.#media.get(key);
    if (media?.expiresAt !== undefined && media.expiresAt <= this.ctx.now()) {
      this.#media.delete(key);
      return undefined;
    }
    return media?.bytes;
  }

  #sweep(): void {
    const now = this.ctx.now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}

export function chatMediaStoreOf(ctx: SandboxContext): ChatMediaStore {
  return ctx.state('chat-media', () => new ChatMediaStore(ctx));
}
