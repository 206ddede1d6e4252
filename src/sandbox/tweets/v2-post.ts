// Validation of a POST /2/tweets body into a draft, with X's problem responses for each mistake.
import { invalidRequest, type SandboxContext, type SandboxUser, v2Problem } from '../context.js';
import { isValidId } from './ids.js';
import { checkAttachments } from './media-attachments.js';
import { carriedOver, editedVersion } from './post-edits.js';
import { mayReply, REPLY_RESTRICTED, replySettingsOf } from './reply-settings.js';
import type { TweetService } from './service.js';
import { MAX_TWEET_LENGTH, weightedLength } from './text.js';
import type { TweetDraft } from './tweet-store.js';

const MUTUALLY_EXCLUSIVE = ['media', 'poll', 'quote_tweet_id', 'card_uri'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/**
 * A post X will not create as written: `about:blank` Forbidden, as XAPI.md observed for duplicate text (a
 * refusal of what the request says; 403s about a resource use the kit's not-authorized-for-resource).
 */
function refused(detail: string) {
  return v2Problem(403, { type: 'about:blank', title: 'Forbidden', detail, status: 403 });
}

export function draftFromV2Body(
  ctx: SandboxContext,
  service: TweetService,
  user: SandboxUser,
  body: unknown,
): TweetDraft {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object.', {});
  const text = body['text'];
  if (text !== undefined && typeof text !== 'string') {
    throw invalidRequest('$.text: string expected', { text: [JSON.stringify(text)] });
  }
  const edited = editedVersion(service, user, body, ctx.now());
  const present = MUTUALLY_EXCLUSIVE.filter((name) => body[name] !== undefined);
  if (present.length > 1) {
    throw invalidRequest(
      `The fields [${present.join(', ')}] are mutually exclusive.`,
      Object.fromEntries(present.map((name) => [name, [JSON.stringify(body[name])]])),
    );
  }

  let mediaIds: string[] = [];
  const media = body['media'];
  if (media !== undefined) {
    const ids = isRecord(media) ? stringArray(media['media_ids']) : undefined;
    if (!ids || ids.length < 1 || ids.length > 4) {
      throw invalidRequest('$.media.media_ids: must be an array of 1 to 4 media id strings', {
        'media.media_ids': ids ?? [],
      });
    }
    mediaIds = ids;
  }

  let poll: TweetDraft['poll'];
  const pollBody = body['poll'];
  if (pollBody !== undefined) {
    const options = isRecord(pollBody) ? stringArray(pollBody['options']) : undefined;
    const duration = isRecord(pollBody) ? pollBody['duration_minutes'] : undefined;
    if (
      !options ||
      options.length < 2 ||
      options.length > 4 ||
      options.some((o) => o.length < 1 || o.length > 25)
    ) {
      throw invalidRequest('$.poll.options: must have 2 to 4 options of 1 to 25 characters', {
        'poll.options': options ?? [],
      });
    }
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 5 || duration > 10080) {
      throw invalidRequest('$.poll.duration_minutes: must be an integer between 5 and 10080', {
        'poll.duration_minutes': [String(duration)],
      });
    }
    poll = { options, durationMinutes: duration };
  }

  const tweetText = text ?? '';
  if (tweetText.trim() === '' && mediaIds.length === 0) {
    throw invalidRequest('Post text is empty. Provide `text` or `media.media_ids`.', { text: [tweetText] });
  }
  // UNCONFIRMED: X's exact answer to an over-long text; the sandbox answers like its other 403 refusals.
  if (weightedLength(tweetText) > MAX_TWEET_LENGTH) {
    throw refused(
      'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.',
    );
  }

  let inReplyTo: TweetDraft['inReplyTo'];
  const reply = body['reply'];
  if (reply !== undefined) {
    const replyId = isRecord(reply) ? reply['in_reply_to_tweet_id'] : undefined;
    if (typeof replyId !== 'string' || !isValidId(replyId)) {
      throw invalidRequest('$.reply.in_reply_to_tweet_id: must be a tweet id string', {
        'reply.in_reply_to_tweet_id': [String(replyId)],
      });
    }
    const target = service.store.get(replyId);
    if (!target) throw refused('You attempted to reply to a Tweet that is deleted or not visible to you.');
    const root = service.store.get(target.conversationId) ?? target;
    if (!mayReply(service.world, root, user.id)) throw refused(REPLY_RESTRICTED);
    inReplyTo = { tweetId: target.id, userId: target.authorId, conversationId: target.conversationId };
  }

  const quoteId = body['quote_tweet_id'];
  if (quoteId !== undefined) {
    if (typeof quoteId !== 'string' || !isValidId(quoteId)) {
      throw invalidRequest('$.quote_tweet_id: must be a tweet id string', {
        quote_tweet_id: [String(quoteId)],
      });
    }
    if (!service.store.get(quoteId)) {
      throw refused('You attempted to quote a Tweet that is deleted or not visible to you.');
    }
  }

  const attachments = checkAttachments(ctx, user.id, mediaIds);
  if (!attachments.ok) throw invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });

  // The document layer has checked the value against the request schema's enum.
  const replySettings = replySettingsOf(body['reply_settings']);

  // An edit may keep its text (changing only media, say): the version it replaces is not a duplicate.
  const keepsText = edited !== undefined && edited.writtenText.trim() === tweetText.trim();
  if (!keepsText && service.store.isDuplicate(user.id, tweetText)) {
    throw refused('You are not allowed to create a Tweet with duplicate content.');
  }
  return {
    authorId: user.id,
    text: tweetText,
    media: attachments.media,
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(typeof quoteId === 'string' ? { quoteTweetId: quoteId } : {}),
    ...(poll ? { poll } : {}),
    ...(replySettings ? { replySettings } : {}),
    ...(edited ? carriedOver(edited) : {}),
  };
}
