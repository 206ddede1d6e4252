// v2 pagination for every list the sandbox pages, in one token format: a kind letter and 15 base-36 digits,
// 16 characters in all, which every operation's token schema takes (DM events ask at least 16, stream rules
// exactly 16). `n`/`p` are keysets on snowflake ids (next: below the oldest shown; previous: above the newest
// shown), so new items do not shift a page; `o`/`b` are offsets (forwards / backwards) for lists not ordered
// by id (followers, likes, members).
import { invalidRequest, type RequestParams } from '../context.js';
import { maxResults } from './fields.js';

export type TokenKind = 'n' | 'p' | 'o' | 'b';

export interface PageMeta {
  result_count: number;
  newest_id?: string;
  oldest_id?: string;
  next_token?: string;
  previous_token?: string;
}

/** The page token a request carries, with the name it came under (`next_token` on search, else `pagination_token`). */
export interface PageToken {
  readonly name: string;
  readonly value: string;
}

const MAX_VALUE = 36n ** 15n;

export function encodeToken(kind: TokenKind, value: bigint | number | string): string {
  return kind + BigInt(value).toString(36).padStart(15, '0');
}

export function decodeToken(token: string): { kind: TokenKind; value: bigint } | undefined {
  const match = /^([npob])([0-9a-z]{15})$/.exec(token);
  if (!match?.[2]) return undefined;
  let value = 0n;
  for (const digit of match[2]) value = value * 36n + BigInt(Number.parseInt(digit, 36));
  return value < MAX_VALUE ? { kind: match[1] as TokenKind, value } : undefined;
}

export function requestToken(params: RequestParams): PageToken | undefined {
  for (const name of ['pagination_token', 'next_token']) {
    const value = params[name];
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** The request's token decoded as one of `kinds`, or X's invalid-request problem naming it. */
function tokenOf(params: RequestParams, kinds: readonly TokenKind[]) {
  const token = requestToken(params);
  if (token === undefined) return undefined;
  const decoded = decodeToken(token.value);
  if (!decoded || !kinds.includes(decoded.kind)) {
    throw invalidRequest(`The \`${token.name}\` query parameter value [${token.value}] is not valid`, {
      [token.name]: [token.value],
    });
  }
  return decoded;
}

/**
 * A page of newest-first items with snowflake ids, `max_results` (or `fallback`) long. `ids` adds X's
 * `newest_id` / `oldest_id` to the meta, as post lists carry them.
 */
export function idPage<T extends { readonly id: string }>(
  newestFirst: readonly T[],
  params: RequestParams,
  fallback: number,
  options: { ids?: boolean } = {},
): { items: T[]; meta: PageMeta } {
  const max = maxResults(params, fallback);
  const token = tokenOf(params, ['n', 'p']);
  let items: T[];
  if (token === undefined) {
    items = newestFirst.slice(0, max);
  } else if (token.kind === 'n') {
    items = newestFirst.filter((item) => BigInt(item.id) < token.value).slice(0, max);
  } else {
    const newer = newestFirst.filter((item) => BigInt(item.id) > token.value);
    items = newer.slice(Math.max(0, newer.length - max));
  }
  const meta: PageMeta = { result_count: items.length };
  const newest = items[0];
  const oldest = items[items.length - 1];
  if (!newest || !oldest) return { items, meta };
  if (options.ids) {
    meta.newest_id = newest.id;
    meta.oldest_id = oldest.id;
  }
  if (newestFirst.some((item) => BigInt(item.id) < BigInt(oldest.id)))
    meta.next_token = encodeToken('n', oldest.id);
  if (newestFirst.some((item) => BigInt(item.id) > BigInt(newest.id))) {
    meta.previous_token = encodeToken('p', newest.id);
  }
  return { items, meta };
}

/** A page of `items` by position, `max_results` (or `fallback`) long. */
export function offsetPage<T>(
  items: readonly T[],
  params: RequestParams,
  fallback: number,
): { items: T[]; meta: PageMeta } {
  const max = maxResults(params, fallback);
  const token = tokenOf(params, ['o', 'b']);
  let start = 0;
  if (token !== undefined) {
    const offset = Math.min(Number(token.value), items.length);
    start = token.kind === 'o' ? offset : Math.max(0, offset - max);
  }
  const page = items.slice(start, start + max);
  const meta: PageMeta = { result_count: page.length };
  const end = start + page.length;
  if (end < items.length) meta.next_token = encodeToken('o', end);
  if (start > 0) meta.previous_token = encodeToken('b', start);
  return { items: page, meta };
}
