// No credential may reach a message, a log line or a serialized error.

import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaProcessingError, PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { startTestServer } from '../helpers/test-server.js';

const PNG = new URL('../../examples/media/peony.png', import.meta.url);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

function everythingSaid(error: unknown, logs: string[]): string {
  const e = error as Error;
  return [
    String(e),
    e.message,
    e.stack,
    JSON.stringify(e),
    JSON.stringify((e as { request?: unknown }).request),
    ...logs,
  ].join('\n');
}

describe('secret redaction', () => {
  it('keeps OAuth 1.0a secrets, tokens and the signature out of logs and errors', async () => {
    const logs: string[] = [];
    const secrets = { ...sandbox.credentials, accessTokenSecret: 'a-wrong-secret-0123456789' };
    await using client = new PeonyClient({
      consumerKey: secrets.consumerKey,
      consumerSecret: secrets.consumerSecret,
      accessToken: secrets.accessToken,
      accessTokenSecret: secrets.accessTokenSecret,
      baseUrl: sandbox.url,
      logger: { debug: (message, details) => logs.push(`${message} ${JSON.stringify(details)}`) },
    });
    const error = await client.api.account.verify_credentials.get().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    const said = everythingSaid(error, logs);
    expect(logs.some((line) => line.includes('"authorization":"[REDACTED]"'))).toBe(true);
    for (const secret of [secrets.consumerSecret, secrets.accessToken, secrets.accessTokenSecret]) {
      expect(said).not.toContain(secret);
    }
    expect(said).not.toMatch(/oauth_signature="/);
  });

  it('redacts token-bearing query parameters in error messages', async () => {
    const server = await startTestServer(() => ({
      status: 400,
      json: { errors: [{ code: 44, message: 'bad' }] },
    }));
    await using client = new PeonyClient({ bearerToken: 'bearer-token-value-123456', baseUrl: server.url });
    const error = await client
      .v2('oauth2', 'token')
      .get({ access_token: 'query-token-value-123456', code: 'code-value-123456' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const said = everythingSaid(error, []);
    expect(said).toContain('access_token=%5BREDACTED%5D');
    expect(said).not.toContain('query-token-value-123456');
    expect(said).not.toContain('code-value-123456');
    expect(said).not.toContain('bearer-token-value-123456');
    await server.close();
  });

  it('keeps what X said of a failed processing, with the echoed secret scrubbed out of it', async () => {
    const secret = 'echoed-consumer-secret-0123';
    const words = { code: 1, name: 'InvalidMedia', message: `cannot decode for ${secret}` };
    const server = await startTestServer(() => ({
      json: { data: { id: '1880000000000000009', processing_info: { state: 'failed', error: words } } },
    }));
    await using client = new PeonyClient({
      consumerKey: 'echo-consumer-key',
      consumerSecret: secret,
      accessToken: '1-echo-access-token',
      accessTokenSecret: 'echo-access-token-secret',
      baseUrl: server.url,
    });
    const error = await client.uploadMedia(await readFile(PNG)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaProcessingError);
    const failure = (error as MediaProcessingError).failure;
    expect(failure).toEqual({ code: 1, name: 'InvalidMedia', message: 'cannot decode for [REDACTED]' });
    expect((error as Error).message).toContain('InvalidMedia (cannot decode for [REDACTED])');
    expect(everythingSaid(error, [])).not.toContain(secret);
    expect(inspect(error, { depth: 6 })).not.toContain(secret);
    await server.close();
  });

  it('does not show the bearer fetched for app-only auth', async () => {
    const logs: string[] = [];
    const { consumerKey, consumerSecret, bearerToken } = sandbox.createApp();
    await using client = new PeonyClient({
      consumerKey,
      consumerSecret,
      baseUrl: sandbox.url,
      logger: { debug: (message, details) => logs.push(`${message} ${JSON.stringify(details)}`) },
    });
    const error = await client
      .v2('no-such-endpoint')
      .get()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const said = everythingSaid(error, logs);
    expect(said).toContain('NotFound');
    for (const secret of [
      consumerSecret,
      bearerToken,
      Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64'),
    ]) {
      expect(said).not.toContain(secret);
    }
  });
});
