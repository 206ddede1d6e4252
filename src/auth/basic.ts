// The HTTP Basic credential X's token endpoints take from an app (app-only bearer, confidential OAuth 2.0 clients).

import { percentEncode } from './oauth1.js';

/** `Basic base64(pct(id):pct(secret))`, as X's app-only guide specifies. */
export function basicAuthorization(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${percentEncode(id)}:${percentEncode(secret)}`, 'utf8').toString('base64')}`;
}
