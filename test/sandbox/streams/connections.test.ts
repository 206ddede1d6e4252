// `/2/connections` as a bot uses it to find and kill its own stuck streams: the open ones listed with their
// endpoint, the ended ones with why, and kills by UUID, by endpoint and all at once that end the streams and
// free their slots.
import { get } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { waitFor } from '../../helpers/wait-for.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { type OpenStream, openStream } from './stream-reader.js';

let sb: Sandbox;
let bearer: Auth;
const streams: OpenStream[] = [];

beforeEach(async () => {
  sb = await startSandbox({ keepAliveMs: 1000 });
  bearer = { bearer: sb.credentials.bearerToken };
});
afterEach(async () => {
  for (const stream of streams.splice(0)) {
    stream.close();
    await stream.finished;
  }
  await sb.close();
});

const open = async (path: string, query: Record<string, string> = {}) => {
  const stream = await openStream(sb.url, path, sb.credentials.bearerToken, query);
  streams.push(stream);
  expect(stream.status).toBe(200);
  return stream;
};

interface Listed {
  data?: { id: string; endpoint_name: string; disconnect_reason?: string; client_ip?: string }[];
  meta: { result_count: number; next_token?: string };
}
const list = (query: Record<string, string> = {}) =>
  call<Listed>(sb.url, 'GET', '/2/connections', { query, auth: bearer });
interface Killed {
  data: { successful_kills: number; failed_kills: number; results: { uuid: string; success: boolean }[] };
}

describe('/2/connections', () => {
  it('lists open connections, and ended ones with the reason', async () => {
    await open('/2/tweets/sample/stream');
    await open('/2/likes/firehose/stream', { partition: '3' });
    const gone = await open('/2/tweets/label/stream');
    gone.close();
    await gone.finished;
    await waitFor(
      async () => (await list()).body.meta.result_count === 2,
      'the closed stream to leave the open list',
    );

    const active = await list();
    expect(active.body.data?.map((entry) => entry.endpoint_name).sort()).toEqual([
      'likes_firehose_stream',
      'sample_stream',
    ]);
    const all = await list({ status: 'all', 'connection.fields': 'disconnect_reason,client_ip' });
    expect(all.body.data?.find((entry) => entry.endpoint_name === 'tweet_label_stream')).toMatchObject({
      disconnect_reason: 'client_disconnected',
      client_ip: '127.0.0.1',
    });
    const inactive = await list({ status: 'inactive' });
    expect(inactive.body.data?.map((entry) => entry.endpoint_name)).toEqual(['tweet_label_stream']);
    const filtered = await list({ endpoints: 'sample_stream,firehose_stream' });
    expect(filtered.body.data?.map((entry) => entry.endpoint_name)).toEqual(['sample_stream']);
  });

  it('kills by UUID, by endpoint and all at once, ending the streams and freeing their slots', async () => {
    const sample = await open('/2/tweets/sample/stream');
    const one = await open('/2/tweets/firehose/stream', { partition: '1' });
    const two = await open('/2/tweets/firehose/stream', { partition: '2' });
    const compliance = await open('/2/likes/compliance/stream');
    const listed = (await list({ endpoints: 'sample_stream' })).body.data ?? [];

    const byUuid = await call<Killed>(sb.url, 'DELETE', '/2/connections', {
      json: { uuids: [listed[0]?.id, 'no-such-connection'] },
      auth: bearer,
    });
    expect(byUuid.body.data).toEqual({
      successful_kills: 1,
      failed_kills: 1,
      results: [
        { uuid: listed[0]?.id, success: true },
        { uuid: 'no-such-connection', success: false, error_message: expect.any(String) },
      ],
    });
    expect(await sample.finished).toBe('end');
    // Its slot is free again.
    await open('/2/tweets/sample/stream');

    const byEndpoint = await call<Killed>(sb.url, 'DELETE', '/2/connections/firehose_stream', {
      auth: bearer,
    });
    expect(byEndpoint.body.data.successful_kills).toBe(2);
    expect([await one.finished, await two.finished]).toEqual(['end', 'end']);

    const everything = await call<Killed>(sb.url, 'DELETE', '/2/connections/all', { auth: bearer });
    expect(everything.body.data.successful_kills).toBe(2);
    expect(await compliance.finished).toBe('end');
    const reasons = (
      await list({ status: 'inactive', 'connection.fields': 'disconnect_reason', max_results: '100' })
    ).body.data;
    expect(reasons?.filter((entry) => entry.disconnect_reason === 'terminated_by_api')).toHaveLength(5);
  });

  it('is app-only and keeps each app to its own connections', async () => {
    await open('/2/tweets/sample/stream');
    const asUser = await call(sb.url, 'GET', '/2/connections', { auth: { user: sb.credentials } });
    expect(asUser.status).toBe(403);
    const other = sb.createApp();
    const theirs = await call<Killed>(sb.url, 'DELETE', '/2/connections/all', {
      auth: { bearer: other.bearerToken },
    });
    expect(theirs.body.data).toEqual({ successful_kills: 0, failed_kills: 0, results: [] });
    expect((await list()).body.meta.result_count).toBe(1);
  });

  it('frees the slot of a client that left while its stream was still opening (behind a delay fault)', async () => {
    sb.faults.add({ route: 'GET /2/tweets/sample/stream', kind: 'delay', delayMs: 200, times: 1 });
    const leaving = get(`${sb.url}/2/tweets/sample/stream`, {
      headers: { authorization: `Bearer ${sb.credentials.bearerToken}` },
    });
    leaving.on('error', () => {}); // its own destroy below
    await waitFor(() => sb.faults.list()[0]?.fired === 1, 'the delay to hold the request');
    leaving.destroy();
    // Once the delay is over, the sandbox sees that nobody is there: the connection ends at once.
    const ended = async () =>
      (await list({ status: 'inactive', 'connection.fields': 'disconnect_reason' })).body.data ?? [];
    await waitFor(async () => (await ended()).length === 1, 'the connection to end');
    expect((await ended())[0]).toMatchObject({ disconnect_reason: 'client_disconnected' });
    expect((await list()).body.meta.result_count).toBe(0);
    // The app's one sample-stream slot is free: the next client is not refused with a 429.
    await open('/2/tweets/sample/stream');
  });
});
