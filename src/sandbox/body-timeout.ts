// A request body that stops arriving is cut after `bodyIdleTimeoutMs` of silence, so a slow or stuck
// client cannot hold a connection (and the memory of its half-read body) open for minutes.

import type { FastifyInstance } from 'fastify';
import type { SandboxInternals } from './internals.js';

export function registerBodyIdleTimeout(app: FastifyInstance, ctx: SandboxInternals): void {
  const idleMs = ctx.options.bodyIdleTimeoutMs;
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw;
    const hasBody =
      raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;
    const socket = raw.socket;
    // Requests made in process (app.inject) have no real socket, and no client to wait for.
    if (!hasBody || raw.complete || typeof socket?.setTimeout !== 'function') return;
    // Node's server destroys a socket whose timeout fires when nobody else handles it; so do we.
    const onTimeout = () => socket.destroy();
    socket.setTimeout(idleMs, onTimeout);
    const clear = () => {
      socket.setTimeout(0);
      socket.off('timeout', onTimeout);
    };
    raw.once('end', clear);
    raw.once('close', clear);
    reply.raw.once('finish', clear);
  });
}
