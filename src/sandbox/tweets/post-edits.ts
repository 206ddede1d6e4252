// Editing a post on v2: POST /2/tweets with `edit_options.previous_post_id`. Only the author may edit, only the
// latest version, at most five times and within an hour of the first version; a post with media or a poll
// was never eligible. The edit keeps the post's conversation, reply, quote and reply settings.
import { invalidRequest, type SandboxUser, v2Problem } from '../context.js';
import { forbidden } from '../v2-kit/problems.js';
import type { TweetService } from './service.js';
import type { StoredTweet, TweetDraft } from './tweet-store.js';
import { EDIT_WINDOW_MS, MAX_EDITS } from './v2-render.js';

const NOT_WITH_EDITS = ['reply', 'quote_tweet_id', 'poll'] as const;

function refused(detail: string) {
  return v2Problem(403, { type: 'about:blank', title: 'Forbidden', detail, status: 403 });
}

/**
 * The version an edit replaces, after every check; `undefined` when the body is not an edit. Wording and
 * statuses are UNCONFIRMED (docs/SANDBOX.md): X documents the field, not its refusals.
 */
export function editedVersion(
  service: TweetService,
  user: SandboxUser,
  body: Record<string, unknown>,
  now: number,
): StoredTweet | undefined {
  const options = body['edit_options'];
  if (options === undefined) return undefined;
  // The document layer has checked the object and its id's pattern.
  const id = String((options as Record<string, unknown>)['previous_post_id'] ?? '');
  const combined = NOT_WITH_EDITS.filter((name) => body[name] !== undefined);
  if (combined.length > 0) {
    throw invalidRequest(`edit_options cannot be combined with [${combined.join(', ')}].`, {
      edit_options: [JSON.stringify(options)],
    });
  }
  const previous = service.store.get(id);
  if (!previous) throw refused('You attempted to edit a Tweet that is deleted or not visible to you.');
  if (previous.authorId !== user.id) {
    throw forbidden('You are not permitted to edit this Tweet.', {
      type: 'tweet',
      id,
      parameter: 'edit_options.previous_post_id',
    });
  }
  if (!service.store.isLatest(previous)) throw refused('Only the latest version of a Tweet can be edited.');
  const history = service.store.editHistory(id);
  const first = service.store.get(history[0] ?? id) ?? previous;
  const eligible = first.media.length === 0 && first.poll === undefined;
  if (!eligible || history.length - 1 >= MAX_EDITS || now >= first.createdAt + EDIT_WINDOW_MS) {
    throw refused('This Tweet can no longer be edited.');
  }
  return previous;
}

/** What an edit carries over from the version it replaces. */
export function carriedOver(previous: StoredTweet): Partial<TweetDraft> {
  return {
    editOf: previous.id,
    ...(previous.inReplyTo
      ? { inReplyTo: { ...previous.inReplyTo, conversationId: previous.conversationId } }
      : {}),
    ...(previous.quoteTweetId !== undefined ? { quoteTweetId: previous.quoteTweetId } : {}),
    ...(previous.replySettings !== undefined ? { replySettings: previous.replySettings } : {}),
  };
}
