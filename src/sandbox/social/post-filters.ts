// The filters timelines, search and counts share: the time and id window (start_time, end_time, since_id,
// until_id), `exclude`, and what a viewer's mutes and blocks hide.

import type { RequestParams, SandboxContext } from '../context.js';
import { compareIds } from '../tweets/ids.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import { mayViewPost } from '../tweets/visibility.js';
import { socialGraph } from './graph.js';

export interface PostWindow {
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, exclusive (X's end_time is exclusive). */
  readonly end: number;
  readonly sinceId?: string;
  readonly untilId?: string;
}

function time(params: RequestParams, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The request's window; `earliest` is the oldest time the operation may reach (search/recent: 7 days). */
export function postWindow(
  params: RequestParams,
  now: number,
  earliest = 0,
  defaultStart = earliest,
): PostWindow {
  const sinceId = params['since_id'];
  const untilId = params['until_id'];
  return {
    start: Math.max(earliest, time(params, 'start_time') ?? defaultStart),
    // +1 keeps a post made this very millisecond inside a window that ends "now".
    end: time(params, 'end_time') ?? now + 1,
    ...(sinceId !== undefined ? { sinceId } : {}),
    ...(untilId !== undefined ? { untilId } : {}),
  };
}

export function inWindow(tweet: StoredTweet, window: PostWindow): boolean {
  return (
    tweet.createdAt >= window.start &&
    tweet.createdAt < window.end &&
    (window.sinceId === undefined || compareIds(tweet.id, window.sinceId) > 0) &&
    (window.untilId === undefined || compareIds(tweet.id, window.untilId) < 0)
  );
}

/** `exclude=replies,retweets` of timelines. */
export function excluded(tweet: StoredTweet, params: RequestParams): boolean {
  const exclude = (params['exclude'] ?? '').split(',');
  return (
    (exclude.includes('replies') && tweet.inReplyTo !== undefined) ||
    (exclude.includes('retweets') && tweet.retweetOf !== undefined)
  );
}

/**
 * A filter that drops posts the viewer may not see (protected accounts it does not follow, and reposts of their
 * posts; every protected account for app-only callers) and posts by authors the viewer mutes or blocks.
 */
export function visibleTo(
  ctx: SandboxContext,
  viewerId: string | undefined,
): (tweet: StoredTweet) => boolean {
  const social = socialGraph(ctx);
  const { world } = tweetService(ctx);
  return (tweet) => mayViewPost(world, viewerId, tweet) && !social.hides(viewerId, tweet.authorId);
}

/** A filter that drops only the posts the viewer may not see (protected accounts), whatever it mutes. */
export function seenBy(ctx: SandboxContext, viewerId: string | undefined): (tweet: StoredTweet) => boolean {
  const { world } = tweetService(ctx);
  return (tweet) => mayViewPost(world, viewerId, tweet);
}
