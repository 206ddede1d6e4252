// Batch compliance as a bot runs it with twitter-api-v2 (unchanged but for the API host): create a job, PUT the
// ids file to its upload URL, poll the job, and read the results from its download URL, every URL served by
// the sandbox itself. The sandbox clock moves the job through its processing time instead of waiting.
import http from 'node:http';
import { TwitterApi } from 'twitter-api-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

const X_HOSTS = /^https:\/\/(?:api|upload|stream)\.(?:x|twitter)\.com/;
/** The sandbox's processing time for a job (docs/SANDBOX.md). */
const PROCESSING_MS = 1000;

let sb: Sandbox;
let agent: http.Agent;
let app: TwitterApi;
let bearer: Auth;

beforeEach(async () => {
  sb = await startSandbox();
  agent = new http.Agent({ keepAlive: true });
  app = new TwitterApi(sb.credentials.bearerToken, { httpAgent: agent });
  const maker = (app as unknown as { _requestMaker: { send(p: { url: string }): Promise<unknown> } })
    ._requestMaker;
  const send = maker.send.bind(maker);
  maker.send = (params) => send({ ...params, url: params.url.replace(X_HOSTS, sb.url) });
  bearer = { bearer: sb.credentials.bearerToken };
});
afterEach(async () => {
  agent?.destroy();
  await sb?.close();
});

const post = async (text: string) =>
  (
    await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      json: { text },
      auth: { user: sb.credentials },
    })
  ).body.data.id;

describe('batch compliance jobs', () => {
  it('runs a tweets job end to end: deleted and unknown posts come back, live ones do not', async () => {
    const kept = await post('this one stays');
    const gone = await post('this one goes');
    await call(sb.url, 'DELETE', `/2/tweets/${gone}`, { auth: { user: sb.credentials } });
    // An id the sandbox never had: its creation time is read from the snowflake (2019-07-04T05:38:47.402Z).
    const unknown = '1146654567674912769';

    const { data: job } = await app.v2.sendComplianceJob({
      type: 'tweets',
      name: 'nightly',
      ids: [kept, gone, unknown],
    });
    expect(job).toMatchObject({ type: 'tweets', name: 'nightly', resumable: false, status: 'created' });
    expect(job.upload_url).toMatch(new RegExp(`^${sb.url}/`));
    expect(job.download_url).toMatch(new RegExp(`^${sb.url}/`));

    const processing = await app.v2.complianceJob(job.id);
    expect(processing.data.status).toBe('in_progress');
    // The results are not there before the job completes.
    expect((await fetch(job.download_url)).status).toBe(404);

    sb.clock.advance(PROCESSING_MS);
    const done = await app.v2.complianceJob(job.id);
    expect(done.data.status).toBe('complete');
    const results = await app.v2.complianceJobResult(done.data);
    expect(results).toEqual([
      {
        id: gone,
        action: 'delete',
        created_at: expect.stringMatching(/Z$/),
        redacted_at: expect.stringMatching(/Z$/),
        reason: 'deleted',
      },
      { id: unknown, action: 'delete', created_at: '2019-07-04T05:38:47.402Z', reason: 'deleted' },
    ]);

    const listed = await app.v2.complianceJobs({ type: 'tweets', status: 'complete' });
    expect(listed.data.map((entry) => entry.id)).toEqual([job.id]);
  });

  it('runs a users job: protected and unknown users are reported', async () => {
    const open = sb.createUser({ screenName: 'open_user' }).user;
    const locked = sb.createUser({ screenName: 'locked_user', protected: true }).user;
    const { data: job } = await app.v2.sendComplianceJob({ type: 'users', ids: [open.id, locked.id, '12'] });
    sb.clock.advance(PROCESSING_MS);
    const results = await app.v2.complianceJobResult((await app.v2.complianceJob(job.id)).data);
    expect(results.map((line) => [line.id, line.reason])).toEqual([
      [locked.id, 'protected'],
      ['12', 'deactivated'],
    ]);
  });

  it('allows one running job per type, and refuses what storage would refuse', async () => {
    const first = await call<{ data: { id: string; upload_url: string } }>(
      sb.url,
      'POST',
      '/2/compliance/jobs',
      {
        json: { type: 'tweets' },
        auth: bearer,
      },
    );
    expect(first.status).toBe(200);
    const second = await call(sb.url, 'POST', '/2/compliance/jobs', {
      json: { type: 'tweets' },
      auth: bearer,
    });
    expect(second.status).toBe(400);
    expect(second.text).toContain(`compliance job (${first.body.data.id}) is already running`);

    const forged = first.body.data.upload_url.replace(/signature=[0-9a-f]+/, 'signature=00');
    expect(
      (await fetch(forged, { method: 'PUT', body: '1', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(403);
    // Unused for 15 minutes, the job expires and its upload URL with it; a new job may then start.
    sb.clock.advance(15 * 60_000 + 1);
    const upload = await fetch(first.body.data.upload_url, {
      method: 'PUT',
      body: '1',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.status).toBe(400);
    const expired = await call<{ data: { status: string } }>(
      sb.url,
      'GET',
      `/2/compliance/jobs/${first.body.data.id}`,
      {
        auth: bearer,
      },
    );
    expect(expired.body.data.status).toBe('expired');
    expect(
      (await call(sb.url, 'POST', '/2/compliance/jobs', { json: { type: 'tweets' }, auth: bearer })).status,
    ).toBe(200);
  });

  it('is app-only, and keeps each app to its own jobs', async () => {
    const asUser = await call(sb.url, 'GET', '/2/compliance/jobs', {
      query: { type: 'tweets' },
      auth: { user: sb.credentials },
    });
    expect(asUser.status).toBe(403);
    const { data: job } = await app.v2.sendComplianceJob({ type: 'tweets', ids: ['1'] });
    const other = sb.createApp();
    const theirs = await call<{ errors: { type: string }[] }>(sb.url, 'GET', `/2/compliance/jobs/${job.id}`, {
      auth: { bearer: other.bearerToken },
    });
    expect(theirs.body.errors[0]?.type).toBe('https://api.x.com/2/problems/resource-not-found');
  });
});
