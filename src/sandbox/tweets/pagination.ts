// How X's v1.1 pages lists: id windows (since_id/max_id) and cursors. v2 tokens are the v2 kit's (v2-kit/paging.ts).
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
