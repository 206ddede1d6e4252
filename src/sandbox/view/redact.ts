// What the request log may show: credentials and secrets are replaced before anything is stored, so the
// view (and whoever reads its HTML) never sees them.

export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-admin-token',
  'x-sandbox-admin-token',
]);

/** Parameter and JSON key names whose string values are credentials. Pagination tokens are not secrets. */
const SECRET_KEY = /secret|password|passwd|verifier|signature|^code$|token|^authorization$|api[_-]?key/i;
const NOT_SECRET_KEY = /^(next_token|previous_token|pagination_token|since_id|until_id)$/i;

export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name) && !NOT_SECRET_KEY.test(name);
}

/** `OAuth oauth_consumer_key="…", …` keeps its scheme and parameter names; every value goes. */
export function redactAuthorization(value: string): string {
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (scheme.toLowerCase() === 'oauth') {
    const names = [...value.slice(space + 1).matchAll(/([A-Za-z0-9_]+)\s*=/g)].map((match) => match[1]);
    return `OAuth ${names.map((name) => `${name}="${REDACTED}"`).join(', ')}`;
  }
  return space > 0 ? `${scheme} ${REDACTED}` : REDACTED;
}

export function redactHeaders(
  headers: Record<string, string | number | readonly string[] | undefined>,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization')
      out.push([name, redactAuthorization(text)]);
    else if (SECRET_HEADERS.has(lower) || isSecretKey(lower)) out.push([name, REDACTED]);
    else out.push([name, text]);
  }
  return out;
}

/** A query string or form body with secret parameters' values replaced (names and order kept). */
export function redactForm(text: string): string {
  if (text === '') return text;
  return text
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, equals).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, equals);
      }
      return isSecretKey(name) ? `${pair.slice(0, equals)}=${encodeURIComponent(REDACTED)}` : pair;
    })
    .join('&');
}

/** A path with its query string redacted. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  return question < 0 ? url : `${url.slice(0, question)}?${redactForm(url.slice(question + 1))}`;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) {
      out[name] = isSecretKey(name) && typeof inner === 'string' ? REDACTED : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * A body for display: JSON pretty-printed with secrets redacted, form bodies redacted, anything else as
 * text. Cut at `limit` characters.
 */
export function redactBody(text: string, contentType: string | undefined, limit: number): string {
  let shown = text;
  const type = (contentType ?? '').toLowerCase();
  const looksJson = type.includes('json') || /^\s*[[{]/.test(text);
  if (looksJson) {
    try {
      shown = JSON.stringify(redactValue(JSON.parse(text), 0), null, 2);
    } catch {
      shown = text;
    }
  }
  if (!looksJson || shown === text) {
    if (type.includes('x-www-form-urlencoded') || /^[^\s=&]+=[^\s&]*(&[^\s=&]+=[^\s&]*)*$/.test(text)) {
      shown = redactForm(text);
    }
  }
  return shown.length > limit
    ? `${shown.slice(0, limit)}\n… (${shown.length - limit} more characters)`
    : shown;
}
