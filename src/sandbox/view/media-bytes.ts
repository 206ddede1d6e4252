// Serves an upload's stored bytes to the view's <img> and <video> elements, with its sniffed content type
// and single byte ranges (206), so a browser can seek a video.

import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import { mediaStoreOf } from '../media/media-registry.js';

const CHUNK = 256 * 1024;

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * One range from a `Range` header (RFC 9110 §14.1.2): `bytes=a-b`, `bytes=a-` or `bytes=-n`. Several ranges
 * or another unit: `undefined`, so the whole body is sent, as RFC 9110 allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return undefined;
  return { start, end };
}

/** GET/HEAD /__sandbox/view/media/:id */
export async function serveMedia(
  ctx: SandboxContext,
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const store = mediaStoreOf(ctx);
  const id = request.params.id;
  const inspection = /^[0-9]{1,19}$/.test(id) ? await store.inspect(id) : undefined;
  if (inspection === undefined || inspection.bytesReceived === 0) {
    return reply.code(404).type('text/plain; charset=utf-8').send('No stored bytes for this media id.');
  }
  const source = store.files.byteSource(id, inspection.segments);
  const size = source.size;
  const type = inspection.detectedType ?? inspection.mediaType;
  reply.header('accept-ranges', 'bytes');
  reply.header('content-type', type);
  reply.header('x-content-type-options', 'nosniff');
  // An id's bytes never change once stored (ids are never reused), so the browser may keep them; it also lets
  // two players of the same video share one download.
  reply.header('cache-control', 'private, max-age=86400, immutable');
  reply.header('etag', `"${inspection.sha256}"`);
  const range = parseRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${size}`).send();
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  reply.header('content-length', String(end - start + 1));
  if (request.method === 'HEAD') return reply.send();
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = start; offset <= end; offset += CHUNK) {
      yield await source.readAt(offset, Math.min(CHUNK, end + 1 - offset));
    }
  }
  return reply.send(Readable.from(chunks()));
}
