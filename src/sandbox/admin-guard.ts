// Who may use the admin routes (/__sandbox/*): a request addressed to a loopback name (or the host the
// sandbox was told to listen on), from no other web origin, with the admin token when one is set. A
// DNS-rebinding page reaches 127.0.0.1 under its own host name, and a cross-site form posts with its own
// Origin: both are refused, so a web page cannot mint tokens or inject faults. With trustProxy, a request
// that a proxy says was addressed to another host (X-Forwarded-Host) is refused too: the guard never
// widens on a forwarding header (a page can set one), it only narrows, so a proxy that rewrites Host to
// 127.0.0.1 does not open the admin routes to whoever reaches the proxy under its public name.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forwardedHost } from './addressed-origin.js';
import { SandboxHttpError } from './errors.js';
import type { SandboxInternals } from './internals.js';
import { admitsViewRequest, answerTokenExchange, isViewPath, sameSecret } from './view-session.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
/** The header that carries the admin token (`Authorization: Bearer` is taken by X's own auth). */
export const ADMIN_TOKEN_HEADER = 'x-sandbox-admin-token';

function refuse(status: number, message: string): SandboxHttpError {
  return new SandboxHttpError(
    status,
    { raw: { body: JSON.stringify({ error: message }), contentType: 'application/json; charset=utf-8' } },
    { forced: 'raw' },
  );
}

/** The host name of a Host header or an origin, lowercased, without the port. */
function hostnameOf(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function allowedHost(name: string | undefined, configured: string): boolean {
  if (name === undefined) return false;
  return LOOPBACK_NAMES.has(name) || name === configured.toLowerCase() || `[${configured}]` === name;
}

/** Checks one admin request; throws the refusal. */
export function checkAdminRequest(request: FastifyRequest, ctx: SandboxInternals): void {
  const { host: configured, adminToken, trustProxy } = ctx.options;
  const host = request.headers.host;
  const forwarded = trustProxy ? request.headers['x-forwarded-host'] : undefined;
  const forwardedName = forwarded === undefined ? undefined : forwardedHost(request);
  if (
    !allowedHost(typeof host === 'string' ? hostnameOf(host) : undefined, configured) ||
    (forwarded !== undefined && !allowedHost(forwardedName && hostnameOf(forwardedName), configured))
  ) {
    throw refuse(403, 'The admin routes answer only requests addressed to a loopback host.');
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null' && !allowedHost(hostnameOf(origin), configured)) {
    throw refuse(403, 'The admin routes refuse requests from other web origins.');
  }
  if (adminToken !== undefined) {
    const given = request.headers[ADMIN_TOKEN_HEADER];
    if (typeof given === 'string' && sameSecret(given, adminToken)) return;
    if (admitsViewRequest(request, adminToken)) return;
    throw refuse(
      401,
      isViewPath(request.url)
        ? "The web view needs the sandbox's admin token: open the view URL the sandbox printed (sb.viewUrl), which carries it once."
        : `The admin routes need the sandbox's admin token in ${ADMIN_TOKEN_HEADER}.`,
    );
  }
}

/** Guards every route under /__sandbox/, whichever area registered it. */
export function registerAdminGuard(app: FastifyInstance, ctx: SandboxInternals): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!(request.url.startsWith('/__sandbox/') || request.url === '/__sandbox')) return;
    checkAdminRequest(request, ctx);
    const { adminToken } = ctx.options;
    if (adminToken !== undefined && answerTokenExchange(request, reply, adminToken)) return reply;
  });
}
