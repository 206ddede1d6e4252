// What the renderers and matchers read of the sandbox: users from the foundation's store, tweets from ours.
import type { SandboxUser } from '../context.js';
import type { StoredTweet } from './tweet-store.js';

export interface TweetWorld {
  user(id: string): SandboxUser | undefined;
  userByUsername(username: string): SandboxUser | undefined;
  tweet(id: string): StoredTweet | undefined;
  /** Every version's id of a post, oldest first (`[id]` when never edited). */
  editHistory(id: string): readonly string[];
  /** Live tweets of a user (statuses_count, public_metrics.tweet_count). */
  tweetCount(userId: string): number;
  /** Live replies to and quotes of a tweet (public_metrics). */
  replyCount(tweetId: string): number;
  quoteCount(tweetId: string): number;
  /** Live reposts, likes and bookmarks of a tweet (public_metrics). */
  retweetCount(tweetId: string): number;
  likeCount(tweetId: string): number;
  bookmarkCount(tweetId: string): number;
}
