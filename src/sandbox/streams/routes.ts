// Every v2 stream of the document (filtered, sample, firehose, likes, compliance, labels, activity): app-only,
// one connection per app, stream and partition, the sandbox's posts, deletions and likes delivered as
// \r\n-framed JSON with keep-alives, `backfill_minutes`/`start_time`/`end_time` replay, and stall/drop faults.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  invalidRequest,
  onEventsUntilClose,
  type RequestParams,
  type SandboxContext,
  v2Problem,
} from '../context.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { registerActivityRoutes } from './activity-routes.js';
import { STREAMS, type StreamDefinition, streamByPath } from './catalog.js';
import { StreamConnection } from './connection.js';
import { registerConnectionRoutes } from './connections-routes.js';
import { recordDmActivity } from './dm-activity.js';
import type { Subscriber } from './hub.js';
import { messagesFor } from './messages.js';
import { registerRuleCounts } from './rule-counts.js';
import { registerRuleRoutes } from './rules-routes.js';
import { streamsState } from './state.js';
import type { StreamEvent, StreamEventBody } from './stream-events.js';
import { streamFields } from './stream-fields.js';

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

/**
 * Sends `{data}` on the stream at `path` (for `sb.streams.publish()`): how a test makes the user compliance
 * and label streams, which no API call of the sandbox feeds, say something. Returns how many connections got it.
 */
export function publishStreamMessage(ctx: SandboxContext, path: string, data: unknown): number {
  if (!streamByPath(path)) {
    throw new TypeError(
      `${path} is not a stream of the sandbox; one of: ${STREAMS.map((s) => s.path).join(', ')}`,
    );
  }
  const { record } = streamsState(ctx);
  if (!record) throw new Error('The sandbox has no stream routes registered');
  return record({ type: 'published', path, data });
}

/** The longest delay setTimeout honours; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface TimeWindow {
  /** Replay the log from here (`start_time`, or now minus `backfill_minutes`). */
  readonly replayFrom?: number;
  readonly since?: number;
  readonly until?: number;
}

function timeWindow(params: RequestParams, now: number): TimeWindow {
  // The document's check has already made these valid dates and `backfill_minutes` an integer 0..5.
  const start = params['start_time'] !== undefined ? Date.parse(params['start_time']) : undefined;
  const end = params['end_time'] !== undefined ? Date.parse(params['end_time']) : undefined;
  if (start !== undefined && end !== undefined && end <= start) {
    throw invalidRequest(
      `The \`end_time\` query parameter value [${params['end_time']}] must be a time after \`start_time\` [${params['start_time']}]`,
      { end_time: [params['end_time'] ?? ''] },
    );
  }
  const backfill = Number(params['backfill_minutes'] ?? '0');
  const replayFrom = start ?? (backfill > 0 ? now - backfill * 60_000 : undefined);
  return {
    ...(replayFrom !== undefined ? { replayFrom } : {}),
    ...(start !== undefined && start > now ? { since: start } : {}),
    ...(end !== undefined ? { until: end } : {}),
  };
}

export async function registerStreamRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const service = tweetService(ctx);
  const state = streamsState(ctx);
  const { hub, log } = state;
  const env = { ctx, service, state };

  const send = (event: StreamEvent, subscriber: Subscriber): boolean => {
    const messages = messagesFor(event, subscriber, env);
    for (const message of messages) subscriber.connection.send(message);
    return messages.length > 0;
  };

  let sequence = 0;
  const record = (body: StreamEventBody): number => {
    const at = ctx.now();
    // Time then a counter: unique, growing, and within the document's 19 digits for `event_uuid`.
    sequence = (sequence + 1) % 1_000_000;
    const event = { ...body, id: `${at}${String(sequence).padStart(6, '0')}`, at } as StreamEvent;
    log.push(event);
    let reached = 0;
    for (const subscriber of hub.subscribers()) {
      if (subscriber.until !== undefined && event.at > subscriber.until) continue;
      if (subscriber.since !== undefined && event.at < subscriber.since) continue;
      if (send(event, subscriber)) reached++;
    }
    for (const observe of state.observers) observe(event);
    return reached;
  };
  state.record = record;
  recordDmActivity(ctx, record);

  const onPost = (tweet: StoredTweet) => {
    record({ type: 'post', tweet });
    const history = service.store.editHistory(tweet.id);
    if (history.length > 1) record({ type: 'post-edit', tweet, history });
    const named = new Set<string>();
    for (const mention of tweet.entities.mentions) {
      const user = service.world.userByUsername(mention.username);
      if (user && user.id !== tweet.authorId && !named.has(user.id)) {
        named.add(user.id);
        record({ type: 'mention', tweet, userId: user.id });
      }
    }
  };
  const onDelete = (tweet: StoredTweet) => record({ type: 'post-delete', tweet });
  const onLike = ({ userId, tweet, at }: { userId: string; tweet: StoredTweet; at: number }) => {
    const likeId = createHash('sha1').update(`${userId}:${tweet.id}:${at}`).digest('hex').slice(0, 32);
    record({ type: 'like', likeId, userId, tweet });
  };
  const onUnlike = ({ userId, tweetId }: { userId: string; tweetId: string }) =>
    record({ type: 'unlike', userId, tweetId });
  const onFollow = (change: { sourceId: string; targetId: string; follow: boolean }) =>
    record({ type: 'follow', ...change });
  const onReset = () => log.clear();
  onEventsUntilClose(ctx, {
    tweet: onPost,
    'tweet-deleted': onDelete,
    like: onLike,
    unlike: onUnlike,
    follow: onFollow,
    reset: onReset,
  });
  ctx.onClose(() => {
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

  const openStream = async (stream: StreamDefinition, request: FastifyRequest, reply: FastifyReply) => {
    const auth = await ctx.authenticate(request, { need: 'app', api: 'v2' });
    ctx.rateLimit(request, reply, `GET ${stream.path}`, auth);
    const params = ctx.params(request);
    const fields = streamFields(stream, params);
    const now = ctx.now();
    const window = timeWindow(params, now);
    // The document's check has already made `partition` present and in range where the stream has them.
    const partition = stream.partitions > 0 ? Number(params['partition']) : 1;
    const kind = stream.partitions > 0 ? `${stream.id}-${partition}` : stream.id;
    if (stream.filtered && state.rulesOf(auth.app.id).size === 0) {
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
    const subscriber: Subscriber = {
      connection,
      stream,
      partition,
      fields,
      ...(window.until !== undefined ? { until: window.until } : {}),
      ...(window.since !== undefined ? { since: window.since } : {}),
    };
    hub.add(subscriber);
    state.connections.opened(connection, stream.endpoint, request.ip, now, () => ctx.now());
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
    if (window.replayFrom !== undefined) {
      for (const event of log.between(window.replayFrom, Math.min(window.until ?? now, now))) {
        send(event, subscriber);
      }
    }
    // A window that has already closed ends once replayed; one closing later ends then (real time).
    if (window.until !== undefined) {
      if (window.until <= now) connection.end();
      else if (window.until - now <= MAX_TIMER_MS) {
        const timer = setTimeout(() => connection.end(), window.until - now);
        connection.onClose(() => clearTimeout(timer));
      }
      // Further off than a timer reaches (~24.8 days): no live event after it is sent, and the stream stays.
    }
  };

  for (const stream of STREAMS) app.get(stream.path, (request, reply) => openStream(stream, request, reply));
  registerRuleRoutes(app, ctx, state);
  registerActivityRoutes(app, ctx, state);
  registerConnectionRoutes(app, ctx, state);
  registerRuleCounts(app, ctx, state);
}
