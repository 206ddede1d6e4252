// The sandbox's live web view at /__sandbox/view/: what the bot posted, uploaded and sent, as it happens.
// It reads the sandbox's state and events; the server registers it with one call.

import type { FastifyInstance } from 'fastify';
import type { SandboxInternals } from '../internals.js';
import { registerRequestLog } from './request-log.js';
import { registerViewRoutes } from './routes.js';
import { ViewState } from './view-state.js';

export { VIEW_PREFIX } from './paths.js';

/**
 * Registers the request log's hooks and the view's routes. Call it before the fault hooks, so requests
 * answered by an injected fault are logged too.
 */
export function registerView(app: FastifyInstance, ctx: SandboxInternals): ViewState {
  const view = new ViewState(ctx);
  registerRequestLog(app, ctx, view.log, () => view.notify());
  registerViewRoutes(app, ctx, view);
  return view;
}
