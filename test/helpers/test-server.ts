// A real HTTP server on 127.0.0.1 port 0 that records what arrives and answers as each test scripts it.

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  readonly text: string;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly text?: string;
  readonly bytes?: Uint8Array;
  /** Milliseconds to wait before answering. */
  readonly delayMs?: number;
  /** Destroy the socket instead of answering. */
  readonly destroy?: boolean;
}

export type Handler = (
  request: RecordedRequest,
  res: ServerResponse,
) => Reply | undefined | Promise<Reply | undefined>;

export interface TestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replies used in order, one per request; when empty, `handler` answers (default: 200 `{}`). */
  readonly replies: Reply[];
  handler: Handler;
  /** Forgets the recorded requests and queued replies, and puts back the starting handler. */
  reset(): void;
  close(): Promise<void>;
}

export async function startTestServer(handler?: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const replies: Reply[] = [];
  const startingHandler: Handler = handler ?? (() => ({ json: {} }));
  const state: { handler: Handler } = { handler: startingHandler };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      text: body.toString('utf8'),
    };
    requests.push(recorded);
    const reply = replies.shift() ?? (await state.handler(recorded, res));
    if (!reply) return; // the handler answered itself
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    const payload = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.bytes ?? reply.text ?? '');
    res.writeHead(reply.status ?? 200, {
      ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...reply.headers,
    });
    res.end(payload);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    replies,
    get handler() {
      return state.handler;
    },
    set handler(h: Handler) {
      state.handler = h;
    },
    reset() {
      requests.length = 0;
      replies.length = 0;
      state.handler = startingHandler;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
