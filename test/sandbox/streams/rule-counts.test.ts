// GET /2/tweets/search/stream/rules/counts: the calling app's and the project's rule counts follow the rules
// added and deleted through the API, by app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

interface CountsResponse {
  data: {
    cap_per_client_app: string;
    cap_per_project: string;
    project_rules_count: string;
    client_app_rules_count: { client_app_id: string; rule_count: number };
    all_project_client_apps?: { client_app_id: string; rule_count: number }[];
  };
}

let sb: Sandbox;
let first: Auth;
let second: Auth;
let secondAppId: string;
beforeAll(async () => {
  sb = await startSandbox();
  first = { bearer: sb.credentials.bearerToken };
  const other = sb.createApp();
  second = { bearer: other.bearerToken };
  secondAppId = other.app.id;
});
afterAll(() => sb.close());

const addRules = (auth: Auth, values: string[]) =>
  call(sb.url, 'POST', '/2/tweets/search/stream/rules', {
    json: { add: values.map((value) => ({ value })) },
    auth,
  });
const counts = (auth: Auth, query: Record<string, string> = {}) =>
  call<CountsResponse>(sb.url, 'GET', '/2/tweets/search/stream/rules/counts', { auth, query });

describe('stream rule counts', () => {
  it('count each app’s rules and the project’s, against the caps', async () => {
    const before = await counts(first);
    expect(before.status).toBe(200);
    expect(before.body.data).toEqual({
      cap_per_client_app: '1000',
      cap_per_project: '1000',
      project_rules_count: '0',
      client_app_rules_count: { client_app_id: expect.any(String), rule_count: 0 },
    });
    expect((await addRules(first, ['cats', 'dogs'])).body).toMatchObject({
      meta: { summary: { created: 2 } },
    });
    expect((await addRules(second, ['birds'])).body).toMatchObject({ meta: { summary: { created: 1 } } });

    const mine = await counts(first, { 'rules_count.fields': 'all_project_client_apps' });
    expect(mine.body.data.client_app_rules_count.rule_count).toBe(2);
    expect(mine.body.data.project_rules_count).toBe('3');
    const ownId = mine.body.data.client_app_rules_count.client_app_id;
    expect(mine.body.data.all_project_client_apps).toEqual(
      expect.arrayContaining([
        { client_app_id: ownId, rule_count: 2 },
        { client_app_id: secondAppId, rule_count: 1 },
      ]),
    );
    const theirs = await counts(second);
    expect(theirs.body.data.client_app_rules_count).toEqual({ client_app_id: secondAppId, rule_count: 1 });
    expect(theirs.body.data.all_project_client_apps).toBeUndefined();

    const deleted = await call(sb.url, 'POST', '/2/tweets/search/stream/rules', {
      query: { delete_all: 'true' },
      auth: first,
    });
    expect(deleted.status).toBe(200);
    expect((await counts(second)).body.data.project_rules_count).toBe('1');
  });

  it('refuse an unknown field with X’s invalid-request problem', async () => {
    const answer = await counts(first, { 'rules_count.fields': 'cap_per_project,nope' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      title: 'Invalid Request',
      errors: [{ parameters: { 'rules_count.fields': ['nope'] } }],
    });
  });

  it('want the app’s bearer token, not a user', async () => {
    const answer = await counts({ user: sb.credentials });
    expect(answer.status).toBe(403);
  });
});
