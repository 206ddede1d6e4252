// /2/connections: listing (with every field, filters and a page) and the three kinds of kill. A stream is
// opened first so that there is something to list and kill.
import { openStream } from '../../streams/stream-reader.js';
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => {
  const fields = {
    'connection.fields': 'client_ip,connected_at,disconnect_reason,disconnected_at,endpoint_name,id',
  };
  for (const partition of ['1', '2']) {
    const stream = await openStream(h.sb.url, '/2/tweets/firehose/stream', h.sb.credentials.bearerToken, {
      partition,
    });
    stream.close();
    await stream.finished;
  }
  // Left open for the kills below, which end it (the sandbox closing would too).
  await openStream(h.sb.url, '/2/tweets/sample/stream', h.sb.credentials.bearerToken);
  const listed = await h.send('GET', '/2/connections', {
    query: { endpoints: 'sample_stream' },
    auth: h.bearer,
  });
  const uuid = (listed.body as { data?: { id: string }[] }).data?.[0]?.id ?? '';
  return [
    {
      operation: 'GET /2/connections',
      query: { status: 'all', max_results: '1', ...fields },
      auth: h.bearer,
    },
    {
      operation: 'GET /2/connections',
      query: { status: 'inactive', endpoints: 'firehose_stream' },
      auth: h.bearer,
    },
    {
      operation: 'DELETE /2/connections',
      json: { uuids: [uuid, 'unknown'] },
      auth: h.bearer,
      repeatable: false,
    },
    {
      operation: 'DELETE /2/connections/{endpoint_id}',
      path: { endpoint_id: 'sample_stream' },
      auth: h.bearer,
    },
    { operation: 'DELETE /2/connections/all', auth: h.bearer },
  ];
};
export default cases;
