// The three ways X pages lists: v1.1 id windows (since_id/max_id), v1.1 cursors, v2 pagination tokens.
import { compareIds } from './ids.js';

interface HasId {
  readonly id: string;
}

/** v1.1 timelines: `since_id` exclusive, `max_id` inclusive, newest first, at most `count`. */
export function timelineWindow<T extends HasId>(
  newestFirst: readonly T[],
  window: { readonly count: number; readonly sinceId?: string; readonly maxId?: string },
): T[] {
  const { sinceId, maxId } = window;
  return newestFirst
    .filter(
      (item) =>
        (sinceId === undefined || compareIds(item.id, sinceId) > 0) &&
        (maxId === undefined || compareIds(item.id, maxId) <= 0),
    )
    .slice(0, window.count);
}

// ---- v1.1 cursors -------------------------------------------------------------------------------------

/**
 * Cursors are above 2^53, like X's, so clients must use the `*_str` forms; the offset sits in the high
 * bits so that even a cursor rounded through a double still finds its page.
 */
const CURSOR_BASE = 1n << 60n;
const OFFSET_SHIFT = 20n;

export function encodeCursor(offset: number): string {
  return (CURSOR_BASE + (BigInt(offset) << OFFSET_SHIFT)).toString();
}

/** The offset a cursor points at, or `undefined` when it is not one of ours. */
export function decodeCursor(cursor: string): { offset: number; backwards: boolean } | undefined {
  if (!/^-?[0-9]{1,20}$/.test(cursor)) return undefined;
  const value = BigInt(cursor);
  if (value === -1n) return { offset: 0, backwards: false };
  const magnitude = value < 0n ? -value : value;
  if (magnitude < CURSOR_BASE) return undefined;
  const half = 1n << (OFFSET_SHIFT - 1n);
  return { offset: Number((magnitude - CURSOR_BASE + half) >> OFFSET_SHIFT), backwards: value < 0n };
}

export interface CursorPage<T> {
  readonly items: T[];
  readonly nextCursor: string;
  readonly previousCursor: string;
}

/** One page of a cursored list. An unknown cursor starts from the beginning, as `-1` does. */
export function cursorPage<T>(all: readonly T[], cursor: string | undefined, count: number): CursorPage<T> {
  const position = decodeCursor(cursor ?? '-1') ?? { offset: 0, backwards: false };
  const offset = Math.min(position.offset, all.length);
  const start = position.backwards ? Math.max(0, offset - count) : offset;
  const end = Math.min(all.length, start + count);
  return {
    items: all.slice(start, end),
    nextCursor: end < all.length ? encodeCursor(end) : '0',
    previousCursor: start > 0 ? `-${encodeCursor(start)}` : '0',
  };
}

// ---- v2 pagination tokens -----------------------------------------------------------------------------

type TokenDirection = 'next' | 'previous';

/** Opaque to clients (lowercase letters and digits like X's), but it only names a boundary id and a direction. */
export function encodePageToken(direction: TokenDirection, boundaryId: string): string {
  return (direction === 'next' ? 'n' : 'p') + BigInt(boundaryId).toString(36);
}

export function decodePageToken(
  token: string,
): { direction: TokenDirection; boundaryId: string } | undefined {
  const match = /^([np])([0-9a-z]{1,13})$/.exec(token);
  if (!match?.[2]) return undefined;
  let value = 0n;
  for (const digit of match[2]) value = value * 36n + BigInt(Number.parseInt(digit, 36));
  if (value >= 2n ** 64n) return undefined;
  return { direction: match[1] === 'n' ? 'next' : 'previous', boundaryId: value.toString() };
}

export interface TokenPageMeta {
  result_count: number;
  newest_id?: string;
  oldest_id?: string;
  next_token?: string;
  previous_token?: string;
}

/**
 * One page of a newest-first list. A next token continues below the oldest id shown; a previous token
 * returns the page just above the newest id shown. The token must already be validated with decodePageToken.
 */
export function tokenPage<T extends HasId>(
  newestFirst: readonly T[],
  maxResults: number,
  token?: { direction: TokenDirection; boundaryId: string },
): { items: T[]; meta: TokenPageMeta } {
  let items: T[];
  if (!token) {
    items = newestFirst.slice(0, maxResults);
  } else if (token.direction === 'next') {
    items = newestFirst.filter((item) => compareIds(item.id, token.boundaryId) < 0).slice(0, maxResults);
  } else {
    const newer = newestFirst.filter((item) => compareIds(item.id, token.boundaryId) > 0);
    items = newer.slice(Math.max(0, newer.length - maxResults));
  }
  const newest = items[0];
  const oldest = items[items.length - 1];
  const meta: TokenPageMeta = { result_count: items.length };
  if (!newest || !oldest) return { items, meta };
  meta.newest_id = newest.id;
  meta.oldest_id = oldest.id;
  if (newestFirst.some((item) => compareIds(item.id, oldest.id) < 0)) {
    meta.next_token = encodePageToken('next', oldest.id);
  }
  if (newestFirst.some((item) => compareIds(item.id, newest.id) > 0)) {
    meta.previous_token = encodePageToken('previous', newest.id);
  }
  return { items, meta };
}
