// v2 media: initialize / :id/append / :id/finalize, GET STATUS, one-shot and legacy command-style
// POST /2/media/upload, metadata and subtitles; answers wrapped in {"data":…}, errors as problem JSON.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import { jsonBody, objectField, stringField } from './json-fields.js';
import { badRequest, MediaError, missingParameter } from './media-error.js';
import type { MediaStore } from './media-store.js';
import { toV2Problem, v2MediaData } from './responses.js';
import { readUploadBody, type UploadBody } from './upload-body.js';

const MEDIA_WRITE = ['media.write'] as const;

export function registerV2MediaRoutes(app: FastifyInstance, ctx: SandboxContext, store: MediaStore): void {
  const userOf = async (
    request: FastifyRequest,
    reply: FastifyReply,
    endpointKey: string,
  ): Promise<string> => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v2', scopes: MEDIA_WRITE });
    ctx.rateLimit(request, reply, endpointKey, auth);
    if (auth.user === undefined) throw missingParameter('user');
    return auth.user.id;
  };

  /** Reads the body, runs `step`, and always drops a spool file the step did not commit. */
  const withBody = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    step: (body: UploadBody) => Promise<T>,
  ): Promise<T> => {
    const body = await v2Call(() => readUploadBody(request, reply, ctx, store.files));
    try {
      return await v2Call(() => step(body));
    } finally {
      if (body.file) await store.files.discard(body.file);
    }
  };

  app.post('/2/media/upload/initialize', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /2/media/upload/initialize');
    return withBody(request, reply, async ({ params, lists, file }) => {
      if (file !== undefined) throw badRequest('initialize takes no media.', 'media');
      const view = store.init(userId, {
        totalBytes: params['total_bytes'],
        mediaType: params['media_type'],
        mediaCategory: params['media_category'],
        additionalOwners: lists['additional_owners'] ?? [],
      });
      return { data: v2MediaData(view, 'init') };
    });
  });

  app.post<{ Params: { id: string } }>('/2/media/upload/:id/append', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /2/media/upload/:id/append');
    return withBody(request, reply, async ({ params, file }) => {
      if (file === undefined) throw missingParameter('media');
      await store.append(userId, request.params.id, params['segment_index'], file);
      return { data: { expires_at: Math.floor(store.expiresAt(userId, request.params.id) / 1000) } };
    });
  });

  app.post<{ Params: { id: string } }>('/2/media/upload/:id/finalize', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /2/media/upload/:id/finalize');
    return v2Call(async () => ({
      data: v2MediaData(await store.finalize(userId, request.params.id), 'final'),
    }));
  });

  app.get('/2/media/upload', async (request, reply) => {
    const userId = await userOf(request, reply, 'GET /2/media/upload');
    return v2Call(async () => {
      const params = ctx.params(request);
      const command = params['command'];
      if (command !== undefined && command !== 'STATUS') {
        throw badRequest(`Invalid command for GET: ${command}.`, 'command', command);
      }
      const mediaId = params['media_id'];
      if (mediaId === undefined || mediaId === '') throw missingParameter('media_id');
      return { data: v2MediaData(store.status(userId, mediaId), 'final') };
    });
  });

  // One-shot upload (images and subtitles), or the Jan–May 2025 command style when `command` is present.
  app.post('/2/media/upload', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /2/media/upload');
    return withBody(request, reply, async ({ params, lists, file }) => {
      const owners =
        lists['additional_owners'] ?? (params['additional_owners'] ? [params['additional_owners']] : []);
      const command = params['command'];
      switch (command) {
        case undefined: {
          if (file === undefined) throw missingParameter('media');
          if (!params['media_category']) throw missingParameter('media_category');
          const view = await store.uploadWhole(userId, file, {
            mediaCategory: params['media_category'],
            additionalOwners: owners,
            allowSubtitles: true,
          });
          return { data: v2MediaData(view, 'final') };
        }
        case 'INIT': {
          const view = store.init(userId, {
            totalBytes: params['total_bytes'],
            mediaType: params['media_type'],
            mediaCategory: params['media_category'],
            additionalOwners: owners,
          });
          reply.code(202);
          return { data: v2MediaData(view, 'init') };
        }
        case 'APPEND': {
          if (file === undefined) throw missingParameter('media');
          await store.append(userId, params['media_id'] ?? '', params['segment_index'], file);
          return reply.code(204).send();
        }
        case 'FINALIZE': {
          // The legacy style answered FINALIZE with 201 (OBSERVED, sferik/x-ruby#54).
          const view = await store.finalize(userId, params['media_id'] ?? '');
          reply.code(201);
          return { data: v2MediaData(view, 'final') };
        }
        default:
          throw badRequest(`Invalid command: ${command}.`, 'command', command);
      }
    });
  });

  app.post('/2/media/metadata', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /2/media/metadata');
    return v2Call(async () => {
      const json = jsonBody(request);
      const id = stringField(json, 'id');
      // The document makes `metadata` optional: without it the id is checked and nothing changes.
      const metadata = objectField(json, 'metadata') ?? {};
      const altText = objectField(metadata, 'alt_text');
      const associated: Record<string, unknown> = {};
      if (altText !== undefined) {
        const text = altText['text'];
        if (typeof text !== 'string') throw missingParameter('metadata.alt_text.text');
        store.setAltText(userId, id, text);
        associated['alt_text'] = { text };
      } else {
        // Other metadata kinds are accepted and not kept; the id must still be the caller's.
        store.expiresAt(userId, id);
      }
      return { data: { id, associated_metadata: associated } };
    });
  });

  app.post('/2/media/subtitles', async (request, reply) => {
    const userId = await userOf(request, reply, 'POST /2/media/subtitles');
    return v2Call(async () => {
      const json = jsonBody(request);
      const id = stringField(json, 'id');
      const mediaCategory = stringField(json, 'media_category');
      const subtitles = objectField(json, 'subtitles');
      if (subtitles === undefined) throw missingParameter('subtitles');
      store.addSubtitles(userId, id, {
        mediaId: stringField(subtitles, 'id'),
        languageCode: stringField(subtitles, 'language_code'),
        displayName: typeof subtitles['display_name'] === 'string' ? subtitles['display_name'] : '',
      });
      const associated = store.subtitlesOf(userId, id).map((entry) => ({
        display_name: entry.displayName,
        id: entry.mediaId,
        language_code: entry.languageCode,
      }));
      // The document types associated_subtitles as an object; its members are UNCONFIRMED (docs/SANDBOX.md).
      return {
        data: { id, media_category: mediaCategory, associated_subtitles: { subtitles: associated } },
      };
    });
  });

  app.delete('/2/media/subtitles', async (request, reply) => {
    const userId = await userOf(request, reply, 'DELETE /2/media/subtitles');
    return v2Call(async () => {
      const json = jsonBody(request);
      const deleted = store.deleteSubtitles(
        userId,
        stringField(json, 'id'),
        stringField(json, 'language_code'),
      );
      return { data: { deleted } };
    });
  });
}

async function v2Call<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof MediaError ? toV2Problem(error) : error;
  }
}
