// Keeps credentials out of every message, log line and serialized error.

const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Query and form keys whose values are credentials. */
const SECRET_PARAMS =
  /^(oauth_(signature|token|token_secret|verifier|nonce|callback_confirmed)|access_token|refresh_token|token|client_secret|code|code_verifier|password|bearer_token|consumer_secret)$/i;

export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.test(name);
}

/** A copy of `headers` with credential headers replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/** The URL as text with credential query values replaced and any userinfo removed. */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.toString());
  } catch {
    return REDACTED;
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of new Set(parsed.searchParams.keys())) {
    if (isSecretParam(key)) parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString();
}

/** Shorter strings are not treated as secrets: they would redact ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * Every string a server could echo back from an Authorization value: the value itself, its scheme-free
 * credential (bearer token, Basic base64), the Basic pair decoded (`key:secret`, the key, the secret), and
 * each OAuth 1.0a parameter value, raw and percent-decoded. `held` adds credentials that never travel in the
 * header (the OAuth 1.0a consumer and token secrets, a refresh token) but may still be echoed or quoted.
 */
export function secretsOf(authorization: string | undefined, held: readonly string[] = []): string[] {
  const found = new Set<string>();
  for (const secret of held) {
    found.add(secret);
    found.add(encodeURIComponent(secret));
  }
  if (authorization) addHeaderSecrets(found, authorization);
  // As a JSON body would carry them: quotes and backslashes escaped, and '/' as '\/' by some servers.
  for (const secret of [...found]) {
    found.add(JSON.stringify(secret).slice(1, -1));
    found.add(secret.replaceAll('/', '\\/'));
  }
  return [...found]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

function addHeaderSecrets(found: Set<string>, authorization: string): void {
  found.add(authorization);
  const space = authorization.indexOf(' ');
  const scheme = space > 0 ? authorization.slice(0, space).toLowerCase() : '';
  const credential = space > 0 ? authorization.slice(space + 1).trim() : authorization;
  found.add(credential);
  if (scheme === 'basic') {
    const pair = Buffer.from(credential, 'base64').toString('utf8');
    found.add(pair);
    const colon = pair.indexOf(':');
    if (colon > 0) {
      for (const part of [pair.slice(0, colon), pair.slice(colon + 1)]) {
        found.add(part);
        found.add(safeDecode(part));
      }
    }
  }
  if (scheme === 'oauth') {
    for (const match of credential.matchAll(/([a-z_]+)="([^"]*)"/gi)) {
      const value = match[2] ?? '';
      found.add(value);
      found.add(safeDecode(value));
    }
  }
}

/** Values of the credential-named pairs of a form (a refresh token, a client secret, a PKCE verifier). */
export function formSecrets(pairs: ReadonlyArray<readonly [string, unknown]>): string[] {
  return pairs.flatMap(([name, value]) => (isSecretParam(name) && typeof value === 'string' ? [value] : []));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `text` with every occurrence of each secret replaced; longest secrets first, so none survives in part. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Headers with every secret scrubbed from their values (a server may echo credentials in any header). */
export function scrubHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[],
): Record<string, string> {
  if (secrets.length === 0) return { ...headers };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = scrub(value, secrets);
  return out;
}

/** Deep enough for a PeonyError, its cause and the cause's cause. */
const MAX_CAUSE_DEPTH = 4;
/** Deep enough for what an error keeps of an answer (`error.body.errors[0].message`, `failure.message`). */
const MAX_VALUE_DEPTH = 8;

/**
 * `error` with every secret scrubbed from its message, stack and other fields: strings, and the plain objects
 * and arrays it keeps of an answer (X's `errors`, a `processing_info.error`, a body), which are replaced by
 * scrubbed copies, never changed. Its chain of causes is scrubbed too (a cause that is not peony's own, such as
 * the caller's, is replaced by a scrubbed copy): what a message, `JSON.stringify` or `inspect` of it shows is
 * then free of them.
 */
export function redactError<E>(error: E, secrets: readonly string[], depth = 0): E {
  if (secrets.length === 0 || !(error instanceof Error) || depth > MAX_CAUSE_DEPTH) return error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor || !('value' in descriptor)) continue;
    const value: unknown = descriptor.value;
    const next =
      key === 'cause' && value instanceof Error
        ? scrubbedCause(value, secrets, depth + 1)
        : scrubbedValue(value, secrets, 0);
    if (next !== value) Object.defineProperty(error, key, { ...descriptor, value: next });
  }
  return error;
}

/** `value` itself when it holds no secret; else a copy with each one replaced (strings, arrays, plain objects). */
function scrubbedValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (typeof value !== 'object' || value === null || depth >= MAX_VALUE_DEPTH) return value;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => scrubbedValue(item, secrets, depth + 1));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  // Dates, URLs and class instances are not answer data: left as they are.
  if (prototype !== Object.prototype && prototype !== null) return value;
  let changed = false;
  const copy: PropertyDescriptorMap = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    // A key can be an echo too (a body that is a map of whatever the server was sent).
    const name = scrub(key, secrets);
    const next = 'value' in descriptor ? scrubbedValue(descriptor.value, secrets, depth + 1) : undefined;
    if (name !== key || ('value' in descriptor && next !== descriptor.value)) changed = true;
    copy[name] = 'value' in descriptor ? { ...descriptor, value: next } : descriptor;
  }
  return changed ? Object.create(prototype as object | null, copy) : value;
}

function scrubbedCause(cause: Error, secrets: readonly string[], depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(cause) as object) as Error;
  for (const key of Object.getOwnPropertyNames(cause)) {
    const descriptor = Object.getOwnPropertyDescriptor(cause, key);
    if (descriptor) Object.defineProperty(copy, key, descriptor);
  }
  redactError(copy, secrets, depth);
  const changed = Object.getOwnPropertyNames(cause).some(
    (key) =>
      (cause as unknown as Record<string, unknown>)[key] !==
      (copy as unknown as Record<string, unknown>)[key],
  );
  return changed ? copy : cause;
}
