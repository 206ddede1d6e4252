// Registers the media area: v1.1 upload-host routes, v2 media routes, the media inspector, expiry sweeps
// and removal of every temp file on close.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { mediaStoreOf } from './media-registry.js';
import { registerMediaLookupRoutes } from './routes-lookup.js';
import { registerV1MediaRoutes } from './routes-v1.js';
import { registerV2MediaRoutes } from './routes-v2.js';

/** Expired uploads are also dropped on every media request; this catches a sandbox nobody calls. */
const SWEEP_INTERVAL_MS = 60_000;

export async function registerMediaRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const store = mediaStoreOf(ctx);
  await store.files.init();
  ctx.inspectors.media = (id) => store.inspect(id);
  const sweeper = setInterval(() => store.sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();
  ctx.onClose(async () => {
    clearInterval(sweeper);
    await store.close();
  });

  registerV1MediaRoutes(app, ctx, store);
  registerV2MediaRoutes(app, ctx, store);
  registerMediaLookupRoutes(app, ctx, store);

  // A static route wins over the admin area's generic /__sandbox/:area/:id, which does not await the
  // inspector's promise (the media view streams files for its sha256), so an unknown id still gets a 404.
  if (!app.hasRoute({ method: 'GET', url: '/__sandbox/media/:id' })) {
    app.get<{ Params: { id: string } }>('/__sandbox/media/:id', async (request, reply) => {
      const inspection = await store.inspect(request.params.id);
      if (inspection === undefined)
        return reply.code(404).send({ error: `Unknown media id ${request.params.id}` });
      return inspection;
    });
  }
}
