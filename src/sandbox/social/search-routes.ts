// Search (recent: the last 7 days; all: the whole archive) and counts (X's minute/hour/day buckets) through
// the one query parser the stream rules use (tweets/query.ts). A user-context caller's mutes and blocks hide
// their authors from search, as on X.

import type { FastifyInstance } from 'fastify';
import { invalidRequest, type RequestParams, type SandboxContext } from '../context.js';
import { matchesQuery, parseQuery, QueryError, type QueryNode } from '../tweets/query.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { iso } from '../tweets/v2-render.js';
import { idPage } from '../v2-kit/paging.js';
import { postList, route } from './common.js';
import { inWindow, type PostWindow, postWindow, visibleTo } from './post-filters.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const RECENT_MS = 7 * DAY_MS;
/** search/all's default start when none is given: 30 days back, as X documents. */
const ALL_DEFAULT_MS = 30 * DAY_MS;
const GRANULARITY_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: DAY_MS };
/** X's query length on the self-serve tiers (the document allows 4096, Enterprise's). */
const MAX_QUERY = { recent: 512, all: 1024 } as const;

type Archive = keyof typeof MAX_QUERY;

function parse(query: string, archive: Archive): QueryNode {
  if (query.length > MAX_QUERY[archive]) {
    throw invalidRequest(
      `The \`query\` query parameter value is longer than ${MAX_QUERY[archive]} characters`,
      {
        query: [query],
      },
    );
  }
  try {
    return parseQuery(query);
  } catch (error) {
    if (error instanceof QueryError) {
      throw invalidRequest(`There were errors processing your request: ${error.message}`, { query: [query] });
    }
    throw error;
  }
}

function windowOf(params: RequestParams, now: number, archive: Archive): PostWindow {
  return archive === 'recent'
    ? postWindow(params, now, now - RECENT_MS)
    : postWindow(params, now, 0, now - ALL_DEFAULT_MS);
}

/** X's buckets: the first starts at the window's start, later ones on granularity boundaries, oldest first. */
export function countBuckets(
  tweets: readonly StoredTweet[],
  window: PostWindow,
  granularity: string,
): { start: string; end: string; tweet_count: number; post_count: number }[] {
  const size = GRANULARITY_MS[granularity] ?? GRANULARITY_MS['hour'] ?? 3_600_000;
  const buckets: { start: string; end: string; tweet_count: number; post_count: number }[] = [];
  const times = tweets.map((tweet) => tweet.createdAt).sort((a, b) => a - b);
  let index = 0;
  for (let start = window.start; start < window.end; ) {
    const end = Math.min(window.end, Math.floor(start / size) * size + size);
    let count = 0;
    while (index < times.length && (times[index] ?? 0) < end) {
      if ((times[index] ?? 0) >= start) count++;
      index++;
    }
    buckets.push({ start: iso(start), end: iso(end), tweet_count: count, post_count: count });
    start = end;
  }
  return buckets;
}

export function registerSearchRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const service = tweetService(ctx);

  const matching = (params: RequestParams, archive: Archive, viewerId: string | undefined) => {
    const query = parse(params['query'] ?? '', archive);
    const window = windowOf(params, ctx.now(), archive);
    const visible = visibleTo(ctx, viewerId);
    const tweets = service.store.newestFirst(
      (tweet) => inWindow(tweet, window) && visible(tweet) && matchesQuery(query, service.matchable(tweet)),
    );
    return { tweets, window };
  };

  const search = (archive: Archive, auth: Parameters<typeof route>[4]) =>
    route(app, ctx, 'GET', `/2/tweets/search/${archive}`, auth, ({ auth: caller, params }) => {
      // UNCONFIRMED: sort_order=relevancy keeps recency order (the sandbox has no relevance signal).
      const { tweets } = matching(params, archive, caller.user?.id);
      const page = idPage(tweets, params, 10, { ids: true });
      // Search pages forwards only: X's search meta has next_token but no previous_token.
      const { previous_token: _previous, ...meta } = page.meta;
      return postList(ctx, caller.user?.id, page.items, params, meta);
    });
  search('recent', { need: 'any', scopes: ['tweet.read', 'users.read'] });
  search('all', { need: 'app', scopes: [] });

  const counts = (archive: Archive, auth: Parameters<typeof route>[4]) =>
    route(app, ctx, 'GET', `/2/tweets/counts/${archive}`, auth, ({ auth: caller, params }) => {
      const { tweets, window } = matching(params, archive, caller.user?.id);
      const data = countBuckets(tweets, window, params['granularity'] ?? 'hour');
      // UNCONFIRMED: X names these tweet_count/total_tweet_count, the document post_count/total_post_count:
      // the sandbox sends both. It never pages counts (X pages counts/all beyond 31 days of buckets).
      return { data, meta: { total_tweet_count: tweets.length, total_post_count: tweets.length } };
    });
  counts('recent', { need: 'any', scopes: [], kinds: ['app-bearer', 'oauth2-user'] });
  counts('all', { need: 'app', scopes: [] });
}
