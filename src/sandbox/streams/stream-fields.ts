// The field and expansion parameters of each stream family: the post streams take the post lists, the likes
// streams their own expansions (`liked_tweet_id`, `liked_tweet_author_id`, `attachments.media_keys`) and
// `like_with_tweet_author.fields`; the others take none (the activity stream's posts have the default fields).
import type { RequestParams } from '../context.js';
import { openApiDocument } from '../openapi/document.js';
import { documentList, tweetSpelling } from '../openapi/field-lists.js';
import { parseList, parseV2Fields, type V2Fields } from '../tweets/v2-fields.js';
import type { StreamDefinition } from './catalog.js';

const NONE: V2Fields = {
  tweet: new Set(),
  user: new Set(),
  media: new Set(),
  poll: new Set(),
  expansions: new Set(),
};

export interface StreamFields extends V2Fields {
  /** `like_with_tweet_author.fields`. */
  readonly like: ReadonlySet<string>;
}

export function streamFields(stream: StreamDefinition, params: RequestParams): StreamFields {
  if (stream.family === 'posts') return { ...parseV2Fields(params), like: new Set() };
  if (stream.family !== 'likes') return { ...NONE, like: new Set() };
  const document = openApiDocument();
  const list = (name: string) => documentList(document, `GET ${stream.path}`, name);
  return {
    like: parseList(params, 'like_with_tweet_author.fields', list('like_with_tweet_author.fields')),
    tweet: new Set([...parseList(params, 'tweet.fields', list('tweet.fields'))].map(tweetSpelling)),
    user: parseList(params, 'user.fields', list('user.fields')),
    media: parseList(params, 'media.fields', list('media.fields')),
    poll: new Set(),
    expansions: parseList(params, 'expansions', list('expansions')),
  };
}
