// Who may see a post: a protected account's posts are seen by the author and its (approved) followers only;
// everyone else, app-only callers included, gets X's not-authorized answers and finds nothing in lists.
import type { StoredTweet } from './tweet-store.js';
import type { TweetWorld } from './world.js';

/** Whether `viewerId` (undefined: an app-only caller) may see posts by `authorId`. */
export function mayView(world: TweetWorld, viewerId: string | undefined, authorId: string): boolean {
  const author = world.user(authorId);
  if (!author?.protected || viewerId === authorId) return true;
  return viewerId !== undefined && author.followers.has(viewerId);
}

/**
 * Whether `viewerId` may see this post: its author's posts, and for a repost the original's too (a repost
 * carries the original's text, so it goes where the original goes).
 */
export function mayViewPost(world: TweetWorld, viewerId: string | undefined, tweet: StoredTweet): boolean {
  if (!mayView(world, viewerId, tweet.authorId)) return false;
  const original = tweet.retweetOf !== undefined ? world.tweet(tweet.retweetOf) : undefined;
  return original === undefined || mayView(world, viewerId, original.authorId);
}

/** X's partial error for a post (or a user's posts) the caller may not see. */
export function notAuthorizedToSee(
  value: string,
  parameter: string,
  resourceType: 'tweet' | 'user',
): Record<string, unknown> {
  return {
    value,
    detail: `Sorry, you are not authorized to see the ${resourceType === 'tweet' ? 'Tweet' : 'user'} with ${parameter}: [${value}].`,
    title: 'Authorization Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: 'https://api.x.com/2/problems/not-authorized-for-resource',
  };
}
