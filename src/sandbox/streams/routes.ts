// v2 filtered stream (+ rules) and sample stream: app-only, one connection per app and stream, tweets
// posted through the API delivered as \r\n-framed JSON with keep-alives, and stall/drop faults.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidRequest, type SandboxContext, v2Problem } from '../context.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { parseV2Fields } from '../tweets/v2-fields.js';
import { renderV2Tweets } from '../tweets/v2-render.js';
import { mayView } from '../tweets/visibility.js';
import { decodeToken, encodeToken } from '../v2-kit/paging.js';
import { StreamConnection, type StreamKind } from './connection.js';
import { registerRuleCounts } from './rule-counts.js';
import type { RuleInput } from './rules.js';
import { streamsState } from './state.js';

const STREAM_PATHS: Record<StreamKind, string> = {
  filtered: '/2/tweets/search/stream',
  sample: '/2/tweets/sample/stream',
  // X's 10% sample in two partitions: together they deliver every post, each one half by id (UNCONFIRMED).
  'sample10-1': '/2/tweets/sample10/stream',
  'sample10-2': '/2/tweets/sample10/stream',
};

/** Which of the two sample10 partitions a post belongs to: by its id's parity, so the halves never overlap. */
const sample10Partition = (tweetId: string): StreamKind =>
  BigInt(tweetId) % 2n === 0n ? 'sample10-1' : 'sample10-2';

/**
 * Cuts every open stream of a sandbox (for `sb.streams.disconnectAll()`): `end` closes cleanly, `reset` breaks
 * the socket, `operational-disconnect` (default) sends X's in-stream error first. Returns how many were cut.
 */
export function disconnectStreams(
  ctx: SandboxContext,
  mode: 'end' | 'reset' | 'operational-disconnect' = 'operational-disconnect',
): number {
  return streamsState(ctx).hub.disconnectAll(mode);
}

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

export async function registerStreamRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const service = tweetService(ctx);
  const state = streamsState(ctx);
  const { hub } = state;

  const deliver = (tweet: StoredTweet) => {
    // Streams are app-only: a protected account's posts never reach them.
    if (!mayView(service.world, undefined, tweet.authorId)) return;
    for (const { connection, fields } of hub.subscribers()) {
      let matchingRules: { id: string; tag: string }[] | undefined;
      if (connection.kind.startsWith('sample10') && connection.kind !== sample10Partition(tweet.id)) continue;
      if (connection.kind === 'filtered') {
        const matched = state.rulesOf(connection.appId).matching(service.matchable(tweet));
        if (matched.length === 0) continue;
        matchingRules = matched.map((rule) => ({ id: rule.id, tag: rule.tag ?? '' }));
      }
      const rendered = renderV2Tweets([tweet], fields, service.world, ctx.now());
      connection.send({
        data: rendered.data[0],
        ...(rendered.includes ? { includes: rendered.includes } : {}),
        ...(rendered.errors.length > 0 ? { errors: rendered.errors } : {}),
        ...(matchingRules ? { matching_rules: matchingRules } : {}),
      });
    }
  };
  ctx.events.on('tweet', deliver);
  ctx.onClose(() => {
    ctx.events.off('tweet', deliver);
    hub.disconnectAll('end');
  });
  // Admin handle for tests: cut every stream so client reconnect logic can be exercised.
  ctx.inspectors['streams'] = (command: string) => {
    if (command === 'disconnect') return { disconnected: hub.disconnectAll('operational-disconnect') };
    if (command === 'reset') return { disconnected: hub.disconnectAll('reset') };
    return {
      open: hub
        .subscribers()
        .map(({ connection }) => ({ app_id: connection.appId, stream: connection.kind })),
    };
  };

  const openStream = async (kind: StreamKind, request: FastifyRequest, reply: FastifyReply) => {
    const auth = await ctx.authenticate(request, { need: 'app', api: 'v2' });
    ctx.rateLimit(request, reply, `GET ${STREAM_PATHS[kind]}`, auth);
    const fields = parseV2Fields(ctx.params(request));
    if (kind === 'filtered' && state.rulesOf(auth.app.id).size === 0) {
      throw v2Problem(409, {
        type: 'about:blank',
        title: 'ConnectionException',
        detail: 'Request must contain at least one rule. Add rules with POST /2/tweets/search/stream/rules.',
        status: 409,
      });
    }
    // X's docs name the problem but not its status; the sandbox answers 429, like X's other connection limits.
    if (hub.isOpen(auth.app.id, kind)) {
      throw v2Problem(429, {
        type: 'streaming-connection',
        title: 'ConnectionException',
        detail: 'This stream is currently at the maximum allowed connection limit.',
        connection_issue: 'TooManyConnections',
      });
    }
    const fault = ctx.faults.take(request, ['stall', 'drop']);
    const connection = new StreamConnection(auth.app.id, kind, reply.raw, ctx.options.keepAliveMs);
    hub.add({ connection, fields });
    reply.hijack();
    const headers: Record<string, string | number | string[]> = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    };
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = value;
    }
    connection.open(headers);
    if (fault?.kind === 'stall') {
      connection.stall();
      if (fault.delayMs !== undefined) setTimeout(() => connection.end(), fault.delayMs).unref();
    } else if (fault?.kind === 'drop') {
      // Mid-stream: after `afterBytes` bytes were written, else `delayMs` (default 50 ms) after opening.
      if (fault.afterBytes > 0) connection.dropAfter(fault.afterBytes, 'reset');
      else setTimeout(() => connection.drop('reset'), fault.delayMs ?? 50).unref();
    }
  };

  app.get(STREAM_PATHS.filtered, (request, reply) => openStream('filtered', request, reply));
  app.get(STREAM_PATHS.sample, (request, reply) => openStream('sample', request, reply));
  // The document's check has already made `partition` 1 or 2.
  app.get(STREAM_PATHS['sample10-1'], (request, reply) =>
    openStream(ctx.params(request)['partition'] === '2' ? 'sample10-2' : 'sample10-1', request, reply),
  );

  registerRuleCounts(app, ctx, state);

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
