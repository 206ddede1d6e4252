// The social state of one sandbox beside its tweets: likes, bookmarks (and their folders), mutes, blocks and
// hidden replies. Follows live on the users themselves (SandboxUser.followers/friends); reposts are tweets.
// Every relation keeps insertion order, so "newest first" is the reverse of it, as X lists them.

import type { SandboxContext } from '../context.js';

export interface BookmarkFolder {
  readonly id: string;
  readonly name: string;
}

/** `owner → (target → when)`, kept in insertion order. */
class Relation {
  readonly #by = new Map<string, Map<string, number>>();

  add(owner: string, target: string, at: number): boolean {
    let targets = this.#by.get(owner);
    if (!targets) {
      targets = new Map();
      this.#by.set(owner, targets);
    }
    if (targets.has(target)) return false;
    targets.set(target, at);
    return true;
  }

  remove(owner: string, target: string): boolean {
    return this.#by.get(owner)?.delete(target) ?? false;
  }

  has(owner: string, target: string): boolean {
    return this.#by.get(owner)?.has(target) ?? false;
  }

  /** The targets of one owner, most recently added first. */
  newestFirst(owner: string): string[] {
    return [...(this.#by.get(owner)?.keys() ?? [])].reverse();
  }

  count(owner: string): number {
    return this.#by.get(owner)?.size ?? 0;
  }
}

export class SocialGraph {
  /** user → liked tweet, and its mirror tweet → liking user (for liking_users and like_count). */
  readonly likes = new Relation();
  readonly likers = new Relation();
  /** user → bookmarked tweet, and its mirror for bookmark_count. */
  readonly bookmarks = new Relation();
  readonly bookmarkers = new Relation();
  /** user → muted user, user → blocked user. */
  readonly mutes = new Relation();
  readonly blocks = new Relation();
  /** Replies hidden by the author of the conversation they answer. */
  readonly hiddenReplies = new Set<string>();
  readonly #folders = new Map<string, BookmarkFolder[]>();
  /** folder id → bookmarked tweet ids in it. */
  readonly folderItems = new Relation();

  /** True when the like is new (liking twice changes nothing). */
  like(userId: string, tweetId: string, at: number): boolean {
    this.likers.add(tweetId, userId, at);
    return this.likes.add(userId, tweetId, at);
  }

  /** True when there was a like to remove. */
  unlike(userId: string, tweetId: string): boolean {
    this.likers.remove(tweetId, userId);
    return this.likes.remove(userId, tweetId);
  }

  bookmark(userId: string, tweetId: string, at: number): void {
    this.bookmarks.add(userId, tweetId, at);
    this.bookmarkers.add(tweetId, userId, at);
  }

  unbookmark(userId: string, tweetId: string): void {
    this.bookmarks.remove(userId, tweetId);
    this.bookmarkers.remove(tweetId, userId);
    for (const folder of this.folders(userId)) this.folderItems.remove(folder.id, tweetId);
  }

  folders(userId: string): readonly BookmarkFolder[] {
    return this.#folders.get(userId) ?? [];
  }

  addFolder(userId: string, folder: BookmarkFolder): void {
    this.#folders.set(userId, [...this.folders(userId), folder]);
  }

  /** True when `viewer` mutes or blocks `author`: such posts leave the viewer's timelines and searches. */
  hides(viewerId: string | undefined, authorId: string): boolean {
    if (viewerId === undefined) return false;
    return this.mutes.has(viewerId, authorId) || this.blocks.has(viewerId, authorId);
  }
}

/** The sandbox's one SocialGraph. */
export function socialGraph(ctx: Pick<SandboxContext, 'state'>): SocialGraph {
  return ctx.state('social', () => new SocialGraph());
}
