// Webhooks as a bot's server receives them: a real HTTP server on 127.0.0.1 answers X's CRC challenge, gets
// registered, is linked to the app's filtered stream, and receives the matching posts signed with the app's
// consumer secret; a replay sends them again. Every API answer is checked against X's document.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { checkedCaller } from './checked-call.js';
import { type Receiver, startReceiver } from './receiver.js';

let sb: Sandbox;
let bearer: Auth;
let hook: Receiver;
const violations: string[] = [];

beforeEach(async () => {
  sb = await startSandbox();
  bearer = { bearer: sb.credentials.bearerToken };
  violations.length = 0;
  hook = await startReceiver(sb.credentials.consumerSecret);
});
afterEach(async () => {
  await sb.close();
  await hook.close();
});

const api = checkedCaller(
  () => sb.url,
  () => bearer,
  violations,
);

describe('webhooks', () => {
  it('registers after the CRC check, delivers linked filtered-stream posts signed, and replays them', async () => {
    const created = await api<{ data: { id: string; url: string; valid: boolean } }>('POST', '/2/webhooks', {
      json: { url: hook.url },
    });
    expect(created.body.data).toMatchObject({ url: hook.url, valid: true });
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
    await hook.until(1);
    expect(JSON.parse(hook.received[0]?.body ?? '{}')).toEqual({
      data: { id: posted.body.data.id, text: 'a hooked post', edit_history_tweet_ids: [posted.body.data.id] },
      matching_rules: [{ id: expect.any(String), tag: 'h' }],
    });
    expect(hook.received[0]?.signature).toBe(hook.sign(hook.received[0]?.body ?? ''));

    const minute = (at: Date) => at.toISOString().replace(/[-T:]/g, '').slice(0, 12);
    const replay = await api<{ data: { job_id: string } }>('POST', '/2/webhooks/replay', {
      json: { webhook_id: id, from_date: minute(new Date(Date.now() - 60_000)), to_date: minute(new Date()) },
    });
    expect(replay.body.data.job_id).toMatch(/^[0-9]+$/);
    await hook.until(2);
    expect(hook.received[1]?.body).toBe(hook.received[0]?.body);

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
    hook.answerCrcRightly = false;
    const failed = await api('POST', '/2/webhooks', { json: { url: hook.url } });
    expect([failed.status, failed.text.includes('CRC')]).toEqual([400, true]);
    const remote = await api('POST', '/2/webhooks', { json: { url: 'https://example.com/hook' } });
    expect(remote.status).toBe(400);

    hook.answerCrcRightly = true;
    const created = await api<{ data: { id: string } }>('POST', '/2/webhooks', {
      json: { url: hook.url },
    });
    hook.answerCrcRightly = false;
    await api('PUT', '/2/webhooks/{webhook_id}', { path: { webhook_id: created.body.data.id } });
    const listed = await api<{ data: { valid: boolean }[] }>('GET', '/2/webhooks');
    expect(listed.body.data[0]?.valid).toBe(false);
    const missing = await api('DELETE', '/2/webhooks/{webhook_id}', { path: { webhook_id: '1' } });
    expect(missing.status).toBe(404);
    expect(violations).toEqual([]);
  });
});
