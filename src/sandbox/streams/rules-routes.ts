// The filtered stream's rules: list them (paged by id) and add or delete them (with dry runs), per app.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type SandboxContext } from '../context.js';
import { decodeToken, encodeToken } from '../v2-kit/paging.js';
import type { RuleInput } from './rules.js';
import type { StreamsState } from './state.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function booleanParam(value: string | undefined, name: string): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalidRequest(`The \`${name}\` query parameter value [${value}] is not one of [true,false]`, {
    [name]: [value],
  });
}

export function registerRuleRoutes(app: FastifyInstance, ctx: SandboxContext, state: StreamsState): void {
  app.get('/2/tweets/search/stream/rules', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'app', api: 'v2' });
    ctx.rateLimit(request, reply, 'GET /2/tweets/search/stream/rules', auth);
    const params = ctx.params(request);
    const ids = params['ids']?.split(',').filter((id) => id !== '');
    const maxResults = params['max_results'] !== undefined ? Number(params['max_results']) : 1000;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
      throw invalidRequest(
        `The \`max_results\` query parameter value [${params['max_results']}] is not between 1 and 1000`,
        {
          max_results: [params['max_results'] ?? ''],
        },
      );
    }
    let rules = state.rulesOf(auth.app.id).list(ids);
    const token = params['pagination_token'];
    if (token !== undefined) {
      const decoded = decodeToken(token);
      if (decoded?.kind !== 'n') {
        throw invalidRequest(`The \`pagination_token\` query parameter value [${token}] is not valid`, {
          pagination_token: [token],
        });
      }
      rules = rules.filter((rule) => BigInt(rule.id) > decoded.value);
    }
    const page = rules.slice(0, maxResults);
    const sent = new Date(ctx.now()).toISOString();
    const last = page[page.length - 1];
    const meta: Record<string, unknown> = { sent, result_count: page.length };
    if (last && rules.length > page.length) meta['next_token'] = encodeToken('n', last.id);
    if (page.length === 0) return { meta };
    return {
      data: page.map(({ id, value, tag }) => ({ id, value, ...(tag !== undefined ? { tag } : {}) })),
      meta,
    };
  });

  app.post('/2/tweets/search/stream/rules', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'app', api: 'v2' });
    ctx.rateLimit(request, reply, 'POST /2/tweets/search/stream/rules', auth);
    const params = ctx.params(request);
    const dryRun = booleanParam(params['dry_run'], 'dry_run');
    const deleteAll = booleanParam(params['delete_all'], 'delete_all');
    const rules = state.rulesOf(auth.app.id);
    const sent = new Date(ctx.now()).toISOString();
    const body: unknown = request.body;

    if (deleteAll) {
      const outcome = rules.deleteAll(dryRun);
      return { meta: { sent, summary: outcome.summary } };
    }
    if (!isRecord(body) || (body['add'] === undefined) === (body['delete'] === undefined)) {
      throw invalidRequest('The request body must contain exactly one of `add` or `delete`.', {});
    }
    if (body['add'] !== undefined) {
      const inputs = parseAdd(body['add']);
      const outcome = rules.add(inputs, dryRun);
      reply.code(outcome.status);
      return {
        ...(outcome.created.length > 0
          ? {
              data: outcome.created.map(({ id, value, tag }) => ({
                value,
                ...(tag !== undefined ? { tag } : {}),
                id,
              })),
            }
          : {}),
        meta: { sent, summary: outcome.summary },
        ...(outcome.errors.length > 0 ? { errors: outcome.errors } : {}),
      };
    }
    const target = body['delete'];
    const ids = isRecord(target) ? target['ids'] : undefined;
    const values = isRecord(target) ? target['values'] : undefined;
    const asStrings = (value: unknown) =>
      Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? (value as string[])
        : undefined;
    if (
      !isRecord(target) ||
      (ids !== undefined && !asStrings(ids)) ||
      (values !== undefined && !asStrings(values)) ||
      (ids === undefined && values === undefined)
    ) {
      throw invalidRequest('`delete` must hold `ids` or `values`, arrays of strings.', {});
    }
    const outcome = rules.delete({ ids: asStrings(ids) ?? [], values: asStrings(values) ?? [] }, dryRun);
    return {
      meta: { sent, summary: outcome.summary },
      ...(outcome.errors.length > 0 ? { errors: outcome.errors } : {}),
    };
  });
}

function parseAdd(add: unknown): RuleInput[] {
  if (!Array.isArray(add) || add.length === 0) {
    throw invalidRequest('`add` must be a non-empty array of rules.', {});
  }
  return add.map((entry, index) => {
    if (
      !isRecord(entry) ||
      typeof entry['value'] !== 'string' ||
      (entry['tag'] !== undefined && typeof entry['tag'] !== 'string')
    ) {
      throw invalidRequest(`$.add[${index}]: needs a string \`value\` and an optional string \`tag\`.`, {});
    }
    return { value: entry['value'], ...(typeof entry['tag'] === 'string' ? { tag: entry['tag'] } : {}) };
  });
}
