// The user lookups that existed before issue 11: me, by id, by username.
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => {
  const fields = { 'user.fields': 'created_at,description,public_metrics,protected,verified,parody' };
  return [
    { operation: 'GET /2/users/me', query: fields },
    { operation: 'GET /2/users/{id}', path: { id: h.sb.user.id }, query: fields, auth: h.bearer },
    {
      operation: 'GET /2/users/by/username/{username}',
      path: { username: 'XDevelopers' },
      query: fields,
      auth: h.bearer,
    },
  ];
};
export default cases;
