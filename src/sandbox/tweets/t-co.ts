// X's link wrapping: every URL in a posted text (post or DM), a bare domain too, becomes a https://t.co/… link in
// the text X stores and sends back, and its URL entity carries the URL as written (`expanded_url`; a bare
// domain's with `http://` before it).
import { createHash } from 'node:crypto';
import type { SandboxContext } from '../context.js';
import { extractEntities, findUrls, type TextEntities, TRANSFORMED_URL_LENGTH } from './text.js';

const T_CO = 'https://t.co/';
const CODE_LENGTH = TRANSFORMED_URL_LENGTH - T_CO.length;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The longest `display_url` (UNCONFIRMED: X truncates long links with an ellipsis; the exact cut is not documented). */
const DISPLAY_URL_LENGTH = 26;

/** The one t.co link X appends to a text with media (every attached item shares it). */
export interface MediaLink {
  readonly url: string;
  /** Code point offsets of the link in the text. */
  readonly start: number;
  readonly end: number;
}

export interface LinkedText {
  /** The text as X shows it: each URL replaced by its t.co link (23 characters, as the length rule counts it). */
  readonly text: string;
  readonly entities: TextEntities;
  /** Set when media is attached: the link after the text, which `entities` (and the length rule) leave out. */
  readonly mediaLink?: MediaLink;
}

/** One sandbox's t.co: the links it has made and what each expands to. */
export class LinkShortener {
  readonly #expanded = new Map<string, string>();

  /**
   * Wraps every URL of `written`. `seed` (the post or message id) makes the codes repeatable run to run; a link
   * this t.co made (a repost's or a pasted one) is kept as it is and expands to what it already stood for.
   * `mediaPage`, for a text with media, is where the link appended for the media leads; `mediaAmongUrls` puts
   * that link among `entities.urls` too (X does for DMs, not for posts).
   */
  link(written: string, seed: string, mediaPage?: string, mediaAmongUrls = false): LinkedText {
    let linked = '';
    let from = 0;
    const points = [...written];
    findUrls(written).forEach((url, index) => {
      linked += points.slice(from, url.start).join('');
      linked += this.#expanded.has(url.url) ? url.url : this.#shorten(url.expandedUrl, `${seed}:${index}`);
      from = url.end;
    });
    linked += points.slice(from).join('');
    const entities = extractEntities(linked, (url) => this.#expanded.get(url) ?? url);
    if (mediaPage === undefined) return { text: linked, entities };
    const url = this.#shorten(mediaPage, `${seed}:media`);
    const start = [...linked].length + (linked === '' ? 0 : 1);
    const text = linked === '' ? url : `${linked} ${url}`;
    const mediaLink = { url, start, end: start + TRANSFORMED_URL_LENGTH };
    if (!mediaAmongUrls) return { text, entities, mediaLink };
    const entity = { ...mediaLink, expandedUrl: mediaPage, displayUrl: mediaDisplayUrl(mediaLink) };
    return { text, entities: { ...entities, urls: [...entities.urls, entity] }, mediaLink };
  }

  #shorten(url: string, seed: string): string {
    for (let attempt = 0; ; attempt++) {
      const digest = createHash('sha256').update(`${seed}:${attempt}:${url}`).digest();
      let code = '';
      for (let index = 0; index < CODE_LENGTH; index++) code += BASE62[(digest[index] ?? 0) % BASE62.length];
      const link = `${T_CO}${code}`;
      if (!this.#expanded.has(link)) {
        this.#expanded.set(link, url);
        return link;
      }
    }
  }
}

/** The sandbox's one t.co, shared by posts and DMs. */
export function linkShortener(ctx: SandboxContext): LinkShortener {
  return ctx.state('t.co', () => new LinkShortener());
}

/** A media link as X displays it: `pic.x.com/` and the link's code. */
export function mediaDisplayUrl(link: MediaLink): string {
  return `pic.x.com/${link.url.slice(T_CO.length)}`;
}

/** Where the text X shows ends, before the media link (`display_text_range`'s end). */
export function displayTextEnd(text: string, mediaLink: MediaLink | undefined): number {
  if (!mediaLink) return [...text].length;
  return Math.max(0, mediaLink.start - 1);
}

/** The link as X displays it: no scheme, no `www.`, long ones cut with an ellipsis. */
export function displayUrl(expandedUrl: string): string {
  const bare = expandedUrl.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
  const points = [...bare];
  return points.length <= DISPLAY_URL_LENGTH ? bare : `${points.slice(0, DISPLAY_URL_LENGTH - 1).join('')}…`;
}
