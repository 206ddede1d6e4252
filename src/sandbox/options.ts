// What startSandbox accepts, and the same options with every default filled in.

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FaultRule } from './faults.js';
import type { RateLimitOverride } from './rate-limit-rule.js';

export interface MediaProcessingOptions {
  /** Time between two processing steps of an async (video/GIF) upload, in ms. */
  stepMs?: number;
  /** Number of steps from `pending` to `succeeded`. */
  steps?: number;
  /** The `check_after_secs` the sandbox tells clients. */
  checkAfterSecs?: number;
}

/** Your own certificate for an https sandbox (PEM text or bytes). */
export interface SandboxTlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  /** The certificate to trust when `cert` is not self-signed (the CA that signed it); default `cert`. */
  ca?: string | Buffer;
}

export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Start time of the sandbox clock: fixed epoch ms (time still flows from there) or a function. */
  now?: number | (() => number);
  /** Per endpoint key (`'POST /2/tweets'`, `'GET /1.1/users/show.json'`…) overrides of the limits. */
  rateLimits?: Record<string, RateLimitOverride>;
  /** Fault rules active from the start; more can be added with `sb.faults.add()`. */
  faults?: FaultRule[];
  /** Seed of the generator behind probabilistic faults; same seed, same faults. Default 1. */
  faultSeed?: number;
  /** Pace of the video/GIF processing state machine. */
  mediaProcessing?: MediaProcessingOptions;
  /** Folder for uploaded media; default a fresh folder under the OS temp dir, removed on close. */
  mediaDir?: string;
  /** Lifetime of a media id from INIT (and again from FINALIZE), in seconds; default 86400. Added by the media area. */
  mediaExpiresAfterSecs?: number;
  /** Stream heartbeat interval in ms; default 20000. */
  keepAliveMs?: number;
  /** Lifetime of OAuth 2.0 user access tokens; default 7200. */
  oauth2AccessTokenTtlSecs?: number;
  /** Lifetime of a PKCE authorization code; default 30. */
  oauth2CodeTtlSecs?: number;
  /** Allowed distance between oauth_timestamp and the sandbox clock; default 300. */
  timestampSkewSecs?: number;
  /**
   * Also accept an OAuth 1.0a signature over the oauth_* parameters alone on multipart requests
   * (the wording of X's v1.1 media best-practices page). Default false: only the RFC form is accepted.
   */
  acceptOAuthOnlyMultipartSignature?: boolean;
  /** Largest JSON or form body read whole, in bytes; default 16 MiB (room for a base64 5 MB chunk). */
  bodyLimit?: number;
  /** Fastify's logger; default off. */
  logger?: boolean;
  /**
   * When set, the admin routes (`/__sandbox/*`) also need this value in the `x-sandbox-admin-token`
   * header. They always answer only requests addressed to a loopback host (or `host`).
   */
  adminToken?: string;
  /** A request body that sends nothing for this long is cut (the connection is closed); default 10 000 ms. */
  bodyIdleTimeoutMs?: number;
  /**
   * Serve https. `true` makes a throwaway CA and a server certificate it signs for localhost, 127.0.0.1, ::1
   * and `host` (needs the optional peer `node-forge`); or give your own `{ cert, key }`. Either way the
   * certificate to trust is written to `sb.caPath` (for NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, curl's
   * --cacert) and kept in `sb.ca`. Default false (plain http).
   */
  tls?: boolean | SandboxTlsOptions;
  /**
   * Behind a proxy: take the scheme of the OAuth 1.0a base URI from `X-Forwarded-Proto` and its host from
   * `X-Forwarded-Host` (else `Host`), as the client that signed saw them. Default false: both headers are
   * ignored, since any client can send them.
   */
  trustProxy?: boolean;
}

export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  now: number | (() => number) | undefined;
  rateLimits: Record<string, RateLimitOverride>;
  faults: FaultRule[];
  faultSeed: number;
  mediaProcessing: Required<MediaProcessingOptions>;
  mediaDir: string;
  mediaExpiresAfterSecs: number;
  /** True when the sandbox created `mediaDir` and so removes it on close. */
  ownsMediaDir: boolean;
  keepAliveMs: number;
  oauth2AccessTokenTtlSecs: number;
  oauth2CodeTtlSecs: number;
  timestampSkewSecs: number;
  acceptOAuthOnlyMultipartSignature: boolean;
  bodyLimit: number;
  logger: boolean;
  adminToken: string | undefined;
  bodyIdleTimeoutMs: number;
  tls: SandboxTlsOptions | 'generate' | undefined;
  trustProxy: boolean;
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  const ownsMediaDir = options.mediaDir === undefined;
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    now: options.now,
    rateLimits: options.rateLimits ?? {},
    faults: options.faults ?? [],
    faultSeed: options.faultSeed ?? 1,
    mediaProcessing: {
      stepMs: options.mediaProcessing?.stepMs ?? 1000,
      steps: options.mediaProcessing?.steps ?? 4,
      checkAfterSecs: options.mediaProcessing?.checkAfterSecs ?? 1,
    },
    mediaDir: options.mediaDir ?? path.join(os.tmpdir(), `peony-sandbox-${randomUUID()}`),
    ownsMediaDir,
    mediaExpiresAfterSecs: options.mediaExpiresAfterSecs ?? 86_400,
    keepAliveMs: options.keepAliveMs ?? 20_000,
    oauth2AccessTokenTtlSecs: options.oauth2AccessTokenTtlSecs ?? 7200,
    oauth2CodeTtlSecs: options.oauth2CodeTtlSecs ?? 30,
    timestampSkewSecs: options.timestampSkewSecs ?? 300,
    acceptOAuthOnlyMultipartSignature: options.acceptOAuthOnlyMultipartSignature ?? false,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    logger: options.logger ?? false,
    adminToken: options.adminToken,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? 10_000,
    tls: options.tls === true ? 'generate' : options.tls === false ? undefined : options.tls,
    trustProxy: options.trustProxy ?? false,
  };
}
