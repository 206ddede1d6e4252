import { access } from 'node:fs/promises';
import net from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { streamsState } from '../../src/sandbox/streams/state.js';
import { waitFor } from '../helpers/wait-for.js';
import { send } from './helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ bodyLimit: 4096 });
});
afterAll(async () => {
  await sb.close();
});

/** Sends raw bytes and returns whatever the server answers before closing. */
function rawExchange(url: string, bytes: string, hangUp = false): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      hangUp ? socket.end(bytes) : socket.write(bytes),
    );
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
  });
}

describe('malformed input gets X-format 4xx answers', () => {
  it('invalid JSON → 400 invalid-request problem with an errors array on v2', async () => {
    const response = await send(sb, {
      method: 'POST',
      path: '/2/oauth2/revoke',
      body: '{"token": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      type: 'https://api.x.com/2/problems/invalid-request',
      title: 'Invalid Request',
      errors: [{ parameters: {}, message: expect.stringContaining('JSON') }],
    });
  });

  it('invalid JSON → 400 errors array on v1.1', async () => {
    const response = await send(sb, {
      method: 'POST',
      path: '/1.1/oauth/invalidate_token.json',
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ code: 0 }] });
  });

  it('bodies over the limit → 413 before being read whole (form and JSON)', async () => {
    const form = await send(sb, {
      method: 'POST',
      path: '/oauth2/token',
      body: `a=${'x'.repeat(5000)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(413);
    expect(form.json()).toMatchObject({ errors: [{ code: 0 }] });
    const json = await send(sb, { method: 'POST', path: '/2/oauth2/token', json: { a: 'x'.repeat(5000) } });
    expect(json.status).toBe(413);
    expect(json.json()).toMatchObject({ title: 'Payload Too Large', status: 413 });
  });

  it('an unknown content type → 415', async () => {
    const response = await send(sb, {
      method: 'POST',
      path: '/oauth2/token',
      body: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.status).toBe(415);
    expect(response.json()).toMatchObject({ errors: [{ code: 0 }] });
  });

  it('broken percent-encoding and binary junk in a form are survived', async () => {
    const response = await send(sb, {
      method: 'POST',
      path: '/oauth2/token',
      body: Buffer.from([0x25, 0x25, 0x3d, 0xff, 0xfe, 0x26, 0x25, 0x45, 0x32]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ errors: [{ code: 99 }] });
  });

  it('a malformed URL → 400', async () => {
    const response = await send(sb, { path: '/2/users/%E0%A4%A' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(() => response.json()).not.toThrow();
  });

  it('unparseable HTTP → 400 in the v1.1 shape, connection closed', async () => {
    const answer = await rawExchange(sb.url, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('{"errors":[{"code":0,"message":"Bad Request"}]}');
  });

  it('a client that disconnects mid-body leaves the server healthy', async () => {
    await rawExchange(
      sb.url,
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\nConnection: close\r\n\r\ngrant_type=cl',
      true,
    ).catch(() => '');
    const ok = await send(sb, { path: '/__sandbox/health' });
    expect(ok.status).toBe(200);
  });

  it('unknown paths → 404 code 34', async () => {
    const response = await send(sb, { path: '/1.1/nope.json' });
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({ errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] });
  });
});

describe('lifecycle', () => {
  it('close() runs area cleanups, removes its temp folder, releases the port; twice is fine', async () => {
    const own = await startSandbox();
    let cleaned = false;
    own.context.onClose(() => {
      cleaned = true;
    });
    const { port } = new URL(own.url);
    await access(own.context.options.mediaDir);
    await Promise.all([own.close(), own.close()]);
    expect(cleaned).toBe(true);
    await expect(access(own.context.options.mediaDir)).rejects.toThrow();
    await expect(request(own.url)).rejects.toThrow();
    // The port is free again.
    await new Promise<void>((resolve, reject) => {
      const server = net.createServer().once('error', reject);
      server.listen(Number(port), '127.0.0.1', () => server.close(() => resolve()));
    });
  });

  it('close() does not wait for a slow request in flight', async () => {
    const own = await startSandbox({ faults: [{ route: '*', kind: 'delay', delayMs: 10_000 }] });
    const pending = request(`${own.url}/1.1/nope.json`).catch((error: unknown) => error);
    await waitFor(() => (own.faults.list()[0]?.fired ?? 0) > 0, 'the slow request to reach the sandbox');
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('sb.streams.disconnectAll() cuts open streams', async () => {
    const response = await request(`${sb.url}/2/tweets/sample/stream`, {
      headers: { authorization: `Bearer ${sb.credentials.bearerToken}` },
    });
    expect(response.statusCode).toBe(200);
    const ended = response.body.text();
    await waitFor(() => streamsState(sb.context).hub.size === 1, 'the stream to be registered');
    expect(sb.streams.disconnectAll('end')).toBe(1);
    await ended;
    expect(sb.streams.disconnectAll('end')).toBe(0);
  });

  it('fails clearly when the port is taken', async () => {
    const { port } = new URL(sb.url);
    await expect(startSandbox({ port: Number(port) })).rejects.toThrow(/EADDRINUSE|address already in use/);
  });
});

describe('admin and inspect', () => {
  it('moves the clock and creates users over HTTP', async () => {
    const before = ((await send(sb, { path: '/__sandbox/clock' })).json() as { now: number }).now;
    const after = (
      (await send(sb, { method: 'POST', path: '/__sandbox/clock', json: { advanceMs: 60_000 } })).json() as {
        now: number;
      }
    ).now;
    expect(after - before).toBeGreaterThanOrEqual(60_000);
    const created = await send(sb, {
      method: 'POST',
      path: '/__sandbox/users',
      json: { screen_name: 'admin_made' },
    });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      user: { username: 'admin_made' },
      access_token: expect.any(String),
    });
  });

  it('exposes area inspectors through sb.inspect and GET /__sandbox/<area>/:id', async () => {
    sb.context.inspectors['widgets'] = (id) => (id === '7' ? { id, ok: true } : undefined);
    expect(sb.inspect['widgets']?.('7')).toEqual({ id: '7', ok: true });
    expect((await send(sb, { path: '/__sandbox/widgets/7' })).json()).toEqual({ id: '7', ok: true });
    expect((await send(sb, { path: '/__sandbox/widgets/8' })).status).toBe(404);
    expect((await send(sb, { path: '/__sandbox/nothing/1' })).status).toBe(404);
  });
});
