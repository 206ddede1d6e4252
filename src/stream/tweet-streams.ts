// The typed v2 tweet streams: the filtered stream (tweets matching the app's rules) and the sample stream.
// Both need app-only auth: a client made with `bearerToken`, or with `consumerKey` and `consumerSecret` alone.

import { buildRequest, V2_API } from '../api/endpoint.js';
import { type FieldOptions, fieldParams } from '../api/fields.js';
import type { Params } from '../http/params.js';
import type { Includes, PartialError, Tweet } from '../types.js';
import { clientStream, type ReconnectingStream, type StreamClient, type StreamOptions } from './stream.js';

export interface TweetStreamOptions extends StreamOptions, FieldOptions {
  /** Minutes (0–5) of tweets missed while disconnected that X replays on connecting (X's higher tiers). */
  readonly backfillMinutes?: number | undefined;
}

/** The filtered-stream rule a tweet matched. */
export interface MatchingRule {
  readonly id: string;
  readonly tag?: string;
}

/** One tweet from a stream, with its expansions and, on the filtered stream, the rules it matched. */
export interface StreamedTweet {
  readonly data: Tweet;
  readonly includes?: Includes;
  /** Filtered stream only. */
  readonly matching_rules?: readonly MatchingRule[];
  /** Expansions X could not fill in. */
  readonly errors?: readonly PartialError[];
}

/** A stream of tweets; its counters (`keepAlives`, `reconnects`) and `close()` come with it. */
export type TweetStream = ReconnectingStream<StreamedTweet>;

/** Tweets matching the app's rules (GET /2/tweets/search/stream). No rules: a ConflictError (409). */
export function filteredStream(client: StreamClient, options: TweetStreamOptions = {}): TweetStream {
  return tweetStream(client, ['tweets', 'search', 'stream'], options);
}

/** About 1% of all public tweets (GET /2/tweets/sample/stream). */
export function sampleStream(client: StreamClient, options: TweetStreamOptions = {}): TweetStream {
  return tweetStream(client, ['tweets', 'sample', 'stream'], options);
}

function tweetStream(client: StreamClient, segments: string[], options: TweetStreamOptions): TweetStream {
  const params: Params = { ...fieldParams(options), backfill_minutes: options.backfillMinutes };
  // Built now, so that bad parameters throw at the call site; nothing is sent before the iteration starts.
  const { url } = buildRequest(client.baseUrl, V2_API, segments, 'GET', params);
  return clientStream(client, url, isStreamedTweet, options);
}

/** Messages of other kinds may appear on X's streams; only tweets are yielded. */
function isStreamedTweet(message: unknown): message is StreamedTweet {
  if (typeof message !== 'object' || message === null || !('data' in message)) return false;
  const data: unknown = message.data;
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string';
}
