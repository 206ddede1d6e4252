// v1.1 upload host: /1.1/media/upload.json (simple, INIT/APPEND/FINALIZE, GET STATUS), metadata/create.json
// and subtitles/create|delete.json, answering in the upload host's formats.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthResult, SandboxContext } from '../context.js';
import { idField, jsonBody, objectField, stringField, subtitleEntries } from './json-fields.js';
import { badRequest, MediaError, missingParameter } from './media-error.js';
import type { MediaStore } from './media-store.js';
import { toUploadError, v1MediaJson } from './responses.js';
import { readUploadBody } from './upload-body.js';

const UPLOAD_PATH = '/1.1/media/upload.json';
const JSON_TYPE = 'application/json; charset=utf-8';

/** INIT answers 202 Accepted: X documents only "2xx" and a library notes it is "not exactly 200" (UNCONFIRMED). */
export const V1_INIT_STATUS = 202;

export function registerV1MediaRoutes(app: FastifyInstance, ctx: SandboxContext, store: MediaStore): void {
  const userOf = async (
    request: FastifyRequest,
    reply: FastifyReply,
    endpointKey: string,
  ): Promise<string> => {
    const auth: AuthResult = await ctx.authenticate(request, { need: 'user', api: 'upload' });
    ctx.rateLimit(request, reply, endpointKey, auth);
    if (auth.user === undefined) throw missingParameter('oauth_token');
    return auth.user.id;
  };

  app.post(UPLOAD_PATH, async (request, reply) => {
    const userId = await userOf(request, reply, `POST ${UPLOAD_PATH}`);
    const body = await uploadCall(() => readUploadBody(request, reply, ctx, store.files));
    try {
      return await uploadCall(async () => {
        const { params, file } = body;
        const command = params['command'];
        const owners = params['additional_owners'] !== undefined ? [params['additional_owners']] : [];
        switch (command) {
          case undefined: {
            if (file === undefined) throw missingParameter('media');
            const view = await store.uploadWhole(userId, file, {
              mediaCategory: params['media_category'],
              additionalOwners: owners,
              allowSubtitles: false,
            });
            return reply.type(JSON_TYPE).send(v1MediaJson(view, 'final'));
          }
          case 'INIT': {
            if (file !== undefined) throw badRequest('INIT takes no media.', 'media');
            const view = store.init(userId, {
              totalBytes: params['total_bytes'],
              mediaType: params['media_type'],
              mediaCategory: params['media_category'],
              additionalOwners: owners,
            });
            return reply.code(V1_INIT_STATUS).type(JSON_TYPE).send(v1MediaJson(view, 'init'));
          }
          case 'APPEND': {
            if (file === undefined) throw missingParameter('media');
            await store.append(userId, params['media_id'] ?? '', params['segment_index'], file);
            return reply.code(204).send();
          }
          case 'FINALIZE': {
            const view = await store.finalize(userId, params['media_id'] ?? '');
            return reply.type(JSON_TYPE).send(v1MediaJson(view, 'final'));
          }
          case 'STATUS':
            throw badRequest('STATUS must be sent with GET.', 'command', command);
          default:
            throw badRequest(`Invalid command: ${command}.`, 'command', command);
        }
      });
    } finally {
      // A committed segment has been renamed away; this only removes a spool file nobody took.
      if (body.file) await store.files.discard(body.file);
    }
  });

  app.get(UPLOAD_PATH, async (request, reply) => {
    const userId = await userOf(request, reply, `GET ${UPLOAD_PATH}`);
    return uploadCall(async () => {
      const params = ctx.params(request);
      const command = params['command'];
      if (command === undefined) throw missingParameter('command');
      if (command !== 'STATUS') throw badRequest(`Invalid command for GET: ${command}.`, 'command', command);
      const view = store.status(userId, params['media_id'] ?? '');
      return reply.type(JSON_TYPE).send(v1MediaJson(view, 'final'));
    });
  });

  // {"media_id":"…","alt_text":{"text":"…"}} → 200 with no body.
  app.post('/1.1/media/metadata/create.json', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /1.1/media/metadata/create.json');
    return uploadCall(async () => {
      const json = jsonBody(request);
      const altText = objectField(json, 'alt_text');
      const text = altText?.['text'];
      if (typeof text !== 'string') throw missingParameter('alt_text.text');
      store.setAltText(userId, idField(json, 'media_id'), text);
      return reply.code(200).send();
    });
  });

  app.post('/1.1/media/subtitles/create.json', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /1.1/media/subtitles/create.json');
    return uploadCall(async () => {
      const json = jsonBody(request);
      const videoId = idField(json, 'media_id');
      for (const entry of subtitleEntries(json)) {
        store.addSubtitles(userId, videoId, {
          mediaId: idField(entry, 'media_id'),
          languageCode: stringField(entry, 'language_code'),
          displayName: typeof entry['display_name'] === 'string' ? entry['display_name'] : '',
        });
      }
      return reply.code(200).send();
    });
  });

  app.post('/1.1/media/subtitles/delete.json', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /1.1/media/subtitles/delete.json');
    return uploadCall(async () => {
      const json = jsonBody(request);
      const videoId = idField(json, 'media_id');
      for (const entry of subtitleEntries(json)) {
        store.deleteSubtitles(userId, videoId, stringField(entry, 'language_code'));
      }
      return reply.code(200).send();
    });
  });
}

/** Runs a step, turning a MediaError into the upload host's `{request, error}` body. */
async function uploadCall<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof MediaError ? toUploadError(error) : error;
  }
}
