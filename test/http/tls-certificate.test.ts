// A server whose TLS certificate does not verify: one connection, no retry, no reconnect, and an error that
// says why and what to do. Real https servers on port 0 with throwaway certificates.

import { generateKeyPair } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, PeonyClient, type PeonyClientOptions } from '../../src/index.js';
import { generateCertificates } from '../../src/sandbox/tls/certificate.js';

const DAY_MS = 86_400_000;

/** An https server on 127.0.0.1 that counts the connections it accepts and answers every request. */
async function countingServer(pems: { cert: string; key: string }) {
  const server = https.createServer(pems, (_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end('{"data":{"id":"1","name":"n","username":"u"}}');
  });
  const counted = { connections: 0 };
  server.on('connection', () => {
    counted.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    counted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for 127.0.0.1 whose dates ended yesterday. */
async function expiredCertificate() {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 30 * DAY_MS);
  cert.validity.notAfter = new Date(Date.now() - DAY_MS);
  const name = [{ name: 'commonName', value: '127.0.0.1' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privateKey };
}

let ca: string;
let signed: Awaited<ReturnType<typeof countingServer>>;
let expired: Awaited<ReturnType<typeof countingServer>>;
let expiredPem: string;
const dispatchers: Agent[] = [];
beforeAll(async () => {
  const pair = await generateCertificates(forge, '127.0.0.1');
  ca = pair.ca;
  // The leaf alone, as a server that does not send its chain: its issuer is simply unknown.
  signed = await countingServer({ cert: pair.cert, key: pair.key });
  const old = await expiredCertificate();
  expiredPem = old.cert;
  expired = await countingServer(old);
});
afterAll(async () => {
  await Promise.all([signed.close(), expired.close(), ...dispatchers.map((d) => d.close())]);
});
beforeEach(() => {
  signed.counted.connections = 0;
  expired.counted.connections = 0;
});

const fastRetry = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };

function trusting(connect: { ca: string; servername?: string }): Agent {
  const agent = new Agent({ connect });
  dispatchers.push(agent);
  return agent;
}

/** Sends one GET with retries on, and returns what it failed with and how many retries were announced. */
async function failedGet(url: string, options: Partial<PeonyClientOptions> = {}) {
  let retries = 0;
  const client = new PeonyClient({
    bearerToken: 'tls-test-bearer',
    baseUrl: url,
    retry: fastRetry,
    onRetry: () => {
      retries += 1;
    },
    ...options,
  });
  try {
    const error = await client.v2.users.me.get().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, retries };
  } finally {
    await client.close();
  }
}

describe('a TLS certificate that does not verify', () => {
  it('is served by a working server: a client that trusts its CA gets the answer', async () => {
    const client = new PeonyClient({ bearerToken: 'b', baseUrl: signed.url, dispatcher: trusting({ ca }) });
    expect(await client.v2.users.me.get()).toMatchObject({ data: { id: '1' } });
    await client.close();
  });

  it('from a CA the process does not trust fails at once, saying how to trust it', async () => {
    const { error, retries } = await failedGet(signed.url);
    // One connection: the failure was not retried.
    expect(signed.counted.connections).toBe(1);
    expect(retries).toBe(0);
    expect(error).toBeInstanceOf(ConnectionError);
    const tls = error as ConnectionError;
    expect(tls.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(tls.notSent).toBe(true);
    expect(tls.message).toMatch(
      /^GET https:\/\/127\.0\.0\.1:\d+\/2\/users\/me failed: the server's TLS certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
    );
    expect(tls.message).toContain('NODE_EXTRA_CA_CERTS=<file>');
    expect(tls.message).toContain('caPath');
    expect(tls.message).toContain('it was not retried');
  });

  it('issued for another host name fails at once, pointing at the baseUrl', async () => {
    const dispatcher = trusting({ ca, servername: 'api.x.com' });
    const { error, retries } = await failedGet(signed.url, { dispatcher });
    // One connection: the failure was not retried.
    expect(signed.counted.connections).toBe(1);
    expect(retries).toBe(0);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect((error as Error).message).toMatch(/issued for another host name\. Check the client's baseUrl/);
  });

  it('past its dates fails at once, pointing at the clock', async () => {
    const { error, retries } = await failedGet(expired.url, { dispatcher: trusting({ ca: expiredPem }) });
    // One connection: the failure was not retried.
    expect(expired.counted.connections).toBe(1);
    expect(retries).toBe(0);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('CERT_HAS_EXPIRED');
    expect((error as Error).message).toMatch(/outside its validity dates\. Check this machine's clock/);
  });

  it('ends a stream at once instead of reconnecting', async () => {
    let reconnects = 0;
    const client = new PeonyClient({ bearerToken: 'tls-test-bearer', baseUrl: signed.url });
    const stream = client.sampleStream({
      maxReconnects: 3,
      onReconnect: () => {
        reconnects += 1;
      },
    });
    const error = await (async () => {
      for await (const _ of stream) return undefined;
      return undefined;
    })().catch((e: unknown) => e);
    await client.close();
    expect(signed.counted.connections).toBe(1);
    expect(reconnects).toBe(0);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
