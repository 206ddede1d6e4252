// An https sandbox: its own CA, trusted by real clients only when they are told to, and OAuth 1.0a signed
// over the https base URI (a signature made for http:// is refused).

import { readFile } from 'node:fs/promises';
import https from 'node:https';
import forge from 'node-forge';
import { TwitterApi } from 'twitter-api-v2';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeonyClient } from '../../../src/index.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { generateCertificates } from '../../../src/sandbox/tls/certificate.js';
import { runNode } from '../../helpers/run-cli.js';
import { userCredentials } from '../helpers/http.js';
import { oauth1Header } from '../helpers/oauth1-signer.js';
import { httpsGet as get } from './https-get.js';

const DIST = new URL('../../../dist/index.js', import.meta.url).pathname;

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tls: true });
});
afterAll(async () => {
  await sb.close();
});

describe('startSandbox({ tls: true })', () => {
  it('serves https and writes the certificate to trust to caPath', async () => {
    expect(sb.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.viewUrl).toBe(`${sb.url}/__sandbox/view/`);
    expect(sb.ca).toContain('BEGIN CERTIFICATE');
    expect(await readFile(sb.caPath ?? '', 'utf8')).toBe(sb.ca);
  });

  it('is refused by a client that was not told to trust it, which says how to trust it', async () => {
    await expect(fetch(`${sb.url}/2/openapi.json`)).rejects.toThrow();
    const client = new PeonyClient({ ...sb.credentials, baseUrl: sb.url, retry: false });
    try {
      await expect(client.me()).rejects.toThrow(/certificate is not trusted.*NODE_EXTRA_CA_CERTS/);
    } finally {
      await client.close();
    }
  });

  it('holds for 127.0.0.1 and localhost, and no other name', async () => {
    const ca = sb.ca ?? '';
    const path = `${sb.url}/2/openapi.json`;
    expect((await get(path, {}, ca)).status).toBe(200);
    expect((await get(path, {}, ca, 'localhost')).status).toBe(200);
    await expect(get(path, {}, ca, 'api.x.com')).rejects.toThrow(/altnames/i);
  });

  it('verifies the peony client signing OAuth 1.0a over https (undici Agent with the CA)', async () => {
    const dispatcher = new Agent({ connect: { ca: sb.ca ?? '' } });
    const client = new PeonyClient({ ...sb.credentials, baseUrl: sb.url, dispatcher });
    try {
      const me = await client.me();
      expect(me.id).toBe(sb.user.id);
      const posted = await client.tweet('hello over https');
      expect(posted.text).toBe('hello over https');
    } finally {
      await client.close();
      await dispatcher.close();
    }
  });

  it('verifies twitter-api-v2 signing OAuth 1.0a over https (https.Agent with the CA)', async () => {
    const agent = new https.Agent({ ca: sb.ca ?? '' });
    const c = sb.credentials;
    const client = new TwitterApi(
      {
        appKey: c.consumerKey,
        appSecret: c.consumerSecret,
        accessToken: c.accessToken,
        accessSecret: c.accessTokenSecret,
      },
      { httpAgent: agent },
    );
    try {
      const me = await client.v2.get(`${sb.url}/2/users/me`, undefined, { prefix: '' });
      expect(me).toMatchObject({ data: { id: sb.user.id } });
    } finally {
      agent.destroy();
    }
  });

  it('refuses a signature made for the http:// base URI, and takes the same request signed for https://', async () => {
    const timestamp = Math.floor(sb.clock.now() / 1000);
    const httpUrl = `${sb.url.replace('https:', 'http:')}/2/users/me`;
    const forHttp = oauth1Header(userCredentials(sb), { method: 'GET', url: httpUrl, timestamp });
    const refused = await get(`${sb.url}/2/users/me`, { authorization: forHttp }, sb.ca ?? '');
    expect(refused.status).toBe(401);
    const forHttps = oauth1Header(userCredentials(sb), {
      method: 'GET',
      url: `${sb.url}/2/users/me`,
      timestamp,
    });
    const taken = await get(`${sb.url}/2/users/me`, { authorization: forHttps }, sb.ca ?? '');
    expect(taken.status).toBe(200);
    expect(JSON.parse(taken.body)).toMatchObject({ data: { id: sb.user.id } });
  });

  it('is trusted by a fresh Node process through NODE_EXTRA_CA_CERTS=caPath alone', async () => {
    const script = `const { PeonyClient } = await import(${JSON.stringify(DIST)});
      const client = new PeonyClient(JSON.parse(process.argv[1]));
      const me = await client.me();
      await client.close();
      console.log(me.id);`;
    const run = await runNode(
      ['--input-type=module', '-e', script, JSON.stringify({ ...sb.credentials, baseUrl: sb.url })],
      { env: { NODE_EXTRA_CA_CERTS: sb.caPath ?? '' } },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(sb.user.id);
  });
});

describe('startSandbox({ tls: { cert, key, ca } })', () => {
  it('serves the given certificate and hands out the given CA', async () => {
    const pair = await generateCertificates(forge, '127.0.0.1');
    await using own = await startSandbox({ tls: pair });
    expect(own.ca).toBe(pair.ca);
    expect(await readFile(own.caPath ?? '', 'utf8')).toBe(pair.ca);
    expect((await get(`${own.url}/2/openapi.json`, {}, pair.ca)).status).toBe(200);
    // The first sandbox's CA did not sign this one's certificate.
    await expect(get(`${own.url}/2/openapi.json`, {}, sb.ca ?? '')).rejects.toThrow();
  });

  it('removes the CA file on close', async () => {
    const other = await startSandbox({ tls: true });
    const file = other.caPath ?? '';
    await other.close();
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
