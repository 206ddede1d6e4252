// Talking to a registered webhook as X does: the CRC challenge (GET with `crc_token`, answered with the
// HMAC-SHA256 of it under the app's consumer secret) and signed event deliveries (POST with
// `x-twitter-webhooks-signature`). Only loopback URLs are ever contacted.
import { createHmac, randomBytes } from 'node:crypto';

/** How long a webhook has to answer a CRC check or a delivery (X allows 3 seconds for the CRC). */
const TIMEOUT_MS = 3000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function signature(secret: string, payload: string): string {
  return `sha256=${createHmac('sha256', secret).update(payload).digest('base64')}`;
}

/** Why a URL cannot be a sandbox webhook, or undefined when it can. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `The webhook URL [${url}] is not a URL.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'A webhook URL is http or https.';
  if (!LOOPBACK.has(parsed.hostname)) {
    return `The sandbox only delivers webhooks to this machine (127.0.0.1, localhost or ::1), not ${parsed.hostname}.`;
  }
  return undefined;
}

/** Runs X's CRC check against `url`: true when it answers the right `response_token`. */
export async function crcCheck(url: string, secret: string, signal: AbortSignal): Promise<boolean> {
  const token = randomBytes(24).toString('base64url');
  const target = new URL(url);
  target.searchParams.set('crc_token', token);
  try {
    const response = await fetch(target, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return false;
    }
    const body = (await response.json()) as { response_token?: unknown };
    return body.response_token === signature(secret, token);
  } catch {
    return false;
  }
}

/** POSTs one event; true when the webhook answered 2xx. Failures are not retried (UNCONFIRMED). */
export async function deliver(
  url: string,
  secret: string,
  payload: string,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-twitter-webhooks-signature': signature(secret, payload),
      },
      body: payload,
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
