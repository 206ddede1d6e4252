// Reads an upload request whatever its encoding (multipart, form-urlencoded, JSON): the parameters, and
// the `media` / `media_data` bytes streamed to a spool file with the 5 MB segment limit enforced on the way.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import { InvalidBase64Error } from './base64-decoder.js';
import { MAX_SEGMENT_BYTES } from './categories.js';
import { badRequest, MediaError } from './media-error.js';
import { type SegmentFiles, SegmentTooLargeError, type SpooledFile } from './segment-files.js';

export interface UploadBody {
  /** Query, form and multipart fields (and string or number JSON fields); the body wins over the query. */
  params: Record<string, string>;
  /** The array-valued JSON fields (v2 `additional_owners`). */
  lists: Record<string, string[]>;
  /** The JSON body itself, for endpoints with nested fields. */
  json: Record<string, unknown> | undefined;
  file?: SpooledFile;
}

const MEDIA_FIELDS = new Set(['media', 'media_data']);

/** Reads the whole request; on failure no spool file remains. */
export async function readUploadBody(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: SandboxContext,
  files: SegmentFiles,
): Promise<UploadBody> {
  const body: UploadBody = { params: { ...queryParams(request) }, lists: {}, json: undefined };
  try {
    if (request.isMultipart()) await readMultipart(request, files, body);
    else if (isJsonRequest(request) && isPlainObject(request.body)) await readJson(request.body, files, body);
    else await readForm(ctx, request, files, body);
  } catch (error) {
    if (body.file) await files.discard(body.file);
    throw translateReadError(error, request, reply);
  }
  return body;
}

async function readMultipart(request: FastifyRequest, files: SegmentFiles, body: UploadBody): Promise<void> {
  const parts = request.parts({
    isPartAFile: (name, contentType, fileName) =>
      (name !== undefined && MEDIA_FIELDS.has(name)) ||
      contentType === 'application/octet-stream' ||
      fileName !== undefined,
  });
  const seen = new Set<string>();
  for await (const part of parts) {
    if (part.type === 'field') {
      // Two values for one field (two segment_index) leave the upload ambiguous: refused, not guessed.
      if (seen.has(part.fieldname))
        throw badRequest(`The parameter ${part.fieldname} was sent more than once.`, part.fieldname);
      if (typeof part.value === 'string') body.params[part.fieldname] = part.value;
      seen.add(part.fieldname);
      continue;
    }
    if (!MEDIA_FIELDS.has(part.fieldname)) {
      // An unexpected file part is drained and ignored, as X ignores unknown parameters.
      part.file.resume();
      await new Promise<void>((resolve) => part.file.once('close', resolve));
      continue;
    }
    if (body.file) {
      part.file.resume();
      throw badRequest('Send either media or media_data, not both.', part.fieldname);
    }
    body.file = await files.spool(part.file, {
      limit: MAX_SEGMENT_BYTES,
      base64: part.fieldname === 'media_data',
    });
  }
}

async function readJson(json: Record<string, unknown>, files: SegmentFiles, body: UploadBody): Promise<void> {
  body.json = json;
  for (const [name, value] of Object.entries(json)) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      body.params[name] = String(value);
    } else if (Array.isArray(value)) {
      body.lists[name] = value
        .filter((item) => typeof item === 'string' || typeof item === 'number')
        .map(String);
    }
  }
  // v2 sends base64 in `media`; v1.1-style clients in `media_data`.
  const encoded = body.params['media'] ?? body.params['media_data'];
  delete body.params['media'];
  delete body.params['media_data'];
  if (encoded !== undefined) body.file = await spoolBase64(encoded, files);
}

async function readForm(
  ctx: SandboxContext,
  request: FastifyRequest,
  files: SegmentFiles,
  body: UploadBody,
): Promise<void> {
  Object.assign(body.params, ctx.params(request));
  const encoded = body.params['media_data'] ?? body.params['media'];
  delete body.params['media'];
  delete body.params['media_data'];
  if (encoded !== undefined) body.file = await spoolBase64(encoded, files);
}

function spoolBase64(encoded: string, files: SegmentFiles): Promise<SpooledFile> {
  // Re-chunked so the decoder sees the same small pieces a multipart body would give it.
  const text = Buffer.from(encoded, 'latin1');
  const chunks = (function* () {
    for (let offset = 0; offset < text.length; offset += 64 * 1024)
      yield text.subarray(offset, offset + 64 * 1024);
  })();
  return files.spool(Readable.from(chunks), { limit: MAX_SEGMENT_BYTES, base64: true });
}

function queryParams(request: FastifyRequest): Record<string, string> {
  const params: Record<string, string> = {};
  const queryAt = request.url.indexOf('?');
  if (queryAt === -1) return params;
  for (const [name, value] of new URLSearchParams(request.url.slice(queryAt + 1))) {
    if (!(name in params)) params[name] = value;
  }
  return params;
}

function translateReadError(error: unknown, request: FastifyRequest, reply: FastifyReply): unknown {
  if (error instanceof SegmentTooLargeError) {
    // Stop reading: the rest of an oversized body is never consumed, so the connection cannot be reused.
    request.raw.unpipe();
    request.raw.pause();
    reply.header('connection', 'close');
    return new MediaError(400, `Segment size exceeds ${error.limit} bytes.`, 'media', undefined, true);
  }
  if (error instanceof InvalidBase64Error) return badRequest(error.message, 'media_data');
  if (error instanceof MediaError) return error;
  // A failing disk is the server's fault (500); anything else here came from the bytes the client sent.
  if (error instanceof Error && 'syscall' in error) return error;
  return badRequest('Malformed multipart body.', 'media');
}

function isJsonRequest(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().includes('json');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
