// How injected faults reach the wire: errors and delays before the route, resets while the request body
// arrives, broken or truncated bodies on the way out.

import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rateLimited, statusError } from './errors.js';
import { type ActiveFault, REQUEST_FAULT_KINDS } from './faults.js';
import type { SandboxInternals } from './internals.js';

const responseFaults = new WeakMap<FastifyRequest, ActiveFault>();

/** Destroys the connection once `afterBytes` of the request body arrived (or at once for a bodyless request). */
function resetDuringRequestBody(
  request: FastifyRequest,
  reply: FastifyReply,
  afterBytes: number,
): Promise<void> {
  reply.hijack();
  const raw = request.raw;
  const hasBody =
    raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;
  const destroy = () => raw.socket.destroy();
  if (!hasBody) {
    destroy();
  } else {
    let received = 0;
    raw.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= Math.max(1, afterBytes)) destroy();
    });
    raw.on('end', destroy);
    raw.on('error', destroy);
  }
  // The request is over for fastify: leave the hook pending so no handler runs on a dead socket.
  return new Promise<void>(() => {});
}

/** Resolves once the request's body has all arrived (read and dropped), or the request has gone. */
function bodyReceived(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    raw.once('end', resolve);
    raw.once('close', resolve);
    raw.once('error', resolve);
    raw.resume();
  });
}

/** Replaces a payload with a stream that stops after `afterBytes` and then breaks the connection. */
function breakPayload(
  request: FastifyRequest,
  reply: FastifyReply,
  fault: ActiveFault,
  payload: unknown,
): unknown {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const full = Buffer.from(payload);
  const sent = full.subarray(0, Math.min(fault.afterBytes, Math.max(0, full.length - 1)));
  if (fault.kind === 'truncate') {
    reply.header('content-length', String(full.length));
    reply.header('connection', 'close');
    return Readable.from([sent]);
  }
  reply.removeHeader('content-length');
  const stream = new Readable({ read() {} });
  if (sent.length > 0) stream.push(sent);
  setTimeout(() => {
    request.raw.socket?.destroy();
    stream.destroy();
  }, 20).unref();
  return stream;
}

/** Consults `ctx.faults` for every request (streams take `stall`/`drop` themselves). */
export function registerFaultHooks(app: FastifyInstance, ctx: SandboxInternals): void {
  // A delayed request must not keep the process alive after close().
  const closing = new AbortController();
  ctx.onClose(() => closing.abort());
  app.addHook('onRequest', async (request, reply) => {
    const fault = ctx.faults.take(request, REQUEST_FAULT_KINDS);
    if (!fault) return;
    ctx.events.emit('fault', request, fault);
    switch (fault.kind) {
      case 'delay':
        try {
          await sleep(fault.delayMs ?? 1000, undefined, { signal: closing.signal });
        } catch {
          // The sandbox is closing: the connection goes with it, as forceCloseConnections would do.
          reply.hijack();
          request.raw.socket.destroy();
          return new Promise<void>(() => {});
        }
        return;
      case 'error':
        if (fault.afterBody) await bodyReceived(request);
        throw statusError(fault.status);
      case 'rate-limit': {
        const error = rateLimited();
        const headers = ctx.rateLimiter.headersFor(request);
        error.headers['x-rate-limit-limit'] = headers['x-rate-limit-limit'] ?? '0';
        error.headers['x-rate-limit-remaining'] = '0';
        error.headers['x-rate-limit-reset'] =
          fault.resetAfterMs === undefined
            ? (headers['x-rate-limit-reset'] ?? '0')
            : String(Math.ceil((ctx.now() + fault.resetAfterMs) / 1000));
        throw error;
      }
      case 'reset-request':
        return resetDuringRequestBody(request, reply, fault.afterBytes);
      default:
        responseFaults.set(request, fault);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = responseFaults.get(request);
    return fault ? breakPayload(request, reply, fault, payload) : payload;
  });
}
