// Base URLs: the one check every origin and base URL goes through, and the one way to put a path under one.

import { InvalidRequestError } from './errors.js';

/**
 * An http(s) base URL with any path prefix it has (a proxy at `https://host/x`); query, fragment and
 * trailing slashes are dropped. `owner` and `name` say in the error whose option was wrong.
 */
export function resolveOrigin(given: string | URL, owner: string, name = 'origin'): URL {
  let url: URL | undefined;
  try {
    url = new URL(given);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    // The value itself is not quoted: a base URL can carry credentials (`https://user:secret@proxy`).
    throw new InvalidRequestError(
      `${owner}: ${name} is not an http(s) URL${url ? ` (it starts with ${url.protocol})` : ''}; pass one like https://api.x.com or http://127.0.0.1:4010.`,
    );
  }
  return new URL(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}

/** `path` (starting with `/`, already encoded) under `base`, after its path prefix. */
export function urlUnder(base: URL, path: string): URL {
  const url = new URL(base.origin);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  return url;
}
