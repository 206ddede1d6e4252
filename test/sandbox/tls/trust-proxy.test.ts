// trustProxy: behind a TLS-terminating proxy, OAuth 1.0a is checked against the scheme and host the client
// addressed (X-Forwarded-Proto, X-Forwarded-Host); without it those headers are ignored. The admin guard
// only ever narrows on X-Forwarded-Host.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { generateCertificates, type SandboxCertificates } from '../../../src/sandbox/tls/certificate.js';
import { send, userCredentials } from '../helpers/http.js';
import { oauth1Header } from '../helpers/oauth1-signer.js';
import { httpsGet } from './https-get.js';

/** A tiny TLS-terminating proxy on port 0: https in, plain http to `target`, with the usual X-Forwarded-*. */
async function startProxy(
  target: string,
  pems: SandboxCertificates,
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = https.createServer({ cert: pems.cert, key: pems.key }, (req, res) => {
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        agent: false,
        headers: { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': req.headers.host ?? '' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let pems: SandboxCertificates;
let trusting: Sandbox;
let plain: Sandbox;
beforeAll(async () => {
  pems = await generateCertificates(forge, '127.0.0.1');
  trusting = await startSandbox({ trustProxy: true });
  plain = await startSandbox();
});
afterAll(async () => {
  await trusting.close();
  await plain.close();
});

const signed = (sb: Sandbox, url: string) =>
  oauth1Header(userCredentials(sb), { method: 'GET', url, timestamp: Math.floor(sb.clock.now() / 1000) });

describe('behind a real TLS-terminating proxy', () => {
  it('with trustProxy, a client signing for the proxy’s https URL is verified', async () => {
    const proxy = await startProxy(trusting.url, pems);
    try {
      const url = `${proxy.url}/2/users/me`;
      const answer = await httpsGet(url, { authorization: signed(trusting, url) }, pems.ca);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ data: { id: trusting.user.id } });
    } finally {
      await proxy.close();
    }
  });

  it('without trustProxy, the same request is refused (the sandbox signs with its own http scheme)', async () => {
    const proxy = await startProxy(plain.url, pems);
    try {
      const url = `${proxy.url}/2/users/me`;
      const answer = await httpsGet(url, { authorization: signed(plain, url) }, pems.ca);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ title: 'Unauthorized', status: 401 });
    } finally {
      await proxy.close();
    }
  });
});

describe('forwarding headers sent directly', () => {
  const forwardedTo = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.x.com' };

  it('with trustProxy, the base URI is https://<X-Forwarded-Host>', async () => {
    const authorization = signed(trusting, 'https://api.x.com/2/users/me');
    const answer = await send(trusting, { path: '/2/users/me', headers: { ...forwardedTo, authorization } });
    expect(answer.status).toBe(200);
  });

  it('with trustProxy and only X-Forwarded-Proto, the host is the Host header', async () => {
    const url = `${trusting.url.replace('http:', 'https:')}/2/users/me`;
    const authorization = signed(trusting, url);
    const answer = await send(trusting, {
      path: '/2/users/me',
      headers: { 'x-forwarded-proto': 'https', authorization },
    });
    expect(answer.status).toBe(200);
  });

  it('without trustProxy, forwarding headers change nothing', async () => {
    const forForwarded = signed(plain, 'https://api.x.com/2/users/me');
    const refused = await send(plain, {
      path: '/2/users/me',
      headers: { ...forwardedTo, authorization: forForwarded },
    });
    expect(refused.status).toBe(401);
    const forSocket = signed(plain, `${plain.url}/2/users/me`);
    const taken = await send(plain, {
      path: '/2/users/me',
      headers: { ...forwardedTo, authorization: forSocket },
    });
    expect(taken.status).toBe(200);
  });
});

describe('the admin guard with trustProxy', () => {
  it('refuses a request a proxy says was addressed to another host', async () => {
    const refused = await send(trusting, {
      path: '/__sandbox/health',
      headers: { 'x-forwarded-host': 'sandbox.example.test' },
    });
    expect(refused.status).toBe(403);
    const malformed = await send(trusting, {
      path: '/__sandbox/health',
      headers: { 'x-forwarded-host': 'a b' },
    });
    expect(malformed.status).toBe(403);
  });

  it('answers one forwarded for a loopback host', async () => {
    const answer = await send(trusting, {
      path: '/__sandbox/health',
      headers: { 'x-forwarded-host': 'localhost:8443', 'x-forwarded-proto': 'https' },
    });
    expect(answer.status).toBe(200);
  });

  it('without trustProxy ignores X-Forwarded-Host', async () => {
    const answer = await send(plain, {
      path: '/__sandbox/health',
      headers: { 'x-forwarded-host': 'sandbox.example.test' },
    });
    expect(answer.status).toBe(200);
  });
});
