// The v2 `tweet.fields`, `user.fields`, `media.fields`, `poll.fields` and `expansions` parameters, validated as X does.
import { invalidRequest, type RequestParams } from '../context.js';

const TWEET_FIELDS = [
  'article',
  'attachments',
  'author_id',
  'card_uri',
  'community_id',
  'context_annotations',
  'conversation_id',
  'created_at',
  'display_text_range',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'media_metadata',
  'non_public_metrics',
  'note_tweet',
  'organic_metrics',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'scopes',
  'source',
  'text',
  'withheld',
];
const USER_FIELDS = [
  'affiliation',
  'connection_status',
  'created_at',
  'description',
  'entities',
  'id',
  'location',
  'most_recent_tweet_id',
  'name',
  'pinned_tweet_id',
  'profile_banner_url',
  'profile_image_url',
  'protected',
  'public_metrics',
  'receives_your_dm',
  'subscription_type',
  'url',
  'username',
  'verified',
  'verified_type',
  'withheld',
];
const MEDIA_FIELDS = [
  'alt_text',
  'duration_ms',
  'height',
  'media_key',
  'non_public_metrics',
  'organic_metrics',
  'preview_image_url',
  'promoted_metrics',
  'public_metrics',
  'type',
  'url',
  'variants',
  'width',
];
const POLL_FIELDS = ['duration_minutes', 'end_datetime', 'id', 'options', 'voting_status'];
const PLACE_FIELDS = [
  'contained_within',
  'country',
  'country_code',
  'full_name',
  'geo',
  'id',
  'name',
  'place_type',
];
const EXPANSIONS = [
  'article.cover_media',
  'article.media_entities',
  'attachments.media_keys',
  'attachments.media_source_tweet',
  'attachments.poll_ids',
  'author_id',
  'edit_history_tweet_ids',
  'entities.mentions.username',
  'geo.place_id',
  'in_reply_to_user_id',
  'entities.note.mentions.username',
  'referenced_tweets.id',
  'referenced_tweets.id.attachments.media_keys',
  'referenced_tweets.id.author_id',
];

export interface V2Fields {
  readonly tweet: ReadonlySet<string>;
  readonly user: ReadonlySet<string>;
  readonly media: ReadonlySet<string>;
  readonly poll: ReadonlySet<string>;
  readonly expansions: ReadonlySet<string>;
}

function parseList(params: RequestParams, name: string, allowed: readonly string[]): Set<string> {
  const raw = params[name];
  if (raw === undefined) return new Set();
  const values = raw.split(',').filter((value) => value !== '');
  const unknown = values.filter((value) => !allowed.includes(value));
  if (unknown.length > 0 || values.length === 0) {
    const shown = unknown.length > 0 ? unknown : [raw];
    throw invalidRequest(
      `The \`${name}\` query parameter value [${shown.join(',')}] is not one of [${allowed.join(',')}]`,
      { [name]: shown },
    );
  }
  return new Set(values);
}

/** Reads and validates the field and expansion parameters of a v2 tweet request. */
export function parseV2Fields(params: RequestParams): V2Fields {
  parseList(params, 'place.fields', PLACE_FIELDS);
  return {
    tweet: parseList(params, 'tweet.fields', TWEET_FIELDS),
    user: parseList(params, 'user.fields', USER_FIELDS),
    media: parseList(params, 'media.fields', MEDIA_FIELDS),
    poll: parseList(params, 'poll.fields', POLL_FIELDS),
    expansions: parseList(params, 'expansions', EXPANSIONS),
  };
}

export const NO_FIELDS: V2Fields = {
  tweet: new Set(),
  user: new Set(),
  media: new Set(),
  poll: new Set(),
  expansions: new Set(),
};
