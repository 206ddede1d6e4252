import { describe, expect, it } from 'vitest';
import { compareIds, createIdGenerator } from '../../../src/sandbox/tweets/ids.js';
import {
  cursorPage,
  decodeCursor,
  encodeCursor,
  timelineWindow,
} from '../../../src/sandbox/tweets/pagination.js';
import { weightedLength } from '../../../src/sandbox/tweets/text.js';

describe('ids', () => {
  it('increase strictly even when the clock stands still or goes back', () => {
    let now = 1_700_000_000_000;
    const next = createIdGenerator(() => now);
    const a = next();
    const b = next();
    now -= 10_000;
    const c = next();
    expect(compareIds(a, b)).toBe(-1);
    expect(compareIds(b, c)).toBe(-1);
    expect(BigInt(a) >> 22n).toBe(BigInt(1_700_000_000_000 - 1288834974657));
  });
});

describe('timeline windows', () => {
  const items = ['50', '40', '30', '20', '10'].map((id) => ({ id }));
  it('treats since_id as exclusive and max_id as inclusive', () => {
    expect(timelineWindow(items, { count: 10, sinceId: '20', maxId: '40' }).map((item) => item.id)).toEqual([
      '40',
      '30',
    ]);
    expect(timelineWindow(items, { count: 2 }).map((item) => item.id)).toEqual(['50', '40']);
  });
});

describe('cursors', () => {
  it('survive a round trip through a double', () => {
    const cursor = encodeCursor(15);
    expect(BigInt(cursor) > 2n ** 53n).toBe(true);
    const rounded = BigInt(Number(cursor)).toString();
    expect(decodeCursor(rounded)).toEqual({ offset: 15, backwards: false });
    expect(decodeCursor('-1')).toEqual({ offset: 0, backwards: false });
    expect(decodeCursor('12')).toBeUndefined();
  });

  it('page forwards to 0 and backwards with previous_cursor', () => {
    const all = Array.from({ length: 7 }, (_, index) => index);
    const first = cursorPage(all, undefined, 3);
    expect(first).toMatchObject({ items: [0, 1, 2], previousCursor: '0' });
    const second = cursorPage(all, first.nextCursor, 3);
    const last = cursorPage(all, second.nextCursor, 3);
    expect(last).toMatchObject({ items: [6], nextCursor: '0' });
    expect(cursorPage(all, second.previousCursor, 3).items).toEqual([0, 1, 2]);
  });
});

describe('weighted length', () => {
  it('counts code points and every URL as 23', () => {
    expect(weightedLength(`see https://example.com/${'a'.repeat(80)}`)).toBe(4 + 23);
  });

  it('weighs as twitter-text v3 does: emoji and CJK 2, Latin and combined accents 1', () => {
    // NFC makes e + U+0301 one code point; the cat is an emoji.
    expect(weightedLength('he\u0301llo 🐱')).toBe(6 + 2);
    expect(weightedLength('こんにちは')).toBe(10);
    // A family (7 code points joined), a flag (2 regional indicators), a keycap and a skin tone: 2 each.
    expect(weightedLength('👨‍👩‍👧‍👦🇯🇵1️⃣👍🏽')).toBe(8);
    // Text-style symbols are not emoji: © weighs 1 (Latin-1), ™ 2 (outside the light ranges).
    expect(weightedLength('©™')).toBe(3);
    expect(weightedLength('—’')).toBe(2);
  });
});
