// The path-building proxy: client.v2.users[id].tweets.get() becomes GET {base}/2/users/{id}/tweets.

import { inspect } from 'node:util';
import { InvalidRequestError } from '../http/errors.js';
import type { Params } from '../http/params.js';
import type { HttpMethod } from '../http/request.js';
import type { Page, PageMeta, Paginator, StrategyName } from '../paginate/index.js';
import type { ApiPromise } from './api-promise.js';
import { type RequestOptions, toSegment } from './endpoint.js';

/** Sends the request for the path built so far. Lazy: nothing is sent until the result is awaited. */
export type RequestMethod = <T = unknown>(params?: Params, options?: RequestOptions) => ApiPromise<T>;

/** Options of `.paginate()`: per-page request options, and the paging scheme when the path does not say. */
export interface PaginateOptions extends RequestOptions {
  readonly strategy?: StrategyName | undefined;
}

/**
 * Walks a list endpoint page by page (v2 tokens, v1.1 cursors or max_id, chosen from the path). Lazy: the
 * first request goes when iteration starts. Iterate items with `for await`, or use `.pages()` / `.toArray({ limit })`.
 */
export type PaginateMethod = <TItem = unknown>(
  params?: Params,
  options?: PaginateOptions,
) => Paginator<Page<TItem, PageMeta>, TItem>;

/** Segments that autocomplete; any other segment works by index (`node['any-name']`) or call (`node(id)`). */
export type KnownSegment =
  | 'account'
  | 'by'
  | 'compliance'
  | 'create'
  | 'destroy'
  | 'favorites'
  | 'followers'
  | 'following'
  | 'friends'
  | 'home_timeline'
  | 'ids'
  | 'liked_tweets'
  | 'likes'
  | 'list'
  | 'lists'
  | 'lookup'
  | 'me'
  | 'media'
  | 'mentions'
  | 'mentions_timeline'
  | 'metadata'
  | 'recent'
  | 'retweet'
  | 'retweets'
  | 'rules'
  | 'sample'
  | 'search'
  | 'show'
  | 'statuses'
  | 'stream'
  | 'subtitles'
  | 'timelines'
  | 'tweets'
  | 'update'
  | 'upload'
  | 'user_timeline'
  | 'username'
  | 'users'
  | 'verify_credentials';

/**
 * A node of the endpoint tree. Walk it by property (`client.api.statuses.update`), by index
 * (`client.v2.tweets[id]`) or by call (`client.v2.users(id).tweets`); the call form also suits
 * `noUncheckedIndexedAccess`, where an index reads as possibly undefined. Numbers and bigints are fine.
 */
export type PathNode = {
  readonly [segment: string]: PathNode;
} & {
  readonly [K in KnownSegment]: PathNode;
} & {
  (...segments: ReadonlyArray<string | number | bigint>): PathNode;
  readonly get: RequestMethod & PathNode;
  readonly post: RequestMethod & PathNode;
  readonly put: RequestMethod & PathNode;
  readonly patch: RequestMethod & PathNode;
  readonly delete: RequestMethod & PathNode;
  readonly paginate: PaginateMethod & PathNode;
};

const METHODS: Readonly<Record<string, HttpMethod>> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};

export type PaginatePath = (
  segments: readonly string[],
  params: Params | undefined,
  options: PaginateOptions | undefined,
) => Paginator<Page<unknown, PageMeta>, unknown>;

export type SendPath = (
  segments: readonly string[],
  method: HttpMethod,
  params: Params | undefined,
  options: RequestOptions | undefined,
) => ApiPromise<unknown>;

const MAX_CACHED_CHILDREN = 64;

function describeArgument(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}

function isParamsArgument(value: unknown): boolean {
  return value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

/** A proxy whose properties extend the path; calling a method name sends, calling anything else extends. */
export function createPath(
  send: SendPath,
  paginate: PaginatePath,
  segments: readonly string[] = [],
): PathNode {
  const label = () => `PathNode(/${segments.join('/')})`;
  // Property children are kept, so `client.v2.users.me.get()` builds its proxies once; ids and other
  // values come through calls, which are not kept, and a cap stops a stream of dynamic names from growing it.
  const children = new Map<string, PathNode>();
  return new Proxy(function pathNode() {}, {
    get(_target, property) {
      // Never thenable: `await client.api.statuses` must not look like a promise.
      if (typeof property === 'symbol' || property === 'then') {
        return property === inspect.custom ? label : undefined;
      }
      let child = children.get(property);
      if (!child) {
        child = createPath(send, paginate, [...segments, property]);
        if (children.size < MAX_CACHED_CHILDREN) children.set(property, child);
      }
      return child;
    },
    apply(_target, _this, args: unknown[]) {
      const last = segments.at(-1);
      const method = last === undefined ? undefined : METHODS[last];
      const isCall = args.length <= 2 && isParamsArgument(args[0]) && isParamsArgument(args[1]);
      if (method && isCall) {
        return send(segments.slice(0, -1), method, args[0] as Params | undefined, args[1] as RequestOptions);
      }
      // X has no path segment named get, post, put, patch or delete: this is a call with bad arguments.
      if (method) {
        throw new InvalidRequestError(
          `${last}() takes (params, options), both objects; got ${args.map(describeArgument).join(', ')}. Put query values in params, e.g. { max_results: 10 }.`,
        );
      }
      if (last === 'paginate' && isCall) {
        return paginate(segments.slice(0, -1), args[0] as Params | undefined, args[1] as PaginateOptions);
      }
      return createPath(send, paginate, [...segments, ...args.map(toSegment)]);
    },
  }) as unknown as PathNode;
}
