// A real node:http server on 127.0.0.1:0 that plays X's token endpoints (and any API route a test needs).

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly form: URLSearchParams;
}

export interface Reply {
  readonly status?: number;
  /** Sent as application/json. */
  readonly json?: unknown;
  /** Sent as is, with `contentType` (default text/plain). */
  readonly text?: string;
  readonly contentType?: string;
  /** Holds the answer back, so that concurrent callers pile up behind one request. */
  readonly delayMs?: number;
}

export type Route = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface TokenServer {
  /** e.g. http://127.0.0.1:54321 */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startTokenServer(routes: Record<string, Route>): Promise<TokenServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body,
        form: new URLSearchParams(body),
      };
      requests.push(recorded);
      const route = routes[recorded.url.pathname];
      let reply: Reply;
      try {
        reply = route
          ? await route(recorded)
          : { status: 404, json: { errors: [{ code: 34, message: 'Sorry' }] } };
      } catch (error) {
        reply = { status: 500, text: String(error) };
      }
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      const isJson = reply.json !== undefined;
      res.writeHead(reply.status ?? 200, {
        'content-type': isJson ? 'application/json; charset=utf-8' : (reply.contentType ?? 'text/plain'),
      });
      res.end(isJson ? JSON.stringify(reply.json) : (reply.text ?? ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.url.pathname === path).length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
