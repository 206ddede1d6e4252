// The admin routes answer only loopback-addressed requests from no foreign web origin (and with the admin
// token when one is set); request bodies that stop arriving are cut.

import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

interface Answer {
  status: number;
  body: string;
}

function send(
  base: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let sandbox: Sandbox;
let port: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, bodyIdleTimeoutMs: 300 });
  port = new URL(sandbox.url).port;
});
afterAll(async () => {
  await sandbox.close();
});

describe('admin routes', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST'])('answer Host %s', async (host) => {
    const answer = await send(sandbox.url, '/__sandbox/health', { host: `${host}:${port}` });
    expect(answer.status).toBe(200);
  });

  it.each(['evil.example', 'evil.example:80', '127.0.0.1.evil.example', 'localhost.evil.example'])(
    'refuse Host %j, and a refused POST changes nothing',
    async (host) => {
      expect((await send(sandbox.url, '/__sandbox/health', { host })).status).toBe(403);
      const users = sandbox.context.store.users.size;
      const minted = await send(
        sandbox.url,
        '/__sandbox/users',
        { host, 'content-type': 'application/json' },
        'POST',
        '{"screen_name":"rebound"}',
      );
      expect(minted.status).toBe(403);
      expect(minted.body).not.toMatch(/access_token/);
      expect(sandbox.context.store.users.size).toBe(users);
    },
  );

  it('refuse a cross-site request (foreign Origin) even to a loopback Host', async () => {
    const answer = await send(
      sandbox.url,
      '/__sandbox/faults',
      { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'text/plain' },
      'POST',
      '{"route":"*","kind":"error"}',
    );
    expect(answer.status).toBe(403);
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('guard the media inspector that the media area registers itself', async () => {
    const answer = await send(sandbox.url, '/__sandbox/media/1', { host: 'evil.example' });
    expect(answer.status).toBe(403);
  });

  it('leave X’s own routes to X’s rules whatever the Host', async () => {
    const answer = await send(sandbox.url, '/2/users/me', { host: 'api.x.com' });
    expect(answer.status).toBe(401);
  });

  it('need the admin token when the sandbox has one', async () => {
    const guarded = await startSandbox({ port: 0, adminToken: 's3cret-admin' });
    try {
      const host = { host: `127.0.0.1:${new URL(guarded.url).port}` };
      expect((await send(guarded.url, '/__sandbox/health', host)).status).toBe(401);
      const wrong = { ...host, 'x-sandbox-admin-token': 's3cret-admiN' };
      expect((await send(guarded.url, '/__sandbox/health', wrong)).status).toBe(401);
      const right = { ...host, 'x-sandbox-admin-token': 's3cret-admin' };
      expect((await send(guarded.url, '/__sandbox/health', right)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('request bodies', () => {
  it('a body that stops arriving is cut after bodyIdleTimeoutMs', async () => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    socket.write(
      `POST /1.1/statuses/update.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nstatus=hel`,
    );
    await new Promise((resolve) => socket.once('close', resolve));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('a body that keeps arriving slowly is not cut', async () => {
    const body = 'status=slow+but+steady';
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /1.1/statuses/update.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    let answer = '';
    let closed = false;
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    const close = new Promise((resolve) => socket.once('close', resolve)).then(() => {
      closed = true;
    });
    // 22 bytes 100 ms apart: the whole body takes 2 s, far past the 300 ms idle limit, never idle that long.
    for (const ch of body) {
      expect(closed).toBe(false);
      socket.write(ch);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await close;
    // No credentials: X's refusal, which proves the body was read to the end and answered.
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
  });
});
