// The tweets area's state in one sandbox: the store, the view renderers read, and posting (which streams hear).
import type { SandboxContext, SandboxUser } from '../context.js';
import { socialGraph } from '../social/graph.js';
import type { MatchableTweet } from './query.js';
import { linkShortener } from './t-co.js';
import { type StoredTweet, type TweetDraft, TweetStore } from './tweet-store.js';
import type { TweetWorld } from './world.js';

export class TweetService {
  readonly store: TweetStore;
  readonly world: TweetWorld;

  constructor(private readonly ctx: SandboxContext) {
    this.store = new TweetStore(
      () => ctx.now(),
      () => ctx.nextId(),
      linkShortener(ctx),
    );
    const store = this.store;
    const social = socialGraph(ctx);
    this.world = {
      user: (id) => ctx.store.users.get(id),
      userByUsername: (username) => ctx.store.userByUsername(username),
      tweet: (id) => store.get(id),
      editHistory: (id) => store.editHistory(id),
      tweetCount: (userId) => ctx.store.users.get(userId)?.statusesCount ?? 0,
      replyCount: (tweetId) => store.newestFirst((tweet) => tweet.inReplyTo?.tweetId === tweetId).length,
      quoteCount: (tweetId) => store.newestFirst((tweet) => tweet.quoteTweetId === tweetId).length,
      retweetCount: (tweetId) => store.newestFirst((tweet) => tweet.retweetOf === tweetId).length,
      likeCount: (tweetId) => social.likers.count(tweetId),
      bookmarkCount: (tweetId) => social.bookmarkers.count(tweetId),
    };
  }

  /** Stores a tweet, counts it for its author (account endpoints read the count), and tells every listener (streams). */
  post(draft: TweetDraft): StoredTweet {
    const tweet = this.store.create(draft);
    const author = this.ctx.store.users.get(tweet.authorId);
    // An edit replaces a post: the author's count stays.
    if (author && draft.editOf === undefined) author.statusesCount++;
    this.ctx.events.emit('tweet', tweet);
    return tweet;
  }

  /** Deletes a tweet and uncounts it; its reposts go with it, as on X. Streams hear of each deletion. */
  remove(id: string): StoredTweet | undefined {
    const tweet = this.store.delete(id);
    const author = tweet ? this.ctx.store.users.get(tweet.authorId) : undefined;
    if (author) author.statusesCount = Math.max(0, author.statusesCount - 1);
    if (tweet) this.ctx.events.emit('tweet-deleted', tweet);
    if (tweet) for (const repost of this.store.newestFirst((t) => t.retweetOf === id)) this.remove(repost.id);
    return tweet;
  }

  author(tweet: StoredTweet): SandboxUser | undefined {
    return this.ctx.store.users.get(tweet.authorId);
  }

  /** What search queries and stream rules look at. */
  matchable(tweet: StoredTweet): MatchableTweet {
    const replyTo = tweet.inReplyTo ? this.ctx.store.users.get(tweet.inReplyTo.userId) : undefined;
    const original = tweet.retweetOf !== undefined ? this.store.get(tweet.retweetOf) : undefined;
    const originalAuthor = original ? this.author(original) : undefined;
    return {
      // X's search matches the URLs as written, not their t.co links.
      text: tweet.writtenText,
      authorId: tweet.authorId,
      authorUsername: this.author(tweet)?.username ?? '',
      ...(replyTo ? { inReplyToUsername: replyTo.username } : {}),
      hashtags: tweet.entities.hashtags.map((tag) => tag.tag),
      mentions: tweet.entities.mentions.map((mention) => mention.username),
      urlCount: tweet.entities.urls.length,
      mediaTypes: tweet.media.map((media) => media.type),
      isReply: tweet.inReplyTo !== undefined,
      isQuote: tweet.quoteTweetId !== undefined,
      isRetweet: tweet.retweetOf !== undefined,
      conversationId: tweet.conversationId,
      lang: tweetLang(tweet),
      ...(originalAuthor ? { retweetOfUsername: originalAuthor.username } : {}),
    };
  }
}

/** The language the sandbox renders: `zxx` (no linguistic content) for empty text, else English. */
export function tweetLang(tweet: StoredTweet): string {
  return tweet.writtenText.trim() === '' ? 'zxx' : 'en';
}

/** The sandbox's one TweetService. */
export function tweetService(ctx: SandboxContext): TweetService {
  return ctx.state('tweets', () => new TweetService(ctx));
}
