// The body of a v2 post (POST /2/tweets), checked before anything is sent.

import { InvalidRequestError } from '../http/errors.js';
import type { Params } from '../http/params.js';
import { checkTweetArgument } from './checks.js';

export interface PostTweetOptions {
  readonly text?: string | undefined;
  readonly mediaIds?: readonly string[] | undefined;
  /** Id of the post this one answers. */
  readonly replyTo?: string | undefined;
  /** Id of the post this one quotes. */
  readonly quote?: string | undefined;
  readonly poll?: { readonly options: readonly string[]; readonly durationMinutes: number } | undefined;
}

export function tweetBody(textOrOptions: string | PostTweetOptions): Params {
  checkTweetArgument(textOrOptions);
  const o: PostTweetOptions = typeof textOrOptions === 'string' ? { text: textOrOptions } : textOrOptions;
  const body: Record<string, Params[string]> = {};
  if (o.text !== undefined) body.text = o.text;
  if (o.mediaIds && o.mediaIds.length > 0) body.media = { media_ids: [...o.mediaIds] };
  if (o.replyTo !== undefined) body.reply = { in_reply_to_tweet_id: o.replyTo };
  if (o.quote !== undefined) body.quote_tweet_id = o.quote;
  if (o.poll) body.poll = { options: [...o.poll.options], duration_minutes: o.poll.durationMinutes };
  const hasText = typeof o.text === 'string' && o.text.trim() !== '';
  if (!hasText && body.media === undefined && body.poll === undefined && body.quote_tweet_id === undefined) {
    throw new InvalidRequestError(
      'A tweet needs text (not only spaces), media, a poll or a quote: pass at least one.',
    );
  }
  if (o.mediaIds && o.mediaIds.length > 4) {
    throw new InvalidRequestError(
      `X takes at most 4 media ids on a post (4 images, or 1 GIF or video); got ${o.mediaIds.length}.`,
    );
  }
  return body;
}
