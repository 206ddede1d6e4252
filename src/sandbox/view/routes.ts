// The view's routes under /__sandbox/view/ (page, fragments, events, media bytes, request details, form
// actions) and the admin reset route. Being under /__sandbox/, they pass the admin Host checks and are
// never rate-limited, faulted or logged.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_TOKEN_HEADER } from '../admin-guard.js';
import type { SandboxInternals } from '../internals.js';
import { streamsState } from '../streams/state.js';
import { tweetService } from '../tweets/service.js';
import { renderChats } from './chats.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { renderDms } from './dms.js';
import { html, type SafeHtml } from './html.js';
import { serveMedia } from './media-bytes.js';
import {
  type Counts,
  renderDetailPage,
  renderFaultRules,
  renderPage,
  renderUserOptions,
  type Sections,
} from './page.js';
import { renderMedia, renderRequestDetail, renderRequests, renderStreams, renderUsers } from './panels.js';
import { VIEW_PREFIX } from './paths.js';
import { ICON_SVG, STYLE } from './style.js';
import { renderTimeline, type TimelineFilter } from './timeline.js';
import type { ViewState } from './view-state.js';

/** Everything but scripts and styles from this origin is refused, so even a missed escape could not run. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function filterOf(request: FastifyRequest): TimelineFilter {
  const query = request.query as Record<string, unknown>;
  const user = typeof query['user'] === 'string' ? query['user'].trim().replace(/^@/, '') : '';
  const q = typeof query['q'] === 'string' ? query['q'].trim() : '';
  return { ...(user !== '' ? { user } : {}), ...(q !== '' ? { q } : {}) };
}

async function sections(
  ctx: SandboxInternals,
  view: ViewState,
  filter: TimelineFilter,
): Promise<{ sections: Sections; counts: Counts }> {
  const mediaRows = await view.media();
  const processing = mediaRows.some(
    (row) => row.processing?.state === 'pending' || row.processing?.state === 'in_progress',
  );
  // Processing advances with the clock, not with events: look again shortly while something is processing.
  if (processing) view.notifyLater(400);
  const requests = view.log.list();
  const posts = view.posts();
  return {
    sections: {
      timeline: renderTimeline(view, filter),
      requests: renderRequests(requests),
      media: renderMedia(mediaRows, view.mediaFailures()),
      streams: renderStreams(view.streams()),
      users: renderUsers(view.users(), filter.user),
      dms: renderDms(view),
      chats: renderChats(view),
      faults: renderFaultRules(ctx.faults.list()),
      'user-filter': renderUserOptions(view.users(), filter.user),
    },
    counts: {
      posts: `${posts.length} post${posts.length === 1 ? '' : 's'}`,
      requests: `last ${Math.min(requests.length, view.log.capacity)} of ${view.log.total}`,
      media: `${mediaRows.length} upload${mediaRows.length === 1 ? '' : 's'}`,
    },
  };
}

function sendHtml(reply: FastifyReply, markup: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(markup.value);
}

/**
 * A cross-site form can POST to 127.0.0.1 without a preflight; browsers say where it came from, so refuse
 * anything that is not this origin (a request without those headers comes from a script or curl, not a page).
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${request.headers.host ?? ''}`;
}

/** Clears what a run leaves behind; users, apps and tokens stay so the credentials in use keep working. */
export function resetSandbox(ctx: SandboxInternals, view: ViewState): void {
  const service = tweetService(ctx);
  for (const post of service.store.newestFirst()) service.remove(post.id);
  ctx.faults.clear();
  ctx.rateLimiter.reset();
  streamsState(ctx).hub.disconnectAll('end');
  view.forget();
  ctx.events.emit('reset');
}

export function registerViewRoutes(app: FastifyInstance, ctx: SandboxInternals, view: ViewState): void {
  const openEvents = new Set<import('node:http').ServerResponse>();
  ctx.onClose(() => {
    for (const response of openEvents) response.end();
    openEvents.clear();
  });

  app.get('/__sandbox/view', async (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(VIEW_PREFIX + (query >= 0 ? request.url.slice(query) : ''), 301);
  });

  app.get(VIEW_PREFIX, async (request, reply) => {
    const filter = filterOf(request);
    const { sections: parts, counts } = await sections(ctx, view, filter);
    const host = request.headers.host;
    return sendHtml(
      reply,
      renderPage({
        sections: parts,
        counts,
        filter,
        sandboxUrl: host ? `http://${host}` : '',
      }),
    );
  });

  app.get(`${VIEW_PREFIX}style.css`, async (_request, reply) =>
    reply.headers(SECURITY_HEADERS).type('text/css; charset=utf-8').send(STYLE),
  );
  app.get(`${VIEW_PREFIX}icon.svg`, async (_request, reply) =>
    reply.headers(SECURITY_HEADERS).type('image/svg+xml').send(ICON_SVG),
  );
  app.get(`${VIEW_PREFIX}app.js`, async (_request, reply) =>
    reply.headers(SECURITY_HEADERS).type('text/javascript; charset=utf-8').send(CLIENT_SCRIPT),
  );

  app.get(`${VIEW_PREFIX}fragments`, async (request, reply) => {
    const { sections: parts, counts } = await sections(ctx, view, filterOf(request));
    const out: Record<string, string> = {};
    for (const [name, markup] of Object.entries(parts)) out[name] = markup.value;
    return reply.headers(SECURITY_HEADERS).send({ version: view.version, sections: out, counts });
  });

  app.get(`${VIEW_PREFIX}events`, (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    openEvents.add(response);
    const unsubscribe = view.subscribe(() => response.write(`event: change\ndata: ${view.version}\n\n`));
    const ping = setInterval(() => response.write(': ping\n\n'), 15_000);
    ping.unref();
    response.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      openEvents.delete(response);
    });
    request.raw.on('error', () => response.destroy());
  });

  app.get<{ Params: { id: string } }>(`${VIEW_PREFIX}media/:id`, (request, reply) =>
    serveMedia(ctx, request, reply),
  );

  app.get<{ Params: { id: string }; Querystring: { fragment?: string } }>(
    `${VIEW_PREFIX}requests/:id`,
    async (request, reply) => {
      const entry = /^[0-9]{1,9}$/.test(request.params.id)
        ? view.log.get(Number(request.params.id))
        : undefined;
      if (!entry) return sendHtml(reply, html`<p>That request is no longer in the log.</p>`, 404);
      const detail = renderRequestDetail(entry);
      if (request.query.fragment === '1') return sendHtml(reply, detail);
      return sendHtml(reply, renderDetailPage(`${entry.method} ${entry.path}`, detail));
    },
  );

  app.post('/__sandbox/reset', async (request, reply) => {
    if (!isSameOrigin(request)) return reply.code(403).send({ error: 'Cross-site request refused' });
    resetSandbox(ctx, view);
    return { reset: true };
  });

  // The same controls for a browser without JavaScript: a form post, forwarded to the admin JSON route.
  const forward = async (request: FastifyRequest, reply: FastifyReply, adminPath: string, body: object) => {
    if (!isSameOrigin(request)) return sendHtml(reply, html`<p>Cross-site request refused.</p>`, 403);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !/^(content-|transfer-encoding|connection|cookie)/i.test(name))
        headers[name] = value;
    }
    // The guard let this view request in (by the header or the view's cookie): the admin route gets the header.
    const { adminToken } = ctx.options;
    if (adminToken !== undefined) headers[ADMIN_TOKEN_HEADER] = adminToken;
    const answer = await app.inject({
      method: 'POST',
      url: adminPath,
      headers,
      payload: JSON.stringify(body),
    });
    // The page's script asks for the admin route's own answer; a plain form gets a page.
    if (request.headers.accept?.includes('application/json'))
      return reply
        .code(answer.statusCode)
        .headers(SECURITY_HEADERS)
        .type('application/json')
        .send(answer.body);
    if (answer.statusCode >= 400) {
      return sendHtml(
        reply,
        renderDetailPage('Refused', html`<p>The sandbox refused: <code>${answer.body}</code></p>`),
        answer.statusCode,
      );
    }
    return reply.redirect(VIEW_PREFIX, 303);
  };
  const formBody = (request: FastifyRequest): Record<string, string> =>
    typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, string>) : {};

  app.post(`${VIEW_PREFIX}actions/reset`, (request, reply) =>
    forward(request, reply, '/__sandbox/reset', {}),
  );
  app.post(`${VIEW_PREFIX}actions/users`, (request, reply) => {
    const form = formBody(request);
    const body: Record<string, string> = {};
    if (form['screen_name']) body['screen_name'] = form['screen_name'];
    if (form['name']) body['name'] = form['name'];
    return forward(request, reply, '/__sandbox/users', body);
  });
  app.post(`${VIEW_PREFIX}actions/faults`, (request, reply) => {
    const form = formBody(request);
    const body: Record<string, unknown> = { route: form['route'] ?? '*', kind: form['kind'] ?? 'error' };
    for (const name of ['status', 'times', 'delayMs', 'afterBytes']) {
      const value = form[name];
      if (value !== undefined && value !== '') body[name] = Number(value);
    }
    return forward(request, reply, '/__sandbox/faults', body);
  });
}
