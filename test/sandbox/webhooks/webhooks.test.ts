// Webhooks as a bot's server receives them: a real HTTP server on 127.0.0.1 answers X's CRC challenge, gets
// registered, is linked to the app's filtered stream, and receives the matching posts signed with the app's
// consumer secret; a replay sends them again. Every API answer is checked against X's document.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { openApiDocument, routeKey, routeOfTemplate } from '../../../src/sandbox/openapi/document.js';
import { documentValidator } from '../../../src/sandbox/openapi/schema-validator.js';
import { checkAnswer } from '../conformance/check-answer.js';
import { type Auth, type CallResult, call } from '../tweets/signed-client.js';

interface Received {
  body: string;
  signature: string | undefined;
}

let sb: Sandbox;
let bearer: Auth;
let receiver: http.Server;
let receiverUrl: string;
let answerCrcRightly = true;
const received: Received[] = [];
const violations: string[] = [];

const sign = (payload: string) =>
  `sha256=${createHmac('sha256', sb.credentials.consumerSecret).update(payload).digest('base64')}`;

beforeEach(async () => {
  sb = await startSandbox();
  bearer = { bearer: sb.credentials.bearerToken };
  answerCrcRightly = true;
  received.length = 0;
  violations.length = 0;
  receiver = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET') {
      const token = url.searchParams.get('crc_token') ?? '';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ response_token: answerCrcRightly ? sign(token) : 'sha256=wrong' }));
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
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/x-events`;
});
afterEach(async () => {
  await sb.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

/** Sends a request and checks its answer against the document's operation. */
async function api<T>(
  method: string,
  template: string,
  options: { path?: Record<string, string>; json?: unknown; query?: Record<string, string> } = {},
  auth: Auth = bearer,
): Promise<CallResult<T>> {
  const path = template.replace(/\{([^}]+)\}/g, (_all, name: string) => options.path?.[name] ?? '');
  const answer = await call<T>(sb.url, method, path, {
    auth,
    ...(options.json !== undefined ? { json: options.json } : {}),
    ...(options.query ? { query: options.query } : {}),
  });
  const operation = openApiDocument().byRoute.get(routeKey(method, routeOfTemplate(template)));
  if (!operation) throw new Error(`${method} ${template} is not in the document`);
  for (const issue of checkAnswer(documentValidator(), operation, {
    status: answer.status,
    contentType: answer.headers.get('content-type') ?? '',
    text: answer.text,
  })) {
    violations.push(`${method} ${template}: ${issue}`);
  }
  return answer;
}

async function until(count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('webhooks', () => {
  it('registers after the CRC check, delivers linked filtered-stream posts signed, and replays them', async () => {
    const created = await api<{ data: { id: string; url: string; valid: boolean } }>('POST', '/2/webhooks', {
      json: { url: receiverUrl },
    });
    expect(created.body.data).toMatchObject({ url: receiverUrl, valid: true });
    const id = created.body.data.id;
    const listed = await api<{ data: { id: string }[] }>('GET', '/2/webhooks', {
      query: { 'webhook_config.fields': 'id,url,valid,created_at' },
    });
    expect(listed.body.data.map((webhook) => webhook.id)).toEqual([id]);

    await call(sb.url, 'POST', '/2/tweets/search/stream/rules', {
      json: { add: [{ value: 'hooked', tag: 'h' }] },
      auth: bearer,
    });
    const linked = await api('POST', '/2/tweets/search/webhooks/{webhook_id}', { path: { webhook_id: id } });
    expect(linked.body).toEqual({ data: { provisioned: true } });
    const links = await api<{ data: { webhook_id: string }[] }>('GET', '/2/tweets/search/webhooks');
    expect(links.body.data.map((link) => link.webhook_id)).toEqual([id]);

    const user = { user: sb.credentials };
    await call(sb.url, 'POST', '/2/tweets', { json: { text: 'not for the webhook' }, auth: user });
    const posted = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      json: { text: 'a hooked post' },
      auth: user,
    });
    await until(1);
    expect(JSON.parse(received[0]?.body ?? '{}')).toEqual({
      data: { id: posted.body.data.id, text: 'a hooked post', edit_history_tweet_ids: [posted.body.data.id] },
      matching_rules: [{ id: expect.any(String), tag: 'h' }],
    });
    expect(received[0]?.signature).toBe(sign(received[0]?.body ?? ''));

    const minute = (at: Date) => at.toISOString().replace(/[-T:]/g, '').slice(0, 12);
    const replay = await api<{ data: { job_id: string } }>('POST', '/2/webhooks/replay', {
      json: { webhook_id: id, from_date: minute(new Date(Date.now() - 60_000)), to_date: minute(new Date()) },
    });
    expect(replay.body.data.job_id).toMatch(/^[0-9]+$/);
    await until(2);
    expect(received[1]?.body).toBe(received[0]?.body);

    expect((await api('PUT', '/2/webhooks/{webhook_id}', { path: { webhook_id: id } })).body).toEqual({
      data: { valid: true },
    });
    const unlinked = await api('DELETE', '/2/tweets/search/webhooks/{webhook_id}', {
      path: { webhook_id: id },
    });
    expect(unlinked.body).toEqual({ data: { deleted: true } });
    const deleted = await api('DELETE', '/2/webhooks/{webhook_id}', { path: { webhook_id: id } });
    expect(deleted.body).toEqual({ data: { deleted: true } });
    expect(violations).toEqual([]);
  });

  it('refuses a webhook that fails the CRC check, one off this machine, and a re-check that fails marks it invalid', async () => {
    answerCrcRightly = false;
    const failed = await api('POST', '/2/webhooks', { json: { url: receiverUrl } });
    expect([failed.status, failed.text.includes('CRC')]).toEqual([400, true]);
    const remote = await api('POST', '/2/webhooks', { json: { url: 'https://example.com/hook' } });
    expect(remote.status).toBe(400);

    answerCrcRightly = true;
    const created = await api<{ data: { id: string } }>('POST', '/2/webhooks', {
      json: { url: receiverUrl },
    });
    answerCrcRightly = false;
    await api('PUT', '/2/webhooks/{webhook_id}', { path: { webhook_id: created.body.data.id } });
    const listed = await api<{ data: { valid: boolean }[] }>('GET', '/2/webhooks');
    expect(listed.body.data[0]?.valid).toBe(false);
    const missing = await api('DELETE', '/2/webhooks/{webhook_id}', { path: { webhook_id: '1' } });
    expect(missing.status).toBe(404);
    expect(violations).toEqual([]);
  });
});
