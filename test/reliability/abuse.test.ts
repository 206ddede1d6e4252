// The sandbox under abuse for a bounded time: malformed requests of every kind and slow clients that stop
// mid-body. It must answer none of them with a 5xx and stay up; its RSS is reported here, and the sandbox's heap
// under a mixed burst is asserted by test/sandbox/memory.test.ts.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

/** How long the abuse lasts; the run took 36,000 requests, this keeps CI within a minute. */
const RUN_MS = 15_000;
const MB = 1024 * 1024;

let sandbox: Sandbox;
let port: number;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, bodyIdleTimeoutMs: 500 });
  port = Number(new URL(sandbox.url).port);
});
afterAll(async () => {
  await sandbox.close();
});

/** Writes raw bytes on a fresh connection; resolves with the status line's code (0 when cut without one). */
function raw(bytes: string | Buffer, { endAfterWrite = false } = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    });
    socket.write(bytes);
    if (endAfterWrite) socket.end();
  });
}

const host = () => `Host: 127.0.0.1:${port}`;
const MALFORMED: ReadonlyArray<() => Promise<number>> = [
  () => raw('GARBAGE\r\n\r\n'),
  () => raw(`GET /2/users/me HTTP/1.1\r\n${host()}\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`),
  () =>
    raw(
      `POST /2/tweets HTTP/1.1\r\n${host()}\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{"text":`,
    ),
  () =>
    raw(
      `POST /2/tweets HTTP/1.1\r\n${host()}\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{"text": 1}}`,
    ),
  () =>
    raw(
      `POST /1.1/statuses/update.json HTTP/1.1\r\n${host()}\r\nAuthorization: OAuth garbage\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\nConnection: close\r\n\r\nstatus=%`,
    ),
  () =>
    raw(
      `POST /2/media/upload/1/append HTTP/1.1\r\n${host()}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 30\r\nConnection: close\r\n\r\n--x\r\nContent-Disposition: form`,
    ),
  () => raw(`GET /__sandbox/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`),
  () => raw(`GET /2/tweets/%ZZ HTTP/1.1\r\n${host()}\r\nConnection: close\r\n\r\n`),
  () =>
    raw(
      `DELETE /2/tweets/${'9'.repeat(500)} HTTP/1.1\r\n${host()}\r\nAuthorization: Bearer x\r\nConnection: close\r\n\r\n`,
    ),
  () =>
    raw(
      `POST /2/oauth2/token HTTP/1.1\r\n${host()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\nConnection: close\r\n\r\na=b&c`,
    ),
  // A slow client: headers and part of a body, then nothing (cut by the body idle timeout).
  () =>
    raw(
      `POST /2/tweets HTTP/1.1\r\n${host()}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"te`,
    ),
  () =>
    raw(
      `GET /2/users/me HTTP/1.1\r\n${host()}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc`,
    ),
];

describe('sandbox abuse run', () => {
  it(`answers ${RUN_MS / 1000} s of malformed requests and slow clients with no 5xx, and stays up`, async () => {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    let requests = 0;
    const stopAt = Date.now() + RUN_MS;
    const worker = async (offset: number) => {
      for (let i = offset; Date.now() < stopAt; i++) {
        const status = await (MALFORMED[i % MALFORMED.length] as () => Promise<number>)();
        requests++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, i) => worker(i)));
    const fiveHundreds = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    // Still up and answering properly.
    const health = await fetch(`${sandbox.url}/__sandbox/health`);
    expect(health.status).toBe(200);
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    console.info(
      `abuse run: ${requests} requests in ${RUN_MS} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}, 5xx ${fiveHundreds}, rss ${Math.round(rssBefore / MB)} → ${Math.round(rssAfter / MB)} MB`,
    );
    expect(requests).toBeGreaterThan(500);
    expect(fiveHundreds).toBe(0);
  }, 60_000);
});
