// The v2 `tweet.fields` (or `post.fields`), `user.fields`, `media.fields`, `poll.fields`, `place.fields` and
// `expansions` parameters, with the values X's OpenAPI document allows. Values the sandbox cannot fill are
// accepted and left out of the answer. The document's "post" names are read as the "tweet" names renderers use.
import { invalidRequest, type RequestParams } from '../context.js';
import { openApiDocument } from '../openapi/document.js';
import { documentList, tweetSpelling } from '../openapi/field-lists.js';

export interface V2Fields {
  readonly tweet: ReadonlySet<string>;
  readonly user: ReadonlySet<string>;
  readonly media: ReadonlySet<string>;
  readonly poll: ReadonlySet<string>;
  readonly expansions: ReadonlySet<string>;
}

interface AllowedLists {
  tweet: readonly string[];
  user: readonly string[];
  media: readonly string[];
  poll: readonly string[];
  place: readonly string[];
  expansions: readonly string[];
}

let lists: AllowedLists | undefined;
const POST_LOOKUP = 'GET /2/tweets/:id';

/** The document's lists (and their tweet spellings), read once. */
export function allowedLists(): AllowedLists {
  if (!lists) {
    const document = openApiDocument();
    // The post lookup carries the document's shared post, user, media, poll and place lists.
    const list = (name: string) => documentList(document, POST_LOOKUP, name);
    lists = {
      tweet: list('post.fields'),
      user: list('user.fields'),
      media: list('media.fields'),
      poll: list('poll.fields'),
      place: list('place.fields'),
      expansions: list('expansions'),
    };
  }
  return lists;
}

/** The document's `referenced_posts` expansion is the tweet API's `referenced_tweets.id`. */
const EXPANSION_SPELLINGS: Record<string, string> = { referenced_tweets: 'referenced_tweets.id' };

export function parseList(params: RequestParams, name: string, allowed: readonly string[]): Set<string> {
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

function spelledAsTweet(values: Iterable<string>, renames: Record<string, string> = {}): Set<string> {
  const out = new Set<string>();
  for (const value of values) {
    const tweet = tweetSpelling(value);
    out.add(renames[tweet] ?? tweet);
  }
  return out;
}

/** Reads and validates the field and expansion parameters of a v2 tweet request. */
export function parseV2Fields(params: RequestParams): V2Fields {
  const allowed = allowedLists();
  parseList(params, 'place.fields', allowed.place);
  return {
    tweet: spelledAsTweet([
      ...parseList(params, 'tweet.fields', allowed.tweet),
      ...parseList(params, 'post.fields', allowed.tweet),
    ]),
    user: spelledAsTweet(parseList(params, 'user.fields', allowed.user)),
    media: parseList(params, 'media.fields', allowed.media),
    poll: parseList(params, 'poll.fields', allowed.poll),
    expansions: spelledAsTweet(parseList(params, 'expansions', allowed.expansions), EXPANSION_SPELLINGS),
  };
}

/** Reads `user.fields` alone (user lookups), in tweet spelling. */
export function parseUserFieldList(params: RequestParams): Set<string> {
  return spelledAsTweet(parseList(params, 'user.fields', allowedLists().user));
}

/**
 * The tweet field each expansion needs in `data` (X's expansions page shows `author_id` with
 * `expansions=author_id`, `attachments.media_keys` with `expansions=attachments.media_keys`).
 */
const FIELD_OF_EXPANSION: Record<string, string> = {
  author_id: 'author_id',
  in_reply_to_user_id: 'in_reply_to_user_id',
  'attachments.media_keys': 'attachments',
  'attachments.poll_ids': 'attachments',
  'attachments.media_source_tweet': 'attachments',
  'referenced_tweets.id': 'referenced_tweets',
  'referenced_tweets.id.author_id': 'referenced_tweets',
  'referenced_tweets.id.attachments.media_keys': 'referenced_tweets',
  'entities.mentions.username': 'entities',
  'geo.place_id': 'geo',
};

/** The tweet fields rendered in `data`: those asked for plus those the expansions point through. */
export function dataTweetFields(fields: V2Fields): ReadonlySet<string> {
  const out = new Set(fields.tweet);
  for (const expansion of fields.expansions) {
    const field = FIELD_OF_EXPANSION[expansion];
    if (field) out.add(field);
  }
  return out;
}

export const NO_FIELDS: V2Fields = {
  tweet: new Set(),
  user: new Set(),
  media: new Set(),
  poll: new Set(),
  expansions: new Set(),
};
