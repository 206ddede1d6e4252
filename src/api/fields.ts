// X's v2 field and expansion parameters, named the JavaScript way once for every helper that takes them.

import type { Params } from '../http/params.js';

export interface FieldOptions {
  readonly tweetFields?: readonly string[] | undefined;
  readonly userFields?: readonly string[] | undefined;
  readonly mediaFields?: readonly string[] | undefined;
  readonly pollFields?: readonly string[] | undefined;
  readonly placeFields?: readonly string[] | undefined;
  readonly expansions?: readonly string[] | undefined;
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
