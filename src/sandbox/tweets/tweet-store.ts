// The sandbox's tweets: created, read, deleted, listed newest first; one store per sandbox.
import { createIdGenerator, type IdGenerator } from './ids.js';
import { LinkShortener, type MediaLink } from './t-co.js';
import type { TextEntities } from './text.js';

/** A media item as it was when the tweet was posted (the media area may forget it later; the tweet does not). */
export interface AttachedMedia {
  readonly id: string;
  readonly mediaKey: string;
  readonly type: 'photo' | 'animated_gif' | 'video';
  readonly width?: number;
  readonly height?: number;
  readonly durationMs?: number;
  readonly altText?: string;
  readonly contentType?: string;
}

export interface PollOption {
  readonly position: number;
  readonly label: string;
  readonly votes: number;
}
export interface Poll {
  readonly id: string;
  readonly options: readonly PollOption[];
  readonly durationMinutes: number;
  readonly endsAt: number;
}

/** Who may reply to a post (POST /2/tweets `reply_settings`); `everyone` is what a post without one shows. */
export type ReplySettings = 'everyone' | 'following' | 'mentionedUsers' | 'subscribers' | 'verified';

export interface TweetDraft {
  readonly authorId: string;
  readonly text: string;
  readonly media?: readonly AttachedMedia[];
  readonly inReplyTo?: { readonly tweetId: string; readonly userId: string; readonly conversationId: string };
  readonly quoteTweetId?: string;
  /** Set for a repost: the reposted tweet's id (the repost's text is `RT @author: text`, as X renders it). */
  readonly retweetOf?: string;
  readonly poll?: { readonly options: readonly string[]; readonly durationMinutes: number };
  readonly source?: string;
  /** Who may reply; absent means everyone. */
  readonly replySettings?: ReplySettings;
  /** An edit: the id of the version it replaces (the latest one; v2-post has checked it may be edited). */
  readonly editOf?: string;
}

export interface StoredTweet {
  readonly id: string;
  /** The text as X stores and sends it: every URL wrapped as a t.co link (entity offsets count in this text). */
  readonly text: string;
  /** The text as the author wrote it (search, the duplicate check and edits compare this one). */
  readonly writtenText: string;
  readonly authorId: string;
  readonly createdAt: number;
  readonly conversationId: string;
  readonly entities: TextEntities;
  readonly media: readonly AttachedMedia[];
  /** With media: the t.co link X appends to the text for it (not among `entities.urls`). */
  readonly mediaLink?: MediaLink;
  readonly inReplyTo?: { readonly tweetId: string; readonly userId: string };
  readonly quoteTweetId?: string;
  readonly retweetOf?: string;
  readonly poll?: Poll;
  readonly source: string;
  /** Who may reply; absent means everyone. */
  readonly replySettings?: ReplySettings;
}

export class TweetStore {
  readonly #byId = new Map<string, StoredTweet>();
  /** Oldest first; ids grow with time, so this is also id order. */
  readonly #ordered: StoredTweet[] = [];
  readonly #nextId: IdGenerator;
  readonly #now: () => number;
  /** How many live non-repost tweets each author has with each trimmed text: the duplicate check in O(1). */
  readonly #texts = new Map<string, number>();
  /** Edited posts: every version's id → the ids of all versions, oldest first (one array shared by all). */
  readonly #edits = new Map<string, string[]>();

  readonly #links: LinkShortener;

  constructor(now: () => number, nextId: IdGenerator = createIdGenerator(now), links = new LinkShortener()) {
    this.#now = now;
    this.#nextId = nextId;
    this.#links = links;
  }

  create(draft: TweetDraft): StoredTweet {
    const id = this.#nextId();
    const createdAt = this.#now();
    const previous = draft.editOf !== undefined ? this.#byId.get(draft.editOf) : undefined;
    const first = draft.media?.[0];
    const mediaPage = first && `https://x.com/i/status/${id}/${first.type === 'photo' ? 'photo' : 'video'}/1`;
    const linked = this.#links.link(draft.text, id, mediaPage);
    const tweet: StoredTweet = {
      id,
      text: linked.text,
      writtenText: draft.text,
      authorId: draft.authorId,
      createdAt,
      conversationId: previous?.conversationId ?? draft.inReplyTo?.conversationId ?? id,
      entities: linked.entities,
      media: draft.media ?? [],
      ...(linked.mediaLink ? { mediaLink: linked.mediaLink } : {}),
      source: draft.source ?? 'peony sandbox',
      ...(draft.inReplyTo
        ? { inReplyTo: { tweetId: draft.inReplyTo.tweetId, userId: draft.inReplyTo.userId } }
        : {}),
      ...(draft.quoteTweetId ? { quoteTweetId: draft.quoteTweetId } : {}),
      ...(draft.retweetOf ? { retweetOf: draft.retweetOf } : {}),
      ...(draft.replySettings && draft.replySettings !== 'everyone'
        ? { replySettings: draft.replySettings }
        : {}),
      ...(draft.poll
        ? {
            poll: {
              id: this.#nextId(),
              options: draft.poll.options.map((label, index) => ({ position: index + 1, label, votes: 0 })),
              durationMinutes: draft.poll.durationMinutes,
              endsAt: createdAt + draft.poll.durationMinutes * 60_000,
            },
          }
        : {}),
    };
    this.#byId.set(id, tweet);
    this.#ordered.push(tweet);
    if (previous) {
      // The old version stays readable by id but is no longer live: lists skip it, its text is free again.
      const versions = this.#edits.get(previous.id) ?? [previous.id];
      versions.push(id);
      for (const version of versions) this.#edits.set(version, versions);
      this.#countText(previous, -1);
    }
    this.#countText(tweet, 1);
    return tweet;
  }

  /** The ids of every version of a post, oldest first (`[id]` for a post never edited). */
  editHistory(id: string): readonly string[] {
    return this.#edits.get(id) ?? [id];
  }

  /** False for a version an edit has replaced. */
  isLatest(tweet: StoredTweet): boolean {
    const versions = this.#edits.get(tweet.id);
    return versions === undefined || versions[versions.length - 1] === tweet.id;
  }

  get(id: string): StoredTweet | undefined {
    return this.#byId.get(id);
  }

  /** Deletes a post; deleting any version of an edited post deletes every version, as on X. */
  delete(id: string): StoredTweet | undefined {
    const tweet = this.#byId.get(id);
    if (!tweet) return undefined;
    for (const version of this.editHistory(id)) {
      const stored = this.#byId.get(version);
      if (!stored) continue;
      if (this.isLatest(stored)) this.#countText(stored, -1);
      this.#byId.delete(version);
      this.#ordered.splice(this.#ordered.indexOf(stored), 1);
      this.#edits.delete(version);
    }
    return tweet;
  }

  #countText(tweet: StoredTweet, change: 1 | -1): void {
    if (tweet.retweetOf !== undefined) return;
    const key = textKey(tweet.authorId, tweet.writtenText.trim());
    const count = (this.#texts.get(key) ?? 0) + change;
    if (count > 0) this.#texts.set(key, count);
    else this.#texts.delete(key);
  }

  /** Newest first, as every X timeline and search answers; an edited post shows as its latest version only. */
  newestFirst(filter?: (tweet: StoredTweet) => boolean): StoredTweet[] {
    const result: StoredTweet[] = [];
    for (let index = this.#ordered.length - 1; index >= 0; index--) {
      const tweet = this.#ordered[index];
      if (tweet && this.isLatest(tweet) && (!filter || filter(tweet))) result.push(tweet);
    }
    return result;
  }

  /** X refuses a status whose text equals one of the same user's live tweets. */
  isDuplicate(authorId: string, text: string): boolean {
    const normalized = text.trim();
    if (normalized === '') return false;
    return this.#texts.has(textKey(authorId, normalized));
  }

  get size(): number {
    return this.#ordered.length;
  }
}

function textKey(authorId: string, trimmedText: string): string {
  return `${authorId}\u0000${trimmedText}`;
}
