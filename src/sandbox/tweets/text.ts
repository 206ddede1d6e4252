// Tweet text rules: X's weighted length (roughly) and the entities (hashtags, mentions, URLs) found in text.
import { findUrlsIn } from './url-finder.js';

/** X's limit for a standard account. */
export const MAX_TWEET_LENGTH = 280;
/** Every URL counts as a t.co link of this length, whatever its real length. */
export const TRANSFORMED_URL_LENGTH = 23;

const HASHTAG_PATTERN = /(^|[^\p{L}\p{N}_&])[#＃]([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;
const MENTION_PATTERN = /(^|[^\p{L}\p{N}_@])[@＠]([A-Za-z0-9_]{1,15})/gu;

export interface TextSpan {
  /** Index of the first code point (X counts in code points, not UTF-16 units). */
  readonly start: number;
  /** Index one past the last code point. */
  readonly end: number;
}
export interface UrlEntity extends TextSpan {
  /** The link as it stands in the text (a t.co link once X has wrapped it). */
  readonly url: string;
  /** The URL the author wrote. */
  readonly expandedUrl: string;
  /** How X shows the link, when not derived from `expandedUrl` (a DM's media link: `pic.x.com/…`). */
  readonly displayUrl?: string;
}
export interface HashtagEntity extends TextSpan {
  readonly tag: string;
}
export interface MentionEntity extends TextSpan {
  readonly username: string;
}
export interface TextEntities {
  readonly urls: readonly UrlEntity[];
  readonly hashtags: readonly HashtagEntity[];
  readonly mentions: readonly MentionEntity[];
}

function codePointIndex(text: string, utf16Index: number): number {
  return [...text.slice(0, utf16Index)].length;
}

function span(text: string, utf16Start: number, utf16End: number): TextSpan {
  return { start: codePointIndex(text, utf16Start), end: codePointIndex(text, utf16End) };
}

/** The URLs X links in `text`; `expandedUrl` is what each leads to (a bare domain's `http://…`), through `expand`. */
export function findUrls(text: string, expand: (url: string) => string = (url) => url): UrlEntity[] {
  return findUrlsIn(text).map(({ at, url, target }) => ({
    ...span(text, at, at + url.length),
    url,
    expandedUrl: expand(target),
  }));
}

/** `expand` maps a link in the text to the URL written (t.co links to theirs). */
export function extractEntities(text: string, expand?: (url: string) => string): TextEntities {
  const urls = findUrls(text, expand);
  const insideUrl = (utf16Index: number) => {
    const at = codePointIndex(text, utf16Index);
    return urls.some((url) => at >= url.start && at < url.end);
  };
  const hashtags: HashtagEntity[] = [];
  for (const match of text.matchAll(HASHTAG_PATTERN)) {
    const start = match.index + (match[1] ?? '').length;
    const tag = match[2] ?? '';
    if (insideUrl(start)) continue;
    hashtags.push({ ...span(text, start, start + 1 + tag.length), tag });
  }
  const mentions: MentionEntity[] = [];
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const start = match.index + (match[1] ?? '').length;
    const username = match[2] ?? '';
    if (insideUrl(start)) continue;
    mentions.push({ ...span(text, start, start + 1 + username.length), username });
  }
  return { urls, hashtags, mentions };
}

/**
 * Code points that weigh 1 in twitter-text's v3 configuration (X's length rule): Latin, Greek, Cyrillic, Hebrew,
 * Arabic, Indic and the like, and some punctuation. Every other code point (CJK, for one) weighs 2.
 */
const LIGHT_RANGES: readonly (readonly [number, number])[] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\uFE0F|\u20E3|\p{Regional_Indicator}/u;

function codePointWeight(char: string): number {
  const point = char.codePointAt(0) ?? 0;
  return LIGHT_RANGES.some(([low, high]) => point >= low && point <= high) ? 1 : 2;
}

/** An emoji (a whole sequence: ZWJ families, flags, keycaps, skin tones) weighs 2; other text its code points. */
function textWeight(text: string): number {
  let weight = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (PICTOGRAPH.test(segment) && EMOJI_PRESENTATION.test(segment)) weight += 2;
    else for (const char of segment) weight += codePointWeight(char);
  }
  return weight;
}

/**
 * The length X checks against 280, as twitter-text's v3 rule counts it: the text after NFC normalisation, each
 * URL as 23 (its t.co link), each emoji as 2, each other code point as 1 or 2 by its range (CJK weighs 2).
 */
export function weightedLength(text: string): number {
  const normalized = text.normalize('NFC');
  const points = [...normalized];
  let length = 0;
  let from = 0;
  for (const url of findUrls(normalized)) {
    length += textWeight(points.slice(from, url.start).join('')) + TRANSFORMED_URL_LENGTH;
    from = url.end;
  }
  return length + textWeight(points.slice(from).join(''));
}

/**
 * Post text as X sends it back: `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;` (v1.1 and v2 alike; quotes stay).
 * Stored text and entity offsets are X's (URLs wrapped as t.co links); search and length use the text as written.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
