// What one page of a list looks like, whichever way X pages it, and the error for pages that make no sense.

import { PeonyError } from '../http/errors.js';
import type { Params } from '../http/params.js';
import type { RateLimit } from '../http/rate-limit.js';
import type { Includes, PartialError } from '../types.js';

/** v2 list `meta`: `next_token` is absent on the last page. */
export interface V2PageMeta {
  readonly result_count?: number;
  readonly next_token?: string;
  readonly previous_token?: string;
  readonly newest_id?: string;
  readonly oldest_id?: string;
  readonly [field: string]: unknown;
}

/** v1.1 cursor fields, always from the exact `*_str` forms (X's cursors do not fit in a double). */
export interface CursorPageMeta {
  /** `'0'` on the last page. */
  readonly next_cursor: string;
  readonly previous_cursor: string | undefined;
}

/** v1.1 timeline bounds, read from the items' `id_str`. */
export interface TimelinePageMeta {
  readonly newest_id: string | undefined;
  readonly oldest_id: string | undefined;
}

export type PageMeta = V2PageMeta | CursorPageMeta | TimelinePageMeta;

export interface Page<TItem, TMeta = PageMeta> {
  /** The items of this page, in X's order (newest first for tweets). */
  readonly data: readonly TItem[];
  readonly meta: TMeta;
  /** v2 expansions (`users`, `media`, `tweets`…) for the items of this page. */
  readonly includes: Includes | undefined;
  /** v2 partial errors: X answered 200 with `data` and, for some items, `errors`. */
  readonly errors: readonly PartialError[] | undefined;
  /** The rate limit this page's response reported. */
  readonly rateLimit: RateLimit | undefined;
  /** The whole parsed body. */
  readonly body: unknown;
  /**
   * The parameters that fetch the page after this one, or `undefined` on the last page. Pass them as
   * `params` to a new paginator to resume a walk later (after a rate limit, in another process).
   */
  readonly next: Params | undefined;
}

/** X answered a list request with something that cannot be paged: a wrong shape, or a cursor that never moves. */
export class PaginationError extends PeonyError {
  override readonly name: string = 'PaginationError';
  /** The partial errors X sent instead of items, when that is why the walk stopped. */
  readonly errors: readonly PartialError[];
  constructor(message: string, errors: readonly PartialError[] = []) {
    super(message);
    this.errors = errors;
  }
}

export function isPaginationError(value: unknown): value is PaginationError {
  return value instanceof PaginationError;
}
