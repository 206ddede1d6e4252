// Communities: lookup (bearer and user) and search with fields and a second page.
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => {
  const fields = { 'community.fields': 'access,created_at,description,id,join_policy,member_count,name' };
  const first = await h.send('GET', '/2/communities/search', { query: { query: 'e', max_results: '10' } });
  const next = (first.body as { meta?: { next_token?: string } }).meta?.next_token ?? '';
  const id = (first.body as { data?: { id: string }[] }).data?.[0]?.id ?? '';
  return [
    { operation: 'GET /2/communities/{id}', path: { id }, query: fields, auth: h.bearer },
    { operation: 'GET /2/communities/{id}', path: { id } },
    { operation: 'GET /2/communities/{id}', path: { id: '1' }, auth: h.bearer },
    { operation: 'GET /2/communities/search', query: { query: 'photography', ...fields } },
    { operation: 'GET /2/communities/search', query: { query: 'e', max_results: '10', next_token: next } },
    { operation: 'GET /2/communities/search', query: { query: 'nothing matches this' } },
  ];
};
export default cases;
