// Who may reply to a post: X's `reply_settings`, set when posting on v2 and kept on the post. The setting of the
// conversation's first post governs every reply in it; its author may always reply.
import type { ReplySettings, StoredTweet } from './tweet-store.js';
import type { TweetWorld } from './world.js';

const SETTINGS: ReadonlySet<string> = new Set(['following', 'mentionedUsers', 'subscribers', 'verified']);

export function replySettingsOf(value: unknown): ReplySettings | undefined {
  return typeof value === 'string' && SETTINGS.has(value) ? (value as ReplySettings) : undefined;
}

/** X's v1.1 code 433 wording, also the v2 refusal's detail (UNCONFIRMED: X's v2 wording is not recorded). */
export const REPLY_RESTRICTED = 'The original Tweet author restricted who can reply to this Tweet.';

/**
 * Whether `replierId` may reply under `root`'s setting: its author always; people it mentions under `following`
 * and `mentionedUsers`; people its author follows under `following`; verified users under `verified`. The sandbox
 * has no subscriptions, so `subscribers` admits only the author and the people mentioned.
 */
export function mayReply(world: TweetWorld, root: StoredTweet, replierId: string): boolean {
  const setting = root.replySettings ?? 'everyone';
  if (setting === 'everyone' || replierId === root.authorId) return true;
  const replier = world.user(replierId);
  if (!replier) return false;
  const mentioned = root.entities.mentions.some(
    (mention) => mention.username.toLowerCase() === replier.username.toLowerCase(),
  );
  switch (setting) {
    case 'following':
      return mentioned || (world.user(root.authorId)?.friends.has(replierId) ?? false);
    case 'verified':
      return mentioned || replier.verified;
    default:
      return mentioned;
  }
}
