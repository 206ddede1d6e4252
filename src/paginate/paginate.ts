// The entry points: a paginator for any list endpoint, and typed ones for the lists people walk most.

import type { ApiPromise } from '../api/api-promise.js';
import type { RequestOptions, SubApi } from '../api/endpoint.js';
import { V1_API, V2_API } from '../api/endpoint.js';
import type { operations as XOperations } from '../generated/x-api.js';
import { InvalidRequestError } from '../http/errors.js';
import type { Params, ParamValue } from '../http/params.js';
import type { StatusV1, Tweet } from '../types.js';
import type { CursorPageMeta, Page, PageMeta, TimelinePageMeta, V2PageMeta } from './page.js';
import { Paginator } from './paginator.js';
import {
  cursorStrategy,
  maxIdStrategy,
  type PageContent,
  type PaginationStrategy,
  type StrategyName,
  strategyByName,
  strategyFor,
  tokenStrategy,
} from './strategies.js';

/** All a paginator needs of a client: its one request method, and how it keeps credentials out of errors. */
export interface PaginatingClient {
  request<T = unknown>(
    subApi: SubApi,
    segments: readonly string[],
    method: 'GET',
    params?: Params,
    options?: RequestOptions,
  ): ApiPromise<T>;
  /**
   * Scrubs the client's credentials from an error built from a page (X's `errors` may echo one). Required: only
   * the client knows its secrets, and a paginator without it would throw what the server echoed as sent.
   */
  redact<E>(error: E): E;
}

export interface PaginateRequest<TItem = unknown, TMeta = PageMeta> {
  readonly subApi: SubApi;
  readonly segments: readonly string[];
  /** Parameters of every request; a token, cursor or max_id here resumes a walk from there. */
  readonly params?: Params | undefined;
  /** How the endpoint pages; chosen from the path when left out. */
  readonly strategy?: StrategyName | PaginationStrategy<TItem, TMeta> | undefined;
  /** Per-request options (signal, timeout, headers, retry) applied to every page. */
  readonly options?: RequestOptions | undefined;
}

export type V2Page<T> = Page<T, V2PageMeta>;
export type CursorPage<T> = Page<T, CursorPageMeta>;
export type TimelinePage<T> = Page<T, TimelinePageMeta>;

export function resolveStrategy<TItem, TMeta>(
  request: PaginateRequest<TItem, TMeta>,
): PaginationStrategy<TItem, TMeta> {
  const { strategy } = request;
  if (strategy === undefined) {
    return strategyFor<TItem>(request.subApi, request.segments) as PaginationStrategy<TItem, TMeta>;
  }
  if (typeof strategy === 'string')
    return strategyByName<TItem>(strategy) as PaginationStrategy<TItem, TMeta>;
  return strategy;
}

/** Pages through the list as the given strategy reads it. */
export function paginateWith<TItem, TMeta>(
  client: PaginatingClient,
  request: PaginateRequest<TItem, TMeta>,
  strategy: PaginationStrategy<TItem, TMeta>,
): Paginator<Page<TItem, TMeta>, TItem> {
  const { subApi, segments, options } = request;
  const first = strategy.first(request.params ?? {});
  // Building the request checks the path and parameters now, at the call site; it is not sent.
  client.request(subApi, segments, 'GET', first, options);
  return new Paginator<Page<TItem, TMeta>, TItem>({
    first,
    async fetch(params) {
      const response = await client.request<unknown>(subApi, segments, 'GET', params, options).withResponse();
      let content: PageContent<TItem, TMeta>;
      try {
        content = strategy.read(response.data, params);
      } catch (error) {
        throw client.redact(error);
      }
      return { ...content, rateLimit: response.rateLimit, body: response.data };
    },
  });
}

/**
 * A lazy paginator over any list endpoint:
 * `paginate(client, { subApi: V2_API, segments: ['users', id, 'followers'], params: { max_results: 100 } })`.
 */
export function paginate<TItem = unknown, TMeta = PageMeta>(
  client: PaginatingClient,
  request: PaginateRequest<TItem, TMeta>,
): Paginator<Page<TItem, TMeta>, TItem> {
  return paginateWith(client, request, resolveStrategy(request));
}

// ——— typed helpers ———

/** GET /2/users/:id/tweets, as X's OpenAPI document lists its query. */
export type UserTweetsParams = NonNullable<XOperations['getUsersPosts']['parameters']['query']>;

/** GET /2/tweets/search/recent, as X's OpenAPI document lists its query (without `query`, given on its own). */
export type SearchRecentParams = Omit<
  NonNullable<XOperations['searchPostsRecent']['parameters']['query']>,
  'query'
>;

/** GET /1.1/followers/ids.json and friends/ids.json; the authenticated user's when no user is named. */
export interface IdListParams {
  readonly user_id?: string | bigint;
  readonly screen_name?: string;
  /** Up to 5000 per page. */
  readonly count?: number;
  readonly cursor?: string;
  readonly [name: string]: ParamValue;
}

/** GET /1.1/statuses/user_timeline.json and home_timeline.json. */
export interface TimelineParams {
  readonly user_id?: string | bigint;
  readonly screen_name?: string;
  /** Up to 200 per page. */
  readonly count?: number;
  readonly since_id?: string | bigint;
  readonly max_id?: string | bigint;
  readonly trim_user?: boolean;
  readonly exclude_replies?: boolean;
  readonly include_rts?: boolean;
  readonly tweet_mode?: 'compat' | 'extended';
  readonly [name: string]: ParamValue;
}

/** A user id as a path segment, refused at the call site unless it is numeric. */
export function idSegment(name: string, id: string | bigint | number): string {
  const text = String(id);
  if (!/^[0-9]{1,20}$/.test(text)) {
    throw new InvalidRequestError(`${name} must be a numeric id (got "${text}").`);
  }
  return text;
}

/** A user's tweets, newest first (v2). */
export function userTweets(
  client: PaginatingClient,
  userId: string | bigint,
  params: UserTweetsParams = {},
  options?: RequestOptions,
): Paginator<V2Page<Tweet>, Tweet> {
  return paginateWith(
    client,
    { subApi: V2_API, segments: ['users', idSegment('userId', userId), 'tweets'], params, options },
    tokenStrategy<Tweet>('pagination_token'),
  );
}

/** Recent tweets matching a search query, newest first (v2). */
export function searchRecent(
  client: PaginatingClient,
  query: string,
  params: SearchRecentParams = {},
  options?: RequestOptions,
): Paginator<V2Page<Tweet>, Tweet> {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new InvalidRequestError('searchRecent() needs a non-empty query.');
  }
  return paginateWith(
    client,
    { subApi: V2_API, segments: ['tweets', 'search', 'recent'], params: { ...params, query }, options },
    tokenStrategy<Tweet>('next_token'),
  );
}

function idList(
  relation: 'followers' | 'friends',
  client: PaginatingClient,
  params: IdListParams,
  options: RequestOptions | undefined,
): Paginator<CursorPage<string>, string> {
  return paginateWith(
    client,
    { subApi: V1_API, segments: [relation, 'ids'], params: { ...params, stringify_ids: true }, options },
    cursorStrategy<string>({ itemsKey: 'ids' }),
  );
}

/** Ids (as exact strings) of the users following a user, most recent first (v1.1 cursors). */
export function followerIds(
  client: PaginatingClient,
  params: IdListParams = {},
  options?: RequestOptions,
): Paginator<CursorPage<string>, string> {
  return idList('followers', client, params, options);
}

/** Ids (as exact strings) of the users a user follows, most recent first (v1.1 cursors). */
export function friendIds(
  client: PaginatingClient,
  params: IdListParams = {},
  options?: RequestOptions,
): Paginator<CursorPage<string>, string> {
  return idList('friends', client, params, options);
}

/** A user's statuses, newest first (v1.1, walked with max_id). */
export function userTimeline(
  client: PaginatingClient,
  params: TimelineParams = {},
  options?: RequestOptions,
): Paginator<TimelinePage<StatusV1>, StatusV1> {
  return paginateWith(
    client,
    { subApi: V1_API, segments: ['statuses', 'user_timeline'], params, options },
    maxIdStrategy<StatusV1>(),
  );
}

/** The authenticated user's home timeline, newest first (v1.1, walked with max_id). */
export function homeTimeline(
  client: PaginatingClient,
  params: TimelineParams = {},
  options?: RequestOptions,
): Paginator<TimelinePage<StatusV1>, StatusV1> {
  return paginateWith(
    client,
    { subApi: V1_API, segments: ['statuses', 'home_timeline'], params, options },
    maxIdStrategy<StatusV1>(),
  );
}
