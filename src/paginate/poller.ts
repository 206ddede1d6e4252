// Polling a newest-first list for what is new since the last look, remembering the newest id seen.

import type { RequestOptions } from '../api/endpoint.js';
import { V1_API, V2_API } from '../api/endpoint.js';
import { InvalidRequestError } from '../http/errors.js';
import type { Params } from '../http/params.js';
import { shown } from '../http/shown.js';
import type { StatusV1, Tweet } from '../types.js';
import type { Page, PageMeta } from './page.js';
import {
  idSegment,
  type PaginateRequest,
  type PaginatingClient,
  paginateWith,
  resolveStrategy,
  type SearchRecentParams,
  type TimelineParams,
  type UserTweetsParams,
} from './paginate.js';
import type { Paginator } from './paginator.js';
import { idParam, maxIdStrategy, tokenStrategy } from './strategies.js';

export interface PollOptions {
  /** Only items newer than this id count as new. Without it, the first poll returns the newest page and sets the mark. */
  readonly sinceId?: string | bigint | undefined;
  /**
   * Most items one poll gathers (default 800). When more are new, the newest are kept, the rest skipped,
   * and the result says `truncated`.
   */
  readonly maxItems?: number | undefined;
}

export interface PollResult<TItem> {
  /** The new items, newest first. */
  readonly items: readonly TItem[];
  /** The newest id seen so far: where the next poll starts. */
  readonly newestId: string | undefined;
  /** True when more items were new than `maxItems`, so the oldest of them were skipped. */
  readonly truncated: boolean;
}

const DEFAULT_MAX_ITEMS = 800;

/**
 * Asks a newest-first list for what is new: each poll sends `since_id` (the newest id seen so far) and
 * walks every page newer than it, so a burst larger than one page leaves no gap. The mark moves only
 * when a poll completes: a poll that fails (a rate limit, a network error) is repeated from the same point.
 */
export class SinceIdPoller<TItem> {
  readonly #walk: (params: Params) => Paginator<Page<TItem, unknown>, TItem>;
  readonly #idOf: (item: TItem) => string | undefined;
  readonly #params: Params;
  readonly #maxItems: number;
  #newestId: bigint | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    walk: (params: Params) => Paginator<Page<TItem, unknown>, TItem>,
    idOf: (item: TItem) => string | undefined,
    params: Params,
    options: PollOptions = {},
  ) {
    const { since_id: givenSince, ...rest } = params;
    const since = options.sinceId ?? givenSince;
    this.#newestId = since === undefined || since === null ? undefined : idParam(since);
    if (since !== undefined && since !== null && this.#newestId === undefined) {
      throw new InvalidRequestError(`sinceId must be a numeric id (got "${String(since)}").`);
    }
    const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
    if (!Number.isSafeInteger(maxItems) || maxItems < 1) {
      throw new InvalidRequestError(`maxItems must be a whole number above 0 (got ${shown(maxItems)}).`);
    }
    this.#walk = walk;
    this.#idOf = idOf;
    this.#params = rest;
    this.#maxItems = maxItems;
  }

  /** The newest id seen so far, or `undefined` before the first poll without a `sinceId`. */
  get newestId(): string | undefined {
    return this.#newestId?.toString();
  }

  /** What is new since the last poll, newest first. Concurrent calls run one after the other. */
  poll(): Promise<PollResult<TItem>> {
    const result = this.#queue.then(() => this.#pollOnce());
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #pollOnce(): Promise<PollResult<TItem>> {
    const since = this.#newestId;
    const params = since === undefined ? this.#params : { ...this.#params, since_id: since.toString() };
    const items: TItem[] = [];
    let newest = since;
    let truncated = false;
    walk: for await (const page of this.#walk(params).pages()) {
      for (const item of page.data) {
        const id = this.#idOf(item);
        if (id === undefined) continue;
        const value = BigInt(id);
        // A server that ignores since_id must not make old items look new.
        if (since !== undefined && value <= since) continue;
        if (items.length >= this.#maxItems) {
          truncated = true;
          break walk;
        }
        items.push(item);
        if (newest === undefined || value > newest) newest = value;
      }
      if (since === undefined) break; // the first look only marks where "new" starts
      if (items.length >= this.#maxItems && page.next !== undefined) {
        truncated = true;
        break;
      }
    }
    this.#newestId = newest;
    return { items, newestId: newest?.toString(), truncated };
  }
}

/** A poller over any newest-first list whose items carry ids (v2 tweet lists, v1.1 timelines). */
export function sinceIdPoller<TItem = unknown, TMeta = PageMeta>(
  client: PaginatingClient,
  request: PaginateRequest<TItem, TMeta> & PollOptions,
): SinceIdPoller<TItem> {
  const strategy = resolveStrategy(request);
  const idOf = strategy.idOf;
  if (!idOf) {
    throw new InvalidRequestError(
      `The ${strategy.name} strategy has no ordered item ids, so its list cannot be polled with since_id.`,
    );
  }
  return new SinceIdPoller<TItem>(
    (params) => paginateWith(client, { ...request, params }, strategy),
    (item) => idOf(item),
    request.params ?? {},
    request,
  );
}

/** New tweets of a user (v2). */
export function userTweetsPoller(
  client: PaginatingClient,
  userId: string | bigint,
  params: UserTweetsParams = {},
  pollOptions: PollOptions = {},
  options?: RequestOptions,
): SinceIdPoller<Tweet> {
  return sinceIdPoller<Tweet, unknown>(client, {
    subApi: V2_API,
    segments: ['users', idSegment('userId', userId), 'tweets'],
    params,
    options,
    strategy: tokenStrategy<Tweet>('pagination_token'),
    ...pollOptions,
  });
}

/** New tweets matching a search query (v2). */
export function searchRecentPoller(
  client: PaginatingClient,
  query: string,
  params: SearchRecentParams = {},
  pollOptions: PollOptions = {},
  options?: RequestOptions,
): SinceIdPoller<Tweet> {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new InvalidRequestError('searchRecentPoller() needs a non-empty query.');
  }
  return sinceIdPoller<Tweet, unknown>(client, {
    subApi: V2_API,
    segments: ['tweets', 'search', 'recent'],
    params: { ...params, query },
    options,
    strategy: tokenStrategy<Tweet>('next_token'),
    ...pollOptions,
  });
}

/** New statuses on the authenticated user's home timeline (v1.1). */
export function homeTimelinePoller(
  client: PaginatingClient,
  params: TimelineParams = {},
  pollOptions: PollOptions = {},
  options?: RequestOptions,
): SinceIdPoller<StatusV1> {
  return sinceIdPoller<StatusV1, unknown>(client, {
    subApi: V1_API,
    segments: ['statuses', 'home_timeline'],
    params,
    options,
    strategy: maxIdStrategy<StatusV1>(),
    ...pollOptions,
  });
}
