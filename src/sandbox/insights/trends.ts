// Trends from the sandbox's own posts: the hashtags of the last 24 hours (sandbox clock), most used first.
// `GET /2/trends/by/woeid/:woeid` counts every post; personalized trends count the caller's and their
// follows' posts.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { iso } from '../tweets/v2-render.js';
import { listParam } from '../v2-kit/fields.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { listBody } from '../v2-kit/problems.js';

const DAY = 86_400_000;

interface Trend {
  name: string;
  count: number;
  since: number;
}

export function registerTrendRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const tweets = tweetService(ctx);

  const trends = (authorOk: (authorId: string) => boolean): Trend[] => {
    const from = ctx.now() - DAY;
    const byTag = new Map<string, Trend>();
    for (const tweet of tweets.store.newestFirst(
      (post) => post.createdAt >= from && authorOk(post.authorId),
    )) {
      for (const tag of new Set(tweet.entities.hashtags.map((hashtag) => hashtag.tag.toLowerCase()))) {
        const original =
          tweet.entities.hashtags.find((hashtag) => hashtag.tag.toLowerCase() === tag)?.tag ?? tag;
        const trend = byTag.get(tag) ?? { name: `#${original}`, count: 0, since: tweet.createdAt };
        trend.count++;
        trend.since = Math.min(trend.since, tweet.createdAt);
        byTag.set(tag, trend);
      }
    }
    return [...byTag.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  };

  // UNCONFIRMED: every WOEID sees the same (worldwide) counts; X's defaults are both fields.
  app.get('/2/trends/by/woeid/:woeid', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/trends/by/woeid/:woeid', {
      need: 'any',
      scopes: [],
      noOAuth1: true,
    });
    const params = ctx.params(request);
    const max = params['max_trends'] === undefined ? 20 : Number(params['max_trends']);
    const fields = listParam(params, 'trend.fields');
    const all = fields.size === 0;
    const data = trends(() => true)
      .slice(0, max)
      .map((trend) => ({
        ...(all || fields.has('trend_name') ? { trend_name: trend.name } : {}),
        ...(all || fields.has('tweet_count') ? { tweet_count: trend.count } : {}),
      }));
    return listBody(data);
  });

  app.get('/2/users/personalized_trends', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/users/personalized_trends', {
      need: 'user',
      scopes: ['tweet.read', 'users.read'],
    });
    const caller = callerOf(auth);
    const fields = listParam(ctx.params(request), 'personalized_trend.fields');
    const data = trends((authorId) => authorId === caller.id || caller.friends.has(authorId))
      .slice(0, 30)
      .map((trend) => ({
        trend_name: trend.name,
        ...(fields.has('post_count') ? { post_count: `${trend.count} posts` } : {}),
        ...(fields.has('category') ? { category: 'Trending' } : {}),
        ...(fields.has('trending_since') ? { trending_since: iso(trend.since) } : {}),
      }));
    return listBody(data);
  });
}
