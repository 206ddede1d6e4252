// HTTP Basic credentials as X's token endpoints read them.

import { percentDecode } from './oauth1.js';

/** Decodes `Basic base64(pct(id):pct(secret))`; `undefined` when absent or malformed. */
export function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const id = percentDecode(decoded.slice(0, colon));
  const secret = percentDecode(decoded.slice(colon + 1));
  if (id === undefined || secret === undefined) return undefined;
  return { id, secret };
}
