// Field and expansion lists of a v2 request, read without validation: the document layer has already
// checked them against the operation. The document says "post" where X's API says "tweet"; both are read.
import type { RequestParams } from '../context.js';
import type { V2Fields } from '../tweets/v2-fields.js';

const TWEET_SPELLED = new Set(['expansions', 'tweet.fields', 'post.fields']);

/**
 * The values of a comma-list parameter. Expansions and tweet fields are spelled the "tweet" way
 * (`referenced_posts` → `referenced_tweets`, `pinned_post_id` → `pinned_tweet_id`).
 */
export function listParam(params: RequestParams, name: string): Set<string> {
  const raw = params[name];
  if (raw === undefined || raw === '') return new Set();
  const values = raw.split(',');
  if (!TWEET_SPELLED.has(name)) return new Set(values);
  return new Set(values.map((value) => value.replace(/posts/g, 'tweets').replace(/post/g, 'tweet')));
}

/** The tweet, user, media and poll fields and the expansions, as the tweets area's renderers take them. */
export function v2Fields(params: RequestParams): V2Fields {
  const tweet = listParam(params, 'tweet.fields');
  for (const value of listParam(params, 'post.fields')) tweet.add(value);
  return {
    tweet,
    user: listParam(params, 'user.fields'),
    media: listParam(params, 'media.fields'),
    poll: listParam(params, 'poll.fields'),
    expansions: listParam(params, 'expansions'),
  };
}

/** `max_results` within the document's bounds (already validated), or the operation's default. */
export function maxResults(params: RequestParams, fallback: number): number {
  const raw = params['max_results'];
  return raw === undefined ? fallback : Number(raw);
}
