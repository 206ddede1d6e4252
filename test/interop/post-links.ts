// What the t.co link tests share: the shape of a t.co link, a post's URL entities as they read them, reading a
// post through twitter-api-v2 with some `tweet.fields`, and slicing text by X's code point offsets.
import type { TwitterApi } from 'twitter-api-v2';

export const T_CO = /^https:\/\/t\.co\/[A-Za-z0-9]{10}$/;

export interface UrlEntity {
  start: number;
  end: number;
  url: string;
  expanded_url: string;
  display_url: string;
  media_key?: string;
}

/** What the tests read of a post or a DM (twitter-api-v2's TweetV2 leaves out `display_text_range`). */
export interface PostRead {
  id: string;
  text: string;
  display_text_range?: [number, number];
  attachments?: { media_keys?: string[] };
  entities?: {
    urls?: UrlEntity[];
    hashtags?: { start: number; end: number; tag: string }[];
    mentions?: { username: string }[];
  };
}

/** A post read through twitter-api-v2's GET /2/tweets/:id with these fields. */
export async function readPost(client: TwitterApi, id: string, fields: readonly string[]): Promise<PostRead> {
  return (await client.v2.get<{ data: PostRead }>(`tweets/${id}`, { 'tweet.fields': fields.join(',') })).data;
}

/** The text between code point offsets, as X counts them. */
export const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');
