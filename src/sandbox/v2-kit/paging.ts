// v2 pagination tokens for the lists these areas serve. The document asks for tokens of at least 16
// characters, so each token is a direction letter and a zero-padded number: an id boundary (keyset) for
// time-ordered items, an offset for membership lists.
import { invalidRequest } from '../context.js';

export interface PageMeta {
  result_count: number;
  next_token?: string;
  previous_token?: string;
}

function badToken(token: string) {
  return invalidRequest(`The \`pagination_token\` query parameter value [${token}] is not a valid token`, {
    pagination_token: [token],
  });
}

/** A page of `items` by position; tokens are `o` / `b` (forwards / backwards) and a 15-digit offset. */
export function offsetPage<T>(items: readonly T[], max: number, token: string | undefined) {
  let start = 0;
  if (token !== undefined) {
    const match = /^([ob])([0-9]{15})$/.exec(token);
    if (!match?.[2]) throw badToken(token);
    const offset = Math.min(Number(match[2]), items.length);
    start = match[1] === 'o' ? offset : Math.max(0, offset - max);
  }
  const page = items.slice(start, start + max);
  const meta: PageMeta = { result_count: page.length };
  const end = start + page.length;
  if (end < items.length) meta.next_token = `o${String(end).padStart(15, '0')}`;
  if (start > 0) meta.previous_token = `b${String(start).padStart(15, '0')}`;
  return { items: page, meta };
}

const bigOf = (id: string) => BigInt(id);

/**
 * A page of newest-first items with snowflake ids: `n` + boundary continues below the oldest shown,
 * `p` + boundary returns the page just above the newest shown. New items do not shift a page.
 */
export function idPage<T extends { readonly id: string }>(
  newestFirst: readonly T[],
  max: number,
  token: string | undefined,
) {
  let page: T[];
  if (token === undefined) {
    page = newestFirst.slice(0, max);
  } else {
    const match = /^([np])([0-9]{19})$/.exec(token);
    if (!match?.[2]) throw badToken(token);
    const boundary = BigInt(match[2]);
    if (match[1] === 'n') {
      page = newestFirst.filter((item) => bigOf(item.id) < boundary).slice(0, max);
    } else {
      const newer = newestFirst.filter((item) => bigOf(item.id) > boundary);
      page = newer.slice(Math.max(0, newer.length - max));
    }
  }
  const meta: PageMeta = { result_count: page.length };
  const newest = page[0];
  const oldest = page[page.length - 1];
  if (newest && oldest) {
    if (newestFirst.some((item) => bigOf(item.id) < bigOf(oldest.id))) {
      meta.next_token = `n${oldest.id.padStart(19, '0')}`;
    }
    if (newestFirst.some((item) => bigOf(item.id) > bigOf(newest.id))) {
      meta.previous_token = `p${newest.id.padStart(19, '0')}`;
    }
  }
  return { items: page, meta };
}
