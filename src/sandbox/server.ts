// Builds the fastify app: body parsers, the fault and rate-limit-header hooks, X-format errors, and
// every area's routes on one origin.

import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { registerAdminRoutes } from './admin.js';
import { registerAdminGuard } from './admin-guard.js';
import { registerArticleRoutes } from './articles/routes.js';
import { authenticate, requireScopes } from './auth/authenticate.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerBodyIdleTimeout } from './body-timeout.js';
import { registerBroadcastRoutes } from './broadcasts/routes.js';
import { registerChatRoutes } from './chats/routes.js';
import { createClock } from './clock.js';
import { registerCommunityRoutes } from './communities/routes.js';
import { registerComplianceRoutes } from './compliance/routes.js';
import type { RequestParams, SandboxInspectors } from './context.js';
import { registerDmRoutes } from './dm/routes.js';
import { flavorOfPath, pageNotFound, renderError, SandboxHttpError, statusError } from './errors.js';
import { registerFaultHooks } from './fault-effects.js';
import { createFaultController } from './faults.js';
import { registerInsightRoutes } from './insights/routes.js';
import type { SandboxInternals } from './internals.js';
import { registerListRoutes } from './lists/routes.js';
import { registerMediaRoutes } from './media/routes.js';
import { registerNoteRoutes } from './notes/routes.js';
import { registerDocumentRoutes } from './openapi/routes.js';
import type { ResolvedSandboxOptions } from './options.js';
import { registerRateLimitStatusRoute } from './rate-limit-status.js';
import { RateLimiter } from './rate-limits.js';
import { registerSocialRoutes } from './social/routes.js';
import { registerSpaceRoutes } from './spaces/routes.js';
import { SandboxStore } from './store.js';
import { registerStreamRoutes } from './streams/routes.js';
import { registerTweetRoutes } from './tweets/routes.js';
import { registerUserRoutes } from './users.js';
import { registerView } from './view/index.js';
import { loggedRequest } from './view-session.js';
import { registerWebhookRoutes } from './webhooks/routes.js';

export { disconnectStreams, publishStreamMessage } from './streams/routes.js';

/** X's epoch for snowflake ids (2010-11-04). */
const TWITTER_EPOCH = 1_288_834_974_657n;

export function createContext(options: ResolvedSandboxOptions): SandboxInternals {
  const clock = createClock(options.now);
  const now = () => clock.now();
  const store = new SandboxStore(now);
  const rateLimiter = new RateLimiter(now, { ...options.rateLimits });
  const faults = createFaultController(options.faultSeed, options.faults);
  const closeHooks: Array<() => void | Promise<void>> = [];
  const inspectors: SandboxInspectors = {};
  const events = new EventEmitter();
  let lastId = 0n;
  const ctx: SandboxInternals = {
    options,
    clock,
    now,
    store,
    state: (key, init) => store.state(key, init),
    nextId() {
      let id = (BigInt(Math.max(0, Math.floor(now()))) - TWITTER_EPOCH) << 22n;
      if (id <= lastId) id = lastId + 1n;
      lastId = id;
      return id.toString();
    },
    authenticate: (request, authOptions) => authenticate(ctx, request, authOptions),
    requireScopes: (auth, scopes, api) => requireScopes(auth, scopes, api),
    rateLimit: (request, reply, endpointKey, auth) => rateLimiter.hit(request, reply, endpointKey, auth),
    params: requestParams,
    faults,
    events,
    inspectors,
    onClose(cleanup) {
      closeHooks.push(cleanup);
    },
    rateLimiter,
    closeHooks,
    routes: new Set(),
  };
  return ctx;
}

/** Query string merged with a form-urlencoded body; the first value of a repeated name wins. */
export function requestParams(request: FastifyRequest): RequestParams {
  const params: RequestParams = {};
  const query = request.url.indexOf('?');
  const sources = [query >= 0 ? request.url.slice(query + 1) : '', request.rawFormBody ?? ''];
  for (const source of sources) {
    const seen = new Set<string>();
    for (const [name, value] of new URLSearchParams(source)) {
      if (seen.has(name)) continue;
      seen.add(name);
      params[name] = value;
    }
  }
  return params;
}

/** The certificate and key of an https sandbox. */
export interface ServerTls {
  cert: string | Buffer;
  key: string | Buffer;
}

export async function buildServer(ctx: SandboxInternals, tls?: ServerTls): Promise<FastifyInstance> {
  // The areas register on FastifyInstance (an http.Server underneath); an https server runs the same
  // routes and hooks, only `app.server`'s type differs, hence the one cast.
  const app = Fastify({
    // The view's URL may carry the admin token once: the log shows every URL without it.
    logger: ctx.options.logger && { serializers: { req: loggedRequest } },
    bodyLimit: ctx.options.bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: true,
    clientErrorHandler: writeClientError,
    https: tls ? { cert: tls.cert, key: tls.key } : null,
  }) as unknown as FastifyInstance;

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: ctx.options.bodyLimit },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      request.rawFormBody = text;
      const parsed: Record<string, string> = {};
      for (const [name, value] of new URLSearchParams(text)) if (!(name in parsed)) parsed[name] = value;
      done(null, parsed);
    },
  );

  // X's official SDK sends `Content-Type: application/json` with no body on bodiless commands (finalize,
  // DELETE): an empty JSON body is no body. Anything else goes through fastify's own (safe) JSON parser.
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: ctx.options.bodyLimit },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      parseJson(request, text, done);
    },
  );
  // X documents `text/plain; charset=UTF-8` for JSON bodies of v1.1 media metadata: a JSON text is read as
  // JSON, anything else stays a string.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    'text/plain',
    { parseAs: 'string', bodyLimit: ctx.options.bodyLimit },
    (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      try {
        done(null, /^\s*[[{]/.test(text) ? JSON.parse(text) : text);
      } catch {
        done(null, text);
      }
    },
  );

  await app.register(multipart, {
    limits: {
      fileSize: Number.POSITIVE_INFINITY,
      fieldSize: ctx.options.bodyLimit,
      fields: 100,
      files: 10,
      parts: 200,
    },
  });

  registerAdminGuard(app, ctx);
  registerBodyIdleTimeout(app, ctx);
  registerView(app, ctx);
  registerFaultHooks(app, ctx);

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/__sandbox/') && !reply.hasHeader('x-rate-limit-limit')) {
      reply.headers(ctx.rateLimiter.headersFor(request));
    }
    return payload;
  });

  app.setNotFoundHandler(() => {
    throw pageNotFound();
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    const sandboxError = toSandboxError(error);
    if (sandboxError.status >= 500 && !(error instanceof SandboxHttpError)) request.log.error(error);
    const path = request.url.split('?')[0] ?? '/';
    const rendered = renderError(sandboxError, flavorOfPath(path), path);
    reply.headers(sandboxError.headers);
    reply.code(rendered.status).type(rendered.contentType).send(rendered.body);
  });

  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) ctx.routes.add(`${method} ${route.url}`);
  });
  registerDocumentRoutes(app);
  await registerAuthRoutes(app, ctx);
  await registerUserRoutes(app, ctx);
  registerRateLimitStatusRoute(app, ctx);
  await registerAdminRoutes(app, ctx);
  await registerMediaRoutes(app, ctx);
  await registerTweetRoutes(app, ctx);
  await registerSocialRoutes(app, ctx);
  await registerStreamRoutes(app, ctx);
  registerDmRoutes(app, ctx);
  registerChatRoutes(app, ctx);
  registerListRoutes(app, ctx);
  registerSpaceRoutes(app, ctx);
  registerCommunityRoutes(app, ctx);
  registerComplianceRoutes(app, ctx);
  registerArticleRoutes(app, ctx);
  registerNoteRoutes(app, ctx);
  registerBroadcastRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerInsightRoutes(app, ctx);
  return app;
}

/** Unparseable HTTP (bad request line, huge headers): X's v1.1 error shape, then close the socket. */
function writeClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const reason =
    status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const body = JSON.stringify({ errors: [{ code: 0, message: reason }] });
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Errors raised by the multipart parser (busboy) or the socket when the client sent a broken or cut body:
 * they carry no status, but they are the client's fault, so 400 rather than 500.
 */
function isMalformedClientInput(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || error.message === 'aborted') return true;
  return /unexpected end of multipart data|terminated early|boundary not found|boundary required|malformed part header/i.test(
    error.message,
  );
}

/** Turns whatever a route or fastify threw into an X-format error (4xx kept, the rest 500). */
function toSandboxError(error: unknown): SandboxHttpError {
  if (error instanceof SandboxHttpError) return error;
  const status =
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number'
      ? error.statusCode
      : 500;
  if (status >= 400 && status < 500) {
    const message = error instanceof Error ? error.message : undefined;
    return statusError(status, message);
  }
  if (isMalformedClientInput(error)) return statusError(400, (error as Error).message);
  return statusError(500);
}
