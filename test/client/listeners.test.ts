// Many requests on one client, and one long-lived signal of the caller's: no listener warning at any
// concurrency, and nothing left behind on the signal as requests finish (memory stays flat).

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PeonyClient } from '../../src/index.js';

const ME = JSON.stringify({ data: { id: '2244994945', name: 'X Developers', username: 'XDevelopers' } });

let server: Server;
let url: string;
/** Requests held until the test lets them go, to keep them all in flight at once. */
let held: Array<() => void> = [];
let holding = false;

beforeAll(async () => {
  server = createServer((_req, res) => {
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(ME);
    if (holding) held.push(answer);
    else answer();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

/** Heap in use after a full collection. */
function settledHeap(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function waitUntil(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('listeners on shared signals', () => {
  it('1000 requests in flight on one client, with a client signal, print no MaxListenersExceededWarning', async () => {
    const signal = new AbortController().signal;
    const client = new PeonyClient({ bearerToken: 'token', baseUrl: url, signal, retry: false });
    holding = true;
    held = [];
    try {
      const all = Promise.all(Array.from({ length: 1000 }, () => client.me()));
      // The pool sends 32 at a time; the other requests wait in it, listening as well.
      await waitUntil(() => held.length >= 32, '32 requests are held by the server');
      holding = false;
      for (const answer of held.splice(0)) answer();
      const users = await all;
      expect(users).toHaveLength(1000);
      expect(users.every((user) => user.username === 'XDevelopers')).toBe(true);
    } finally {
      holding = false;
      await client.close();
    }
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    expect(warnings).toEqual([]);
  });

  it('one long-lived client signal over 100k requests: no warning, and the heap does not grow with them', async () => {
    const signal = new AbortController().signal;
    const client = new PeonyClient({ bearerToken: 'token', baseUrl: url, signal, retry: false });
    const run = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next++ < count) await client.me();
        }),
      );
    };
    try {
      await run(10_000);
      const before = settledHeap();
      await run(90_000);
      const after = settledHeap();
      // A listener or a record kept per request would be several MB over 90k requests.
      expect(after - before).toBeLessThan(4 * 1024 * 1024);
    } finally {
      await client.close();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  }, 600_000);
});
