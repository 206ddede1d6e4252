// v2 Tweet, User, Media and Poll objects with the requested fields, and the `includes` of expansions.
import type { SandboxUser } from '../context.js';
import { notFound } from '../v2-kit/problems.js';
import { displayTextEnd, displayUrl, mediaDisplayUrl } from './t-co.js';
import { escapeText } from './text.js';
import type { AttachedMedia, Poll, StoredTweet } from './tweet-store.js';
import { dataTweetFields, type V2Fields } from './v2-fields.js';
import { mayViewPost, notAuthorizedToSee } from './visibility.js';
import type { TweetWorld } from './world.js';

/** X lets a tweet be edited for an hour after posting, five times. */
export const EDIT_WINDOW_MS = 60 * 60 * 1000;
export const MAX_EDITS = 5;

type Json = Record<string, unknown>;

/** The window, the count left and eligibility are the first version's: edits do not restart them. */
export function editControls(
  tweet: StoredTweet,
  history: readonly string[],
  world: TweetWorld,
  now: number,
): Json {
  const first = world.tweet(history[0] ?? tweet.id) ?? tweet;
  const editableUntil = first.createdAt + EDIT_WINDOW_MS;
  return {
    edits_remaining: Math.max(0, MAX_EDITS - (history.length - 1)),
    is_edit_eligible: first.media.length === 0 && !first.poll && now < editableUntil,
    editable_until: iso(editableUntil),
  };
}

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function renderV2User(user: SandboxUser, fields: ReadonlySet<string>, world: TweetWorld): Json {
  const out: Json = { id: user.id, name: user.name, username: user.username };
  if (fields.has('created_at')) out['created_at'] = iso(user.createdAt);
  if (fields.has('description')) out['description'] = user.description;
  if (fields.has('location') && user.location !== '') out['location'] = user.location;
  if (fields.has('protected')) out['protected'] = user.protected;
  if (fields.has('verified')) out['verified'] = user.verified;
  if (fields.has('verified_type')) out['verified_type'] = user.verified ? 'blue' : 'none';
  if (fields.has('url')) out['url'] = '';
  if (fields.has('profile_image_url')) {
    out['profile_image_url'] =
      'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';
  }
  if (fields.has('public_metrics')) {
    out['public_metrics'] = {
      followers_count: user.followers.size,
      following_count: user.friends.size,
      tweet_count: world.tweetCount(user.id),
      // The document's name for tweet_count (required there); both are sent.
      post_count: world.tweetCount(user.id),
      listed_count: 0,
      like_count: 0,
      media_count: 0,
    };
  }
  return out;
}

export function renderV2Media(media: AttachedMedia, fields: ReadonlySet<string>): Json {
  const out: Json = { media_key: media.mediaKey, type: media.type };
  if (fields.has('width') && media.width !== undefined) out['width'] = media.width;
  if (fields.has('height') && media.height !== undefined) out['height'] = media.height;
  if (fields.has('alt_text') && media.altText !== undefined) out['alt_text'] = media.altText;
  if (fields.has('url') && media.type === 'photo') out['url'] = `https://pbs.twimg.com/media/${media.id}.jpg`;
  if (media.type !== 'photo') {
    if (fields.has('preview_image_url')) {
      out['preview_image_url'] =
        `https://pbs.twimg.com/ext_tw_video_thumb/${media.id}/pu/img/${media.id}.jpg`;
    }
    if (fields.has('duration_ms') && media.type === 'video') out['duration_ms'] = media.durationMs ?? 0;
    if (fields.has('variants')) {
      out['variants'] = [
        {
          bit_rate: media.type === 'video' ? 832000 : 0,
          content_type: 'video/mp4',
          url: `https://video.twimg.com/tweet_video/${media.id}.mp4`,
        },
      ];
    }
    if (fields.has('public_metrics')) out['public_metrics'] = { view_count: 0 };
  }
  return out;
}

export function renderV2Poll(poll: Poll, fields: ReadonlySet<string>, now: number): Json {
  const out: Json = { id: poll.id, options: poll.options.map((option) => ({ ...option })) };
  if (fields.has('duration_minutes')) out['duration_minutes'] = poll.durationMinutes;
  if (fields.has('end_datetime')) out['end_datetime'] = iso(poll.endsAt);
  if (fields.has('voting_status')) out['voting_status'] = now < poll.endsAt ? 'open' : 'closed';
  return out;
}

type ReferenceType = 'replied_to' | 'quoted' | 'retweeted';

function referencedTweets(tweet: StoredTweet): { type: ReferenceType; id: string }[] {
  const refs: { type: ReferenceType; id: string }[] = [];
  if (tweet.retweetOf !== undefined) refs.push({ type: 'retweeted', id: tweet.retweetOf });
  if (tweet.inReplyTo) refs.push({ type: 'replied_to', id: tweet.inReplyTo.tweetId });
  if (tweet.quoteTweetId !== undefined) refs.push({ type: 'quoted', id: tweet.quoteTweetId });
  return refs;
}

export function renderV2Tweet(
  tweet: StoredTweet,
  fields: ReadonlySet<string>,
  world: TweetWorld,
  now: number,
): Json {
  const history = world.editHistory(tweet.id);
  const out: Json = { id: tweet.id, text: escapeText(tweet.text), edit_history_tweet_ids: [...history] };
  const want = (name: string) => fields.has(name);
  if (want('author_id')) out['author_id'] = tweet.authorId;
  if (want('created_at')) out['created_at'] = iso(tweet.createdAt);
  if (want('conversation_id')) out['conversation_id'] = tweet.conversationId;
  if (want('in_reply_to_user_id') && tweet.inReplyTo) out['in_reply_to_user_id'] = tweet.inReplyTo.userId;
  if (want('attachments') && (tweet.media.length > 0 || tweet.poll)) {
    out['attachments'] = {
      ...(tweet.media.length > 0 ? { media_keys: tweet.media.map((media) => media.mediaKey) } : {}),
      ...(tweet.poll ? { poll_ids: [tweet.poll.id] } : {}),
    };
  }
  if (want('referenced_tweets')) {
    const refs = referencedTweets(tweet);
    if (refs.length > 0) out['referenced_tweets'] = refs;
  }
  if (want('entities')) {
    const { hashtags, mentions, urls } = tweet.entities;
    const entities: Json = {};
    if (hashtags.length > 0)
      entities['hashtags'] = hashtags.map(({ start, end, tag }) => ({ start, end, tag }));
    if (mentions.length > 0) {
      entities['mentions'] = mentions.map(({ start, end, username }) => {
        const user = world.userByUsername(username);
        return { start, end, username, ...(user ? { id: user.id } : {}) };
      });
    }
    // UNCONFIRMED: no unwound_url, status, title or description: the sandbox never fetches the pages.
    const links: Json[] = urls.map(({ start, end, url, expandedUrl }) => ({
      start,
      end,
      url,
      expanded_url: expandedUrl,
      display_url: displayUrl(expandedUrl),
    }));
    const mediaLink = tweet.mediaLink;
    if (mediaLink) {
      // One entity per attached item, all on the one link, each naming its media_key (UNCONFIRMED for several).
      tweet.media.forEach((item, index) => {
        links.push({
          start: mediaLink.start,
          end: mediaLink.end,
          url: mediaLink.url,
          expanded_url: `https://x.com/i/status/${tweet.id}/${item.type === 'photo' ? 'photo' : 'video'}/${index + 1}`,
          display_url: mediaDisplayUrl(mediaLink),
          media_key: item.mediaKey,
        });
      });
    }
    if (links.length > 0) entities['urls'] = links;
    if (Object.keys(entities).length > 0) out['entities'] = entities;
  }
  if (want('display_text_range'))
    out['display_text_range'] = [0, displayTextEnd(tweet.text, tweet.mediaLink)];
  if (want('lang')) out['lang'] = tweet.writtenText.trim() === '' ? 'zxx' : 'en';
  if (want('possibly_sensitive')) out['possibly_sensitive'] = false;
  if (want('reply_settings')) out['reply_settings'] = tweet.replySettings ?? 'everyone';
  if (want('source')) out['source'] = tweet.source;
  if (want('edit_controls')) out['edit_controls'] = editControls(tweet, history, world, now);
  if (want('public_metrics')) {
    out['public_metrics'] = {
      retweet_count: world.retweetCount(tweet.id),
      // The document's name for retweet_count (required there); both are sent.
      repost_count: world.retweetCount(tweet.id),
      reply_count: world.replyCount(tweet.id),
      like_count: world.likeCount(tweet.id),
      quote_count: world.quoteCount(tweet.id),
      bookmark_count: world.bookmarkCount(tweet.id),
      impression_count: 0,
    };
  }
  return out;
}

/**
 * Renders tweets plus the `includes` their expansions ask for, as `viewerId` (undefined: an app-only caller)
 * may see them: a post it may not see is never rendered (routes answer their own errors for the posts they
 * were asked for; one that slips into `tweets` is left out), and a referenced post it may not see is left out
 * of `includes` with X's not-authorized partial error. Expansions that point at deleted posts add not-found.
 */
export function renderV2Tweets(
  tweets: readonly StoredTweet[],
  fields: V2Fields,
  world: TweetWorld,
  now: number,
  viewerId: string | undefined,
): { data: Json[]; includes?: Json; errors: Json[] } {
  const shown = tweets.filter((tweet) => mayViewPost(world, viewerId, tweet));
  const errors: Json[] = [];
  const users = new Map<string, Json>();
  const media = new Map<string, Json>();
  const polls = new Map<string, Json>();
  const included = new Map<string, Json>();
  /** Referenced posts the viewer may not see, each reported once. */
  const hidden = new Set<string>();
  const expand = (name: string) => fields.expansions.has(name);
  const dataFields = dataTweetFields(fields);
  const addUser = (id: string, parameter: string) => {
    if (users.has(id)) return;
    const user = world.user(id);
    if (user) users.set(id, renderV2User(user, fields.user, world));
    else errors.push(notFound(id, parameter, 'user'));
  };
  const addMedia = (tweet: StoredTweet) => {
    for (const item of tweet.media) {
      if (!media.has(item.mediaKey)) media.set(item.mediaKey, renderV2Media(item, fields.media));
    }
  };

  for (const tweet of shown) {
    if (expand('author_id')) addUser(tweet.authorId, 'author_id');
    if (expand('in_reply_to_user_id') && tweet.inReplyTo)
      addUser(tweet.inReplyTo.userId, 'in_reply_to_user_id');
    if (expand('entities.mentions.username')) {
      for (const mention of tweet.entities.mentions) {
        const user = world.userByUsername(mention.username);
        if (user && !users.has(user.id)) users.set(user.id, renderV2User(user, fields.user, world));
      }
    }
    if (expand('attachments.media_keys')) addMedia(tweet);
    if (expand('attachments.poll_ids') && tweet.poll)
      polls.set(tweet.poll.id, renderV2Poll(tweet.poll, fields.poll, now));
    if (expand('referenced_tweets.id')) {
      for (const ref of referencedTweets(tweet)) {
        if (included.has(ref.id)) continue;
        const target = world.tweet(ref.id);
        if (!target) {
          errors.push(notFound(ref.id, 'referenced_tweets.id', 'tweet'));
          continue;
        }
        if (!mayViewPost(world, viewerId, target)) {
          if (!hidden.has(ref.id)) errors.push(notAuthorizedToSee(ref.id, 'referenced_tweets.id', 'tweet'));
          hidden.add(ref.id);
          continue;
        }
        included.set(ref.id, renderV2Tweet(target, fields.tweet, world, now));
        if (expand('referenced_tweets.id.author_id'))
          addUser(target.authorId, 'referenced_tweets.id.author_id');
        if (expand('referenced_tweets.id.attachments.media_keys')) addMedia(target);
      }
    }
  }

  const includes: Json = {};
  if (users.size > 0) includes['users'] = [...users.values()];
  if (media.size > 0) includes['media'] = [...media.values()];
  if (polls.size > 0) includes['polls'] = [...polls.values()];
  if (included.size > 0) includes['tweets'] = [...included.values()];
  return {
    data: shown.map((tweet) => renderV2Tweet(tweet, dataFields, world, now)),
    ...(Object.keys(includes).length > 0 ? { includes } : {}),
    errors,
  };
}
