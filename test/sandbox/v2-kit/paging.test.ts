// The one v2 page-token format: 16 characters (what every operation's token schema takes), keysets that
// new items do not shift, offsets for unordered lists, and X's invalid-request problem for anything else.
import { describe, expect, it } from 'vitest';
import { SandboxHttpError } from '../../../src/sandbox/errors.js';
import { decodeToken, encodeToken, idPage, offsetPage } from '../../../src/sandbox/v2-kit/paging.js';

describe('v2 page tokens', () => {
  it('are 16 characters and round-trip; garbage and other lengths are refused', () => {
    const token = encodeToken('n', '1445880548472328192');
    expect(token).toHaveLength(16);
    expect(decodeToken(token)).toEqual({ kind: 'n', value: 1445880548472328192n });
    expect(encodeToken('o', 0)).toBe('o000000000000000');
    expect(decodeToken('x123')).toBeUndefined();
    expect(decodeToken('n00000000000000')).toBeUndefined();
    expect(decodeToken('nzzzzzzzzzzzzzzz')).toBeDefined();
    expect(decodeToken('n0000000000000000')).toBeUndefined();
  });

  it('page by id: next until the last page, previous after the first, newest/oldest ids on request', () => {
    const items = ['9', '8', '7', '6', '5'].map((id) => ({ id }));
    const first = idPage(items, { max_results: '2' }, 10, { ids: true });
    expect(first.meta).toMatchObject({ result_count: 2, newest_id: '9', oldest_id: '8' });
    expect(first.meta.previous_token).toBeUndefined();
    const second = idPage(items, { max_results: '2', pagination_token: first.meta.next_token ?? '' }, 10);
    expect(second.items.map((item) => item.id)).toEqual(['7', '6']);
    expect(second.meta.newest_id).toBeUndefined();
    const third = idPage(items, { max_results: '2', next_token: second.meta.next_token ?? '' }, 10);
    expect(third.items.map((item) => item.id)).toEqual(['5']);
    expect(third.meta.next_token).toBeUndefined();
    const back = idPage(items, { max_results: '2', pagination_token: third.meta.previous_token ?? '' }, 10);
    expect(back.items.map((item) => item.id)).toEqual(['7', '6']);
    expect(idPage([], {}, 2).meta).toEqual({ result_count: 0 });
  });

  it('page by offset forwards and backwards', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const first = offsetPage(items, { max_results: '2' }, 10);
    expect(first.items).toEqual(['a', 'b']);
    const second = offsetPage(items, { pagination_token: first.meta.next_token ?? '', max_results: '2' }, 10);
    expect(second.items).toEqual(['c', 'd']);
    const back = offsetPage(
      items,
      { pagination_token: second.meta.previous_token ?? '', max_results: '2' },
      10,
    );
    expect(back.items).toEqual(['a', 'b']);
    expect(offsetPage(items, {}, 10).meta).toEqual({ result_count: 5 });
  });

  it('refuse a token of another kind or none of ours, naming the parameter it came in', () => {
    const offsetToken = encodeToken('o', 2);
    for (const [page, params] of [
      [() => idPage([{ id: '1' }], { pagination_token: offsetToken }, 10), 'pagination_token'],
      [() => offsetPage(['a'], { next_token: 'nope' }, 10), 'next_token'],
    ] as const) {
      let thrown: unknown;
      try {
        page();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SandboxHttpError);
      expect((thrown as SandboxHttpError).status).toBe(400);
      expect(JSON.stringify((thrown as SandboxHttpError).shapes)).toContain(`"${params}"`);
    }
  });
});
