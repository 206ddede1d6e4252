// The values a comma-list parameter (`tweet.fields`, `expansions`…) accepts, from the document.
// The document says "post" (`post.fields`, `referenced_posts`, `pinned_post_id`) where X's API as documented
// and every client today say "tweet"; the stream operations still carry the tweet-named lists. A list accepts
// both spellings (UNCONFIRMED which the live API takes on each endpoint; see docs/SANDBOX.md).
import type { DocumentOperation, DocumentParameter, JsonSchema, OpenApiDocument } from './document.js';

/**
 * Names X's API reference lists (and clients such as twitter-api-v2 send) that the document's enums leave out,
 * though its own `List`, `DmEvent` and `Space` schemas carry the fields (UNCONFIRMED; see docs/SANDBOX.md).
 */
const REFERENCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'list.fields': ['owner_id'],
  'dm_event.fields': ['participant_ids', 'referenced_tweets', 'sender_id'],
  'space.fields': ['creator_id', 'host_ids', 'invited_user_ids', 'speaker_ids', 'topic_ids'],
};
/** X's reference spells the DM expansion `referenced_tweets.id`, the document `referenced_posts`. */
const DM_EXPANSION_MARKS = ['sender_id', 'participant_ids'];

/** The two names of the tweet field list; an operation declaring one accepts the other. */
export const TWEET_FIELD_PARAMETERS = ['tweet.fields', 'post.fields'] as const;

/** The enum of a list parameter's items, or undefined when it is not an enum list. */
export function listEnum(schema: JsonSchema): readonly string[] | undefined {
  if (schema['type'] !== 'array') return undefined;
  const items = schema['items'];
  if (typeof items !== 'object' || items === null) return undefined;
  const values = (items as JsonSchema)['enum'];
  return Array.isArray(values) ? values.map(String) : undefined;
}

/** `referenced_posts` → `referenced_tweets`, `pinned_post_id` → `pinned_tweet_id`… */
export function tweetSpelling(value: string): string {
  return value.replace(/posts/g, 'tweets').replace(/post/g, 'tweet');
}

function streamList(document: OpenApiDocument, name: string): readonly string[] {
  const stream = document.byRoute.get('GET /2/tweets/search/stream');
  const parameter = stream?.parameters.find((entry) => entry.name === name);
  return parameter ? (listEnum(parameter.schema) ?? []) : [];
}

/** The enum a list parameter of an operation accepts: its own values, their tweet spellings, the stream's list. */
export function acceptedValues(
  document: OpenApiDocument,
  operation: DocumentOperation | undefined,
  parameter: DocumentParameter,
): readonly string[] | undefined {
  const own = listEnum(parameter.schema);
  if (!own) return undefined;
  const values = new Set(own);
  for (const value of own) values.add(tweetSpelling(value));
  for (const value of REFERENCE_FIELDS[parameter.name] ?? []) values.add(value);
  if (parameter.name === 'expansions' && DM_EXPANSION_MARKS.every((mark) => own.includes(mark))) {
    values.add('referenced_tweets.id');
  }
  const isTweetList =
    (TWEET_FIELD_PARAMETERS as readonly string[]).includes(parameter.name) ||
    (parameter.name === 'expansions' && own.includes('author_id'));
  const family = (TWEET_FIELD_PARAMETERS as readonly string[]).includes(parameter.name)
    ? 'tweet.fields'
    : parameter.name;
  if (
    isTweetList ||
    ['user.fields', 'media.fields', 'poll.fields', 'place.fields'].includes(parameter.name)
  ) {
    if (operation?.route !== '/2/tweets/search/stream') {
      for (const value of streamList(document, family)) values.add(value);
    }
  }
  return [...values];
}

/** The values a list parameter of one operation (`GET /2/tweets/:id`) accepts, in both spellings. */
export function documentList(
  document: OpenApiDocument,
  operationKey: string,
  name: string,
): readonly string[] {
  const operation = document.byRoute.get(operationKey);
  const parameter = operation?.parameters.find((entry) => entry.name === name);
  if (!operation || !parameter) throw new Error(`The document has no ${name} on ${operationKey}`);
  return acceptedValues(document, operation, parameter) ?? [];
}
