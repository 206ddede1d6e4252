// Batch compliance jobs: create (one per type may run at a time), list with filters, look up with fields.
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => {
  const fields = {
    'compliance_job.fields': 'created_at,download_url,id,name,resumable,status,type,upload_url',
  };
  const created = await h.send('POST', '/2/compliance/jobs', {
    json: { type: 'users', name: 'seed' },
    auth: h.bearer,
  });
  const id = (created.body as { data?: { id: string } }).data?.id ?? '';
  return [
    {
      operation: 'POST /2/compliance/jobs',
      json: { type: 'tweets', name: 'conformance', resumable: false },
      query: fields,
      auth: h.bearer,
      repeatable: false,
    },
    { operation: 'GET /2/compliance/jobs', query: { type: 'users', ...fields }, auth: h.bearer },
    { operation: 'GET /2/compliance/jobs', query: { type: 'tweets', status: 'complete' }, auth: h.bearer },
    { operation: 'GET /2/compliance/jobs/{id}', path: { id }, query: fields, auth: h.bearer },
    { operation: 'GET /2/compliance/jobs/{id}', path: { id: '1' }, auth: h.bearer },
  ];
};
export default cases;
