// The ways X pages a list, each as a pure reader: what a response holds and which parameters fetch the next page.

import type { SubApi } from '../api/endpoint.js';
import { InvalidRequestError } from '../http/errors.js';
import type { Params, ParamValue } from '../http/params.js';
import type { Includes, PartialError } from '../types.js';
import {
  type CursorPageMeta,
  type PageMeta,
  PaginationError,
  type TimelinePageMeta,
  type V2PageMeta,
} from './page.js';

/** One response read by a strategy: everything of a page but what the transport adds (rate limit, body). */
export interface PageContent<TItem, TMeta> {
  readonly data: readonly TItem[];
  readonly meta: TMeta;
  readonly includes: Includes | undefined;
  readonly errors: readonly PartialError[] | undefined;
  /** Parameters of the next request; `undefined` when this was the last page. */
  readonly next: Params | undefined;
}

export interface PaginationStrategy<TItem = unknown, TMeta = PageMeta> {
  readonly name: string;
  /** The parameters of the first request, from the caller's (which may already hold a token to resume from). */
  first(params: Params): Params;
  /** Reads one response body; `sent` are the parameters that asked for it. */
  read(body: unknown, sent: Params): PageContent<TItem, TMeta>;
  /** The id of an item, for since_id polling; strategies whose items carry no ordered id leave it out. */
  idOf?(item: TItem): string | undefined;
}

/**
 * `pagination_token`: most v2 lists. `next_token`: v2 search. `cursor`: v1.1 id and user lists.
 * `max_id`: v1.1 timelines.
 */
export type StrategyName = 'pagination_token' | 'next_token' | 'cursor' | 'max_id';

type JsonRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeShape(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isRecord(value)) {
    const keys = Object.keys(value).slice(0, 6);
    return keys.length > 0 ? `an object with ${keys.join(', ')}` : 'an empty object';
  }
  return value === null ? 'null' : `a ${typeof value}`;
}

const ID = /^[0-9]{1,20}$/;

/** An id parameter (string, number or bigint) as a BigInt, or `undefined` when absent or not an id. */
export function idParam(value: ParamValue): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && ID.test(value)) return BigInt(value);
  return undefined;
}

// ——— v2: pagination_token / next_token ———

/** The v2 token walk: the token from `meta.next_token` is sent back as `param` until X sends none. */
export function tokenStrategy<TItem = unknown>(
  param: 'pagination_token' | 'next_token',
): PaginationStrategy<TItem, V2PageMeta> {
  return {
    name: param,
    first: (params) => params,
    read(body, sent) {
      if (!isRecord(body)) {
        throw new PaginationError(`A v2 list answers with an object; X sent ${describeShape(body)}.`);
      }
      const { data } = body;
      if (data !== undefined && !Array.isArray(data)) {
        throw new PaginationError(
          'This endpoint answers with one object, not a list: request it with get() rather than paging it.',
        );
      }
      const errors = Array.isArray(body.errors) ? (body.errors as PartialError[]) : undefined;
      if (data === undefined && errors && errors.length > 0 && !isRecord(body.meta)) {
        // A 200 with nothing but errors (an unknown user, say) is a failure; an empty walk would hide it.
        const first = errors[0];
        throw new PaginationError(
          `X answered the list request with errors and no items: ${first?.detail ?? first?.title ?? 'unknown error'}`,
          errors,
        );
      }
      const meta: V2PageMeta = isRecord(body.meta) ? (body.meta as V2PageMeta) : {};
      const token =
        typeof meta.next_token === 'string' && meta.next_token !== '' ? meta.next_token : undefined;
      return {
        data: (data ?? []) as TItem[],
        meta,
        includes: isRecord(body.includes) ? (body.includes as Includes) : undefined,
        errors,
        next: token === undefined ? undefined : { ...sent, [param]: token },
      };
    },
    idOf: (item) => {
      const id = isRecord(item) ? item.id : undefined;
      return typeof id === 'string' && ID.test(id) ? id : undefined;
    },
  };
}

// ——— v1.1: cursor ———

const CURSOR_ITEM_KEYS = ['ids', 'users', 'lists', 'events'] as const;

export interface CursorStrategyOptions {
  /** Where the items are (`ids`, `users`, `lists`…); by default the first of those that is an array. */
  readonly itemsKey?: string;
  /** Parameters sent unless the caller gives their own (e.g. `stringify_ids: true` on id lists). */
  readonly defaults?: Params;
}

/** The exact cursor: `*_str` when X sends it, the number only when a double holds it exactly. */
function cursorOf(exact: unknown, rounded: unknown): string | undefined {
  if (typeof exact === 'string' && /^-?[0-9]{1,20}$/.test(exact)) return exact;
  if (typeof rounded === 'number' && Number.isSafeInteger(rounded)) return String(rounded);
  return undefined;
}

/** The v1.1 cursor walk: `cursor=-1` first, then `next_cursor_str`, until it is `"0"`. */
export function cursorStrategy<TItem = unknown>(
  options: CursorStrategyOptions = {},
): PaginationStrategy<TItem, CursorPageMeta> {
  return {
    name: 'cursor',
    first: (params) => ({ cursor: '-1', ...options.defaults, ...params }),
    read(body, sent) {
      if (!isRecord(body)) {
        throw new PaginationError(
          `A v1.1 cursored list answers with an object; X sent ${describeShape(body)}.`,
        );
      }
      const key = options.itemsKey ?? CURSOR_ITEM_KEYS.find((k) => Array.isArray(body[k]));
      const items = key === undefined ? undefined : body[key];
      if (!Array.isArray(items)) {
        throw new PaginationError(
          `Found no ${options.itemsKey ?? CURSOR_ITEM_KEYS.join('/')} array in the page: X sent ${describeShape(body)}.`,
        );
      }
      const nextCursor = cursorOf(body.next_cursor_str, body.next_cursor);
      if (nextCursor === undefined) {
        throw new PaginationError(
          body.next_cursor === undefined
            ? 'The page has no next_cursor, so it cannot be followed.'
            : 'The page has a next_cursor too large for a double and no next_cursor_str; it cannot be followed exactly.',
        );
      }
      return {
        data: items as TItem[],
        meta: {
          next_cursor: nextCursor,
          previous_cursor: cursorOf(body.previous_cursor_str, body.previous_cursor),
        },
        includes: undefined,
        errors: undefined,
        next: nextCursor === '0' ? undefined : { ...sent, cursor: nextCursor },
      };
    },
  };
}

// ——— v1.1: max_id timelines ———

/** A v1.1 status id, exactly: `id_str`, or `id` only when a double holds it exactly. */
function statusIdOf(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  if (typeof item.id_str === 'string' && ID.test(item.id_str)) return item.id_str;
  if (typeof item.id === 'number' && Number.isSafeInteger(item.id) && item.id >= 0) return String(item.id);
  return undefined;
}

/**
 * The v1.1 timeline walk. `max_id` is inclusive, so each next request asks for ids up to the lowest id
 * seen minus one (in BigInt: ids do not fit in a double). It ends on an empty page, or once it would
 * reach below a `since_id` the caller set.
 */
export function maxIdStrategy<TItem = unknown>(): PaginationStrategy<TItem, TimelinePageMeta> {
  return {
    name: 'max_id',
    first: (params) => params,
    read(body, sent) {
      const items = Array.isArray(body)
        ? body
        : isRecord(body) && Array.isArray(body.statuses)
          ? body.statuses
          : undefined;
      if (!items) {
        throw new PaginationError(
          `A v1.1 timeline answers with an array of statuses; X sent ${describeShape(body)}.`,
        );
      }
      let lowest: bigint | undefined;
      let highest: bigint | undefined;
      for (const item of items) {
        const id = statusIdOf(item);
        if (id === undefined) {
          throw new PaginationError('A timeline item has no id_str, so the walk cannot continue below it.');
        }
        const value = BigInt(id);
        if (lowest === undefined || value < lowest) lowest = value;
        if (highest === undefined || value > highest) highest = value;
      }
      const since = idParam(sent.since_id);
      const nextMax = lowest === undefined ? undefined : lowest - 1n;
      const done = nextMax === undefined || nextMax < 1n || (since !== undefined && nextMax <= since);
      return {
        data: items as TItem[],
        meta: { newest_id: highest?.toString(), oldest_id: lowest?.toString() },
        includes: undefined,
        errors: undefined,
        next: done ? undefined : { ...sent, max_id: nextMax.toString() },
      };
    },
    idOf: (item) => statusIdOf(item),
  };
}

// ——— choosing ———

export function strategyByName<TItem = unknown>(name: StrategyName): PaginationStrategy<TItem, PageMeta> {
  switch (name) {
    case 'pagination_token':
    case 'next_token':
      return tokenStrategy<TItem>(name);
    case 'cursor':
      return cursorStrategy<TItem>();
    case 'max_id':
      return maxIdStrategy<TItem>();
    default:
      throw new InvalidRequestError(
        `Unknown pagination strategy "${String(name)}"; use pagination_token, next_token, cursor or max_id.`,
      );
  }
}

/** The strategy X uses for an endpoint, from its version and path. */
export function strategyFor<TItem = unknown>(
  subApi: SubApi,
  segments: readonly string[],
): PaginationStrategy<TItem, PageMeta> {
  const [first, second] = segments;
  const last = segments.at(-1);
  if (subApi.version === '2') {
    return tokenStrategy<TItem>(
      first === 'tweets' && second === 'search' ? 'next_token' : 'pagination_token',
    );
  }
  if (subApi.version === '1.1') {
    const timeline =
      (first === 'statuses' && last !== 'ids') ||
      (first === 'favorites' && second === 'list') ||
      (first === 'search' && second === 'tweets') ||
      (first === 'lists' && second === 'statuses');
    if (timeline) return maxIdStrategy<TItem>();
    // Ids above 2^53 lose digits as JSON numbers: ask for strings unless the caller chose.
    return cursorStrategy<TItem>(last === 'ids' ? { defaults: { stringify_ids: true } } : {});
  }
  throw new InvalidRequestError(
    `No pagination strategy is known for /${subApi.version}/${segments.join('/')}; pass one as \`strategy\`.`,
  );
}
