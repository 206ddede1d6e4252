// A client keeps to as many connections as it has requests in flight. undici lends a connection again only a loop
// turn after its answer; a request sent in that turn used to open another (2 for requests one after another,
// 25 for 16 in flight). At X each connection is a TLS handshake. A real server on port 0 counts them.

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PeonyClient } from '../../src/index.js';

let server: http.Server;
let connections = 0;
let client: PeonyClient;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({
        data: { id: '2244994945', name: 'X Developers', username: 'XDevelopers' },
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  client = new PeonyClient({ baseUrl: `http://127.0.0.1:${port}`, bearerToken: 'test-bearer' });
});
afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  server.close();
});
beforeEach(async () => {
  // Each test starts from a pool with no connection.
  await client.close();
  const { port } = server.address() as AddressInfo;
  client = new PeonyClient({ baseUrl: `http://127.0.0.1:${port}`, bearerToken: 'test-bearer' });
  connections = 0;
});

describe('connections', () => {
  it('requests one after another share one connection', async () => {
    for (let i = 0; i < 50; i++) await client.v2.users.by.username('XDevelopers').get();
    expect(connections).toBe(1);
  });

  it('16 requests in flight at a time open no more than 16 connections', async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next++ < 320) await client.v2.users.by.username('XDevelopers').get();
      }),
    );
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(16);
  });
});
