// The scheme and host a client addressed, which its OAuth 1.0a signature covers: the connection's own
// (TLS or not, and the Host header), or, when the sandbox trusts a proxy in front of it, the proxy's
// X-Forwarded-Proto and X-Forwarded-Host. Without trustProxy these headers are ignored: any client can
// send them.

import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

/** A host with an optional port: a name, an IPv4 address or a bracketed IPv6 address. */
const HOST_PATTERN = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The first (client-side) value of a comma-separated forwarding header, if any. */
function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const first = value?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

/** The X-Forwarded-Host a proxy set, if well formed (the first hop's, as the client addressed it). */
export function forwardedHost(request: FastifyRequest): string | undefined {
  const host = firstValue(request.headers['x-forwarded-host']);
  return host !== undefined && HOST_PATTERN.test(host) ? host : undefined;
}

function forwardedScheme(request: FastifyRequest): string | undefined {
  const scheme = firstValue(request.headers['x-forwarded-proto'])?.toLowerCase();
  return scheme === 'http' || scheme === 'https' ? scheme : undefined;
}

export interface AddressedOrigin {
  scheme: string;
  host: string;
}

export function addressedOrigin(request: FastifyRequest, trustProxy: boolean): AddressedOrigin {
  const socketScheme = (request.raw.socket as TLSSocket).encrypted ? 'https' : 'http';
  const socketHost = request.headers.host ?? request.hostname;
  if (!trustProxy) return { scheme: socketScheme, host: socketHost };
  return {
    scheme: forwardedScheme(request) ?? socketScheme,
    host: forwardedHost(request) ?? socketHost,
  };
}
