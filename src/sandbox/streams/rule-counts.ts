// GET /2/tweets/search/stream/rules/counts: how many filtered-stream rules the calling app and the whole
// project hold, against the caps. The sandbox is one project holding every app. The document types the
// project-level numbers as strings and the per-app `rule_count` as an integer; they are sent so.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { DEFAULT_RULE_LIMITS } from './rules.js';
import type { StreamsState } from './state.js';

const ROUTE = '/2/tweets/search/stream/rules/counts';

/** Every field the document's response data has; `all_project_client_apps` only when asked for. */
const FIELDS = [
  'all_project_client_apps',
  'cap_per_client_app',
  'cap_per_project',
  'client_app_rules_count',
  'project_rules_count',
] as const;
/** X's Pro plan allows 1000 rules per project, the same as per app (UNCONFIRMED for other plans). */
const CAP_PER_PROJECT = 1000;

function requestedFields(raw: string | undefined): Set<string> {
  if (raw === undefined) return new Set();
  if (raw === '') {
    throw invalidRequest('The `rules_count.fields` query parameter can not be empty', {
      'rules_count.fields': [raw],
    });
  }
  const items = raw.split(',');
  const unknown = items.filter((item) => !(FIELDS as readonly string[]).includes(item));
  if (unknown.length > 0) {
    throw invalidRequest(
      `The \`rules_count.fields\` query parameter value [${unknown.join(',')}] is not one of [${FIELDS.join(',')}]`,
      { 'rules_count.fields': unknown },
    );
  }
  return new Set(items);
}

export function registerRuleCounts(app: FastifyInstance, ctx: SandboxContext, state: StreamsState): void {
  app.get(ROUTE, async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'app', api: 'v2' });
    ctx.rateLimit(request, reply, `GET ${ROUTE}`, auth);
    const fields = requestedFields(ctx.params(request)['rules_count.fields']);
    const own = state.rulesOf(auth.app.id).size;
    const apps = [...state.ruleSets()].map(([appId, rules]) => ({
      client_app_id: appId,
      rule_count: rules.size,
    }));
    const total = apps.reduce((sum, entry) => sum + entry.rule_count, 0);
    return {
      data: {
        cap_per_client_app: String(DEFAULT_RULE_LIMITS.maxRules),
        cap_per_project: String(CAP_PER_PROJECT),
        client_app_rules_count: { client_app_id: auth.app.id, rule_count: own },
        project_rules_count: String(total),
        ...(fields.has('all_project_client_apps') ? { all_project_client_apps: apps } : {}),
      },
    };
  });
}
