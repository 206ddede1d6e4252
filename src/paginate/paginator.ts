// The one paginator: a lazy walk over pages that is also an AsyncIterable of their items.

import { InvalidRequestError } from '../http/errors.js';
import type { Params } from '../http/params.js';
import { shown } from '../http/shown.js';
import { type Page, PaginationError } from './page.js';

/** Where a paginator gets its pages: the first request's parameters, and how to fetch a page for any. */
export interface PageSource<TPage> {
  readonly first: Params;
  fetch(params: Params): Promise<TPage>;
}

export interface ToArrayOptions {
  /** How many items at most: required, so that a long list is never pulled whole by accident. */
  readonly limit: number;
}

/** A stable key for a request's parameters, to notice a server that sends the same page back forever. */
function fingerprint(params: Params): string {
  const entries = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => [name, typeof value === 'bigint' ? value.toString() : value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/**
 * A list on X, walked page by page. Nothing is sent until it is iterated; each iteration (`pages()`,
 * `items()`, `for await`, `toArray()`) walks again from the first page. A page is fetched only when the
 * caller asks for something in it, so breaking out of a loop or reaching a `limit` sends no further request.
 *
 * Running out of rate limit ends the walk with the client's `RateLimitError`, or (with `waitOnRateLimit`)
 * waits for the window to reopen and goes on; it never ends the walk early as if the list were done.
 */
export class Paginator<TPage extends Page<TItem, unknown>, TItem> implements AsyncIterable<TItem> {
  readonly #source: PageSource<TPage>;

  constructor(source: PageSource<TPage>) {
    this.#source = source;
  }

  /** The pages, each with its items, `meta`, `includes`, partial `errors`, rate limit and `next` parameters. */
  async *pages(): AsyncGenerator<TPage, void, undefined> {
    let params: Params | undefined = this.#source.first;
    const sent = new Set<string>();
    while (params !== undefined) {
      const key = fingerprint(params);
      if (sent.has(key)) {
        throw new PaginationError(
          'X sent back a page position this walk had already fetched; stopping rather than looping forever.',
        );
      }
      sent.add(key);
      const page: TPage = await this.#source.fetch(params);
      yield page;
      params = page.next;
    }
  }

  /** The items of every page, in order. */
  async *items(): AsyncGenerator<TItem, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  [Symbol.asyncIterator](): AsyncIterator<TItem> {
    return this.items();
  }

  /** The first page alone (one request). */
  async firstPage(): Promise<TPage> {
    for await (const page of this.pages()) return page;
    throw new PaginationError('The list produced no page.');
  }

  /**
   * Up to `limit` items, stopping the moment it has them: the page after the one holding the last wanted
   * item is never requested.
   */
  async toArray(options: ToArrayOptions): Promise<TItem[]> {
    const limit = options?.limit;
    if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
      throw new InvalidRequestError(
        `toArray() needs { limit } as a whole number of items (got ${shown(limit)}); iterate with for await to walk without a bound.`,
      );
    }
    const collected: TItem[] = [];
    if (limit === 0) return collected;
    for await (const item of this.items()) {
      collected.push(item);
      if (collected.length >= limit) break;
    }
    return collected;
  }
}
