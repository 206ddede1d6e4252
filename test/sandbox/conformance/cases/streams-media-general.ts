// Stream rules, the v2 media upload's first step, and the document itself.
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => [
  {
    operation: 'POST /2/tweets/search/stream/rules',
    json: { add: [{ value: 'conformance has:media', tag: 'conformance' }] },
    auth: h.bearer,
    repeatable: false,
  },
  { operation: 'GET /2/tweets/search/stream/rules', query: { max_results: '10' }, auth: h.bearer },
  { operation: 'GET /2/tweets/search/stream/rules/counts', auth: h.bearer },
  {
    operation: 'GET /2/tweets/search/stream/rules/counts',
    query: { 'rules_count.fields': 'all_project_client_apps,project_rules_count' },
    auth: h.bearer,
  },
  {
    operation: 'POST /2/media/upload/initialize',
    json: { media_type: 'image/png', total_bytes: 1024, media_category: 'tweet_image' },
    repeatable: false,
  },
  { operation: 'GET /2/openapi.json', auth: 'none' },
];
export default cases;
