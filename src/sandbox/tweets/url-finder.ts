// Where X sees a URL in text, after twitter-text's rules (X's autolinker): a URL with an http(s) scheme, or a
// bare domain with a known top-level domain (`example.com`, `peony.dev/path`), which X links as `http://…`.

/**
 * Top-level domains a bare domain may end with. UNCONFIRMED: twitter-text carries IANA's whole list (over 1,500);
 * the sandbox keeps the common generic ones and the country codes most used, so a rarer TLD is not linked.
 */
const GENERIC_TLDS = (
  'com net org edu gov mil int info biz name pro mobi aero asia cat coop jobs museum tel travel app dev ' +
  'page blog cloud design online shop site space store tech website xyz news live art club agency media ' +
  'social'
).split(' ');
const COUNTRY_TLDS = (
  'ac ae ai ar at au be bg br by ca cc ch cl cn co cz de dk ee es eu fi fm fr gg gr hk hr hu id ie il ' +
  'in io ir is it jp kr li lt lu lv ly ma me mx my ng nl no nz pe ph pk pl pt ro rs ru sa se sg si sk ' +
  'su th to tr tv tw ua uk us vn ws za'
).split(' ');
const COUNTRY = new Set(COUNTRY_TLDS);
const TLD = [...GENERIC_TLDS, ...COUNTRY_TLDS].sort((a, b) => b.length - a.length).join('|');

/**
 * A scheme URL runs to the next space. A bare domain must not follow a letter, digit, `@` (an address or a
 * mention), `$`, `#`, `-`, `_`, `.` or `/` (part of a longer token); its last label has no `_` (subdomains may);
 * its TLD must end the host (no letter, digit, `@`, `+` or `-` after it). Its port, path and query count only
 * with a path, as in twitter-text.
 */
const SCHEME_URL = 'https?://[^\\s<>"]+';
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const SUBDOMAIN = '[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\\.';
const BARE_DOMAIN =
  `(?<![A-Za-z0-9_@＠$#＃./\\-])((?:${SUBDOMAIN})*${LABEL}\\.(?:${TLD}))(?=[^a-z0-9@+\\-]|$)` +
  '((?::[0-9]+)?/[^\\s<>"]*)?';
const URL_PATTERN = new RegExp(`${SCHEME_URL}|${BARE_DOMAIN}`, 'giu');
const TRAILING_PUNCTUATION = /[.,!?;:)\]'"]+$/u;
/** `t.co` is linked bare, though a bare `name.cc` domain without a path is not. */
const SPECIAL_SHORT_DOMAIN = /^t\.co$/i;

export interface FoundUrl {
  /** UTF-16 index of the URL in the text. */
  readonly at: number;
  /** The URL as written. */
  readonly url: string;
  /** What it links to: the URL itself, or `http://` and the bare domain. */
  readonly target: string;
}

export function findUrlsIn(text: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const domain = match[1];
    if (domain === undefined) {
      const url = match[0].replace(TRAILING_PUNCTUATION, '');
      found.push({ at: match.index, url, target: url });
      continue;
    }
    const path = match[2];
    // A bare `name.cc` (one label and a country code: `this.is`, `example.de`) is linked only with a path.
    const labels = domain.split('.');
    const tld = (labels.at(-1) ?? '').toLowerCase();
    if (!path && labels.length === 2 && COUNTRY.has(tld) && !SPECIAL_SHORT_DOMAIN.test(domain)) continue;
    const url = path ? `${domain}${path}`.replace(TRAILING_PUNCTUATION, '') : domain;
    found.push({ at: match.index, url, target: `http://${url}` });
  }
  return found;
}
