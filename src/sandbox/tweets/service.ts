// The tweets area's state in one sandbox: the store, the view renderers read, and posting (which streams hear).
import type { SandboxContext, SandboxUser } from '../context.js';
import type { MatchableTweet } from './query.js';
import { type StoredTweet, type TweetDraft, TweetStore } from './tweet-store.js';
import type { TweetWorld } from './world.js';

export class TweetService {
  readonly store: TweetStore;
  readonly world: TweetWorld;

  constructor(private readonly ctx: SandboxContext) {
    this.store = new TweetStore(
      () => ctx.now(),
      () => ctx.nextId(),
    );
    const store = this.store;
    this.world = {
      user: (id) => ctx.store.users.get(id),
      userByUsername: (username) => ctx.store.userByUsername(username),
      tweet: (id) => store.get(id),
      tweetCount: (userId) => ctx.store.users.get(userId)?.statusesCount ?? 0,
      replyCount: (tweetId) => store.newestFirst((tweet) => tweet.inReplyTo?.tweetId === tweetId).length,
      quoteCount: (tweetId) => store.newestFirst((tweet) => tweet.quoteTweetId === tweetId).length,
    };
  }

  /** Stores a tweet, counts it for its author (account endpoints read the count), and tells every listener (streams). */
  post(draft: TweetDraft): StoredTweet {
    const tweet = this.store.create(draft);
    const author = this.ctx.store.users.get(tweet.authorId);
    if (author) author.statusesCount++;
    this.ctx.events.emit('tweet', tweet);
    return tweet;
  }

  /** Deletes a tweet and uncounts it. */
  remove(id: string): StoredTweet | undefined {
    const tweet = this.store.delete(id);
    const author = tweet ? this.ctx.store.users.get(tweet.authorId) : undefined;
    if (author) author.statusesCount = Math.max(0, author.statusesCount - 1);
    return tweet;
  }

  author(tweet: StoredTweet): SandboxUser | undefined {
    return this.ctx.store.users.get(tweet.authorId);
  }

  /** What search queries and stream rules look at. */
  matchable(tweet: StoredTweet): MatchableTweet {
    const replyTo = tweet.inReplyTo ? this.ctx.store.users.get(tweet.inReplyTo.userId) : undefined;
    return {
      text: tweet.text,
      authorId: tweet.authorId,
      authorUsername: this.author(tweet)?.username ?? '',
      ...(replyTo ? { inReplyToUsername: replyTo.username } : {}),
      hashtags: tweet.entities.hashtags.map((tag) => tag.tag),
      mentions: tweet.entities.mentions.map((mention) => mention.username),
      urlCount: tweet.entities.urls.length,
      mediaTypes: tweet.media.map((media) => media.type),
      isReply: tweet.inReplyTo !== undefined,
      isQuote: tweet.quoteTweetId !== undefined,
    };
  }
}

/** The sandbox's one TweetService. */
export function tweetService(ctx: SandboxContext): TweetService {
  return ctx.state('tweets', () => new TweetService(ctx));
}
