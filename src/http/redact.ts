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
