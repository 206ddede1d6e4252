// Misbehaving HTTP servers on 127.0.0.1 port 0, written at the socket level so each can break the protocol
// exactly one way: close after the body, stall, reset, lie about the length.

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

export interface RawServer {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** A server that hands each connection, once its request head has arrived, to `onRequest`. */
export async function startRawServer(onRequest: (socket: Socket, head: string) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      onRequest(socket, head);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function responseHead(
  status: number,
  headers: Record<string, string | number>,
  version = '1.1',
): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/${version} ${status} X\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Writes `body` in pieces so that the client's parser sees backpressure, then calls `then`. */
export function writeInPieces(socket: Socket, body: Uint8Array, then: () => void, piece = 256 * 1024): void {
  let offset = 0;
  const next = () => {
    while (offset < body.length) {
      const end = Math.min(body.length, offset + piece);
      const more = socket.write(body.subarray(offset, end));
      offset = end;
      if (!more) {
        socket.once('drain', next);
        return;
      }
    }
    then();
  };
  next();
}
