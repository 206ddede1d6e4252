// X's v2 field and expansion parameters, named the JavaScript way once for every helper that takes them,
// with the values X's OpenAPI document lists.

import type { components } from '../generated/x-api.js';
import type { Params } from '../http/params.js';

type Parameters = components['parameters'];
type Values<K extends keyof Parameters> = Parameters[K] extends ReadonlyArray<infer V> ? V : never;

export type TweetField = Values<'TweetFieldsParameter'>;
export type UserField = Values<'UserFieldsParameter'>;
export type MediaField = Values<'MediaFieldsParameter'>;
export type PollField = Values<'PollFieldsParameter'>;
export type PlaceField = Values<'PlaceFieldsParameter'>;
/** The expansions of a post or of a user (the helpers take either kind of object). */
export type Expansion = Values<'PostExpansionsParameter'> | Values<'UserExpansionsParameter'>;

export interface FieldOptions {
  readonly tweetFields?: readonly TweetField[] | undefined;
  readonly userFields?: readonly UserField[] | undefined;
  readonly mediaFields?: readonly MediaField[] | undefined;
  readonly pollFields?: readonly PollField[] | undefined;
  readonly placeFields?: readonly PlaceField[] | undefined;
  readonly expansions?: readonly Expansion[] | undefined;
}

/** `{ tweetFields }` → `{ 'tweet.fields': … }`; fields not given stay out of the query. */
export function fieldParams(fields: FieldOptions): Params {
  return {
    'tweet.fields': fields.tweetFields,
    'user.fields': fields.userFields,
    'media.fields': fields.mediaFields,
    'poll.fields': fields.pollFields,
    'place.fields': fields.placeFields,
    expansions: fields.expansions,
  };
}
