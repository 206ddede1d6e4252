// v1.1 Tweet and User objects, shaped like X's (ids as exact numbers plus *_str, X's created_at format).
import type { SandboxUser } from '../context.js';
import { v1Date, v1User } from '../users.js';
import { type ExactInteger, exactInteger } from './exact-json.js';
import { displayTextEnd, displayUrl, type MediaLink, mediaDisplayUrl } from './t-co.js';
import { escapeText, type TextEntities } from './text.js';
import type { AttachedMedia, StoredTweet } from './tweet-store.js';
import { mayViewPost } from './visibility.js';
import type { TweetWorld } from './world.js';

/** The account area's v1.1 user, with the id written digit for digit and the viewer-relation flags a status carries. */
export function renderV1User(user: SandboxUser): Record<string, unknown> {
  return {
    ...v1User(user),
    id: exactInteger(user.id),
    following: false,
    follow_request_sent: false,
    notifications: false,
  };
}

const V1_MEDIA_TYPE: Record<AttachedMedia['type'], string> = {
  photo: 'photo',
  animated_gif: 'animated_gif',
  video: 'video',
};

/** Where a v1.1 media entity points: the t.co link the text ends with for it, and what that link expands to. */
export interface V1MediaPlace {
  readonly link: MediaLink;
  readonly expandedUrl: string;
  /** Where the image is served when not at pbs.twimg.com (DM media: ton.twitter.com, signed, https only). */
  readonly imageUrl?: string;
}

/** A v1.1 media entity, as a post's `entities.media` or a DM's `attachment.media` carries it. */
export function renderV1Media(media: AttachedMedia, place: V1MediaPlace): Record<string, unknown> {
  const width = media.width ?? 1200;
  const height = media.height ?? 675;
  const size = (limit: number, resize: 'fit' | 'crop') => {
    const scale = Math.min(1, limit / Math.max(width, height));
    return { w: Math.round(width * scale), h: Math.round(height * scale), resize };
  };
  const { link } = place;
  const imageUrl =
    place.imageUrl ??
    (media.type === 'photo'
      ? `https://pbs.twimg.com/media/${media.id}.jpg`
      : `https://pbs.twimg.com/ext_tw_video_thumb/${media.id}/pu/img/${media.id}.jpg`);
  const rendered: Record<string, unknown> = {
    id: exactInteger(media.id),
    id_str: media.id,
    indices: [link.start, link.end],
    media_url: place.imageUrl ?? imageUrl.replace('https:', 'http:'),
    media_url_https: imageUrl,
    url: link.url,
    display_url: mediaDisplayUrl(link),
    expanded_url: place.expandedUrl,
    type: V1_MEDIA_TYPE[media.type],
    sizes: {
      thumb: { w: 150, h: 150, resize: 'crop' },
      small: size(680, 'fit'),
      medium: size(1200, 'fit'),
      large: size(2048, 'fit'),
    },
  };
  if (media.altText !== undefined) rendered['ext_alt_text'] = media.altText;
  if (media.type !== 'photo') {
    rendered['video_info'] = {
      aspect_ratio: aspectRatio(width, height),
      ...(media.type === 'video' ? { duration_millis: media.durationMs ?? 0 } : {}),
      variants: [
        {
          bitrate: media.type === 'video' ? 832000 : 0,
          content_type: 'video/mp4',
          url: `https://video.twimg.com/tweet_video/${media.id}.mp4`,
        },
      ],
    };
  }
  return rendered;
}

function aspectRatio(width: number, height: number): [number, number] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = gcd(width, height) || 1;
  return [width / divisor, height / divisor];
}

function idOrNull(id: string | undefined): ExactInteger | null {
  return id === undefined ? null : exactInteger(id);
}

/** v1.1 `entities` (hashtags, symbols, user mentions of existing users, urls) for a text's entities. */
export function renderV1Entities(entities: TextEntities, context: TweetWorld): Record<string, unknown> {
  return {
    hashtags: entities.hashtags.map((tag) => ({ text: tag.tag, indices: [tag.start, tag.end] })),
    symbols: [],
    user_mentions: entities.mentions.flatMap((mention) => {
      const user = context.userByUsername(mention.username);
      return user
        ? [
            {
              screen_name: user.screen_name,
              name: user.name,
              id: exactInteger(user.id),
              id_str: user.id,
              indices: [mention.start, mention.end],
            },
          ]
        : [];
    }),
    urls: entities.urls.map((url) => ({
      url: url.url,
      expanded_url: url.expandedUrl,
      display_url: url.displayUrl ?? displayUrl(url.expandedUrl),
      indices: [url.start, url.end],
    })),
  };
}

/**
 * A v1.1 Tweet object as `viewerId` (undefined: app-only) sees it. `extended` is `tweet_mode=extended`:
 * `full_text` and `display_text_range` instead of `text`. `depth` stops a quoted tweet from embedding its own
 * quote; a quoted post the viewer may not see is not embedded (its id stays).
 */
export function renderV1Tweet(
  tweet: StoredTweet,
  context: TweetWorld,
  viewerId: string | undefined,
  options: { extended?: boolean } = {},
  depth = 0,
): Record<string, unknown> {
  const author = context.user(tweet.authorId);
  const entities = renderV1Entities(tweet.entities, context);
  const mediaLink = tweet.mediaLink;
  const media = mediaLink
    ? tweet.media.map((item, index) =>
        renderV1Media(item, {
          link: mediaLink,
          expandedUrl: `https://x.com/i/status/${tweet.id}/${item.type === 'photo' ? 'photo' : 'video'}/${index + 1}`,
        }),
      )
    : [];
  const firstMedia = media[0];
  if (firstMedia) entities['media'] = [firstMedia];
  const replyTo = tweet.inReplyTo;
  const quoted = tweet.quoteTweetId !== undefined ? context.tweet(tweet.quoteTweetId) : undefined;
  return {
    created_at: v1Date(tweet.createdAt),
    id: exactInteger(tweet.id),
    id_str: tweet.id,
    ...(options.extended
      ? {
          full_text: escapeText(tweet.text),
          truncated: false,
          display_text_range: [0, displayTextEnd(tweet.text, mediaLink)],
        }
      : { text: escapeText(tweet.text), truncated: false }),
    entities,
    ...(media.length > 0 ? { extended_entities: { media } } : {}),
    source: `<a href="https://github.com/peony" rel="nofollow">${tweet.source}</a>`,
    in_reply_to_status_id: idOrNull(replyTo?.tweetId),
    in_reply_to_status_id_str: replyTo?.tweetId ?? null,
    in_reply_to_user_id: idOrNull(replyTo?.userId),
    in_reply_to_user_id_str: replyTo?.userId ?? null,
    in_reply_to_screen_name: replyTo ? (context.user(replyTo.userId)?.screen_name ?? null) : null,
    user: author ? renderV1User(author) : null,
    geo: null,
    coordinates: null,
    place: null,
    contributors: null,
    is_quote_status: tweet.quoteTweetId !== undefined,
    ...(tweet.quoteTweetId !== undefined
      ? {
          quoted_status_id: exactInteger(tweet.quoteTweetId),
          quoted_status_id_str: tweet.quoteTweetId,
          ...(quoted && depth === 0 && mayViewPost(context, viewerId, quoted)
            ? { quoted_status: renderV1Tweet(quoted, context, viewerId, options, depth + 1) }
            : {}),
        }
      : {}),
    retweet_count: context.retweetCount(tweet.id),
    favorite_count: context.likeCount(tweet.id),
    favorited: false,
    retweeted: false,
    ...(media.length > 0 ? { possibly_sensitive: false } : {}),
    lang: tweet.writtenText.trim() === '' ? 'und' : 'en',
  };
}
