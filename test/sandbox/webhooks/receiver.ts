// A bot's webhook server on 127.0.0.1: answers X's CRC challenge with the app's consumer secret (or wrongly, on
// demand) and records every event POSTed to it with its signature header.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  body: string;
  signature: string | undefined;
}

export interface Receiver {
  readonly url: string;
  readonly received: Delivery[];
  /** False makes the CRC answer wrong. */
  answerCrcRightly: boolean;
  sign(payload: string): string;
  /** Resolves once `count` deliveries have arrived (rejects after 5 s). */
  until(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(consumerSecret: string): Promise<Receiver> {
  const sign = (payload: string) =>
    `sha256=${createHmac('sha256', consumerSecret).update(payload).digest('base64')}`;
  const received: Delivery[] = [];
  const waiters = new Set<() => void>();
  const state = { answerCrcRightly: true };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET') {
      const token = url.searchParams.get('crc_token') ?? '';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ response_token: state.answerCrcRightly ? sign(token) : 'sha256=wrong' }));
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({
        body,
        signature: request.headers['x-twitter-webhooks-signature'] as string | undefined,
      });
      response.writeHead(200).end();
      for (const waiter of waiters) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x-events`,
    received,
    get answerCrcRightly() {
      return state.answerCrcRightly;
    },
    set answerCrcRightly(value: boolean) {
      state.answerCrcRightly = value;
    },
    sign,
    until(count) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} deliveries, got ${received.length}`));
        }, 5000);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
