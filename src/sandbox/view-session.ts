// The web view's way in when the sandbox has an admin token. A browser cannot send the token header, so the
// printed view URL carries the token once (`?token=`): the sandbox answers with an HttpOnly, SameSite=Strict
// cookie scoped to the view and a redirect to the same URL without the token, so it leaves the address bar
// and the history. Later pages, fragments, events and media of the view are let in by the cookie; the admin
// JSON routes still need the header. The cookie holds a keyed hash of the token, never the token itself.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VIEW_PREFIX } from './view/paths.js';

/** The query parameter of the printed view URL that carries the admin token. */
export const VIEW_TOKEN_PARAM = 'token';
const VIEW_ROOT = VIEW_PREFIX.slice(0, -1);

export function isViewPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return path === VIEW_ROOT || path.startsWith(VIEW_PREFIX);
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The view URL for a browser: with the token once when there is one. */
export function viewUrlOf(origin: string, adminToken: string | undefined): string {
  const clean = `${origin}${VIEW_PREFIX}`;
  return adminToken === undefined ? clean : `${clean}?${VIEW_TOKEN_PARAM}=${encodeURIComponent(adminToken)}`;
}

/** One cookie per sandbox port: cookies ignore ports, and two sandboxes on one host must not evict each other. */
function cookieName(request: FastifyRequest): string {
  const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? 'default';
  return `peony_sandbox_view_${port}`;
}

function sessionValue(adminToken: string): string {
  return createHmac('sha256', adminToken).update('peony sandbox web view').digest('base64url');
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function tokenParam(request: FastifyRequest): string | null {
  const query = request.url.indexOf('?');
  return query < 0 ? null : new URLSearchParams(request.url.slice(query + 1)).get(VIEW_TOKEN_PARAM);
}

/**
 * Whether a view request is let in without the header: by the view's cookie, or (a GET only) by the token
 * in the URL, which `answerTokenExchange` then trades for the cookie.
 */
export function admitsViewRequest(request: FastifyRequest, adminToken: string): boolean {
  if (!isViewPath(request.url)) return false;
  const cookie = cookieOf(request, cookieName(request));
  if (cookie !== undefined && sameSecret(cookie, sessionValue(adminToken))) return true;
  const given = request.method === 'GET' ? tokenParam(request) : null;
  return given !== null && sameSecret(given, adminToken);
}

/**
 * For an admitted view GET whose URL carries the token: sets the cookie and redirects to the URL without
 * it, and returns true; otherwise leaves the request alone and returns false.
 */
export function answerTokenExchange(
  request: FastifyRequest,
  reply: FastifyReply,
  adminToken: string,
): boolean {
  if (request.method !== 'GET' || !isViewPath(request.url) || tokenParam(request) === null) return false;
  const query = request.url.indexOf('?');
  const params = new URLSearchParams(request.url.slice(query + 1));
  params.delete(VIEW_TOKEN_PARAM);
  const rest = params.toString();
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply
    .code(303)
    .header(
      'set-cookie',
      `${cookieName(request)}=${sessionValue(adminToken)}; Path=${VIEW_ROOT}; HttpOnly; SameSite=Strict${secure}`,
    )
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('location', `${VIEW_PREFIX}${rest === '' ? '' : `?${rest}`}`)
    .send();
  return true;
}

/** What the sandbox's logger shows of a request: pino's usual fields, the URL without the view's token. */
export function loggedRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: withoutToken(request.url),
    host: request.headers.host,
    remoteAddress: request.ip,
  };
}

function withoutToken(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  if (!params.has(VIEW_TOKEN_PARAM)) return url;
  params.set(VIEW_TOKEN_PARAM, 'REDACTED');
  return `${url.slice(0, query)}?${params.toString()}`;
}
