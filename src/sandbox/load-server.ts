// The sandbox's server packages (fastify, @fastify/multipart, ajv) are optional peer dependencies: the client
// never needs them, so they load only when a sandbox starts, and their absence is said plainly.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A sandbox was started where its server packages are not installed. */
export class SandboxDependencyError extends Error {
  override readonly name = 'SandboxDependencyError';
  /** The packages to install. */
  readonly missing: readonly string[];
  constructor(missing: readonly string[], cause: unknown) {
    super(
      `The peony sandbox needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed (optional peer dependencies of peony): run npm install --save-dev ${missing.join(' ')}`,
      { cause },
    );
    this.missing = missing;
  }
}

type ServerModule = typeof import('./server.js');

/** Needed only by an https sandbox (`tls: true`), which names it itself when it is missing. */
const HTTPS_ONLY_PEERS = new Set(['node-forge']);

/** The peer packages that cannot be resolved from here, named as package.json names them. */
function missingPeers(): string[] {
  const require = createRequire(import.meta.url);
  // peony's own package.json, read as data (the same path from src/ and from dist/).
  const { peerDependencies = {} } = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { peerDependencies?: Record<string, string> };
  return Object.keys(peerDependencies).filter((name) => {
    if (HTTPS_ONLY_PEERS.has(name)) return false;
    try {
      require.resolve(`${name}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
}

let loading: Promise<ServerModule> | undefined;

/** Imports the server code (and with it fastify) on first use. */
export function loadServer(): Promise<ServerModule> {
  loading ??= import('./server.js').catch((error: unknown) => {
    loading = undefined;
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const missing = missingPeers();
    throw missing.length > 0 ? new SandboxDependencyError(missing, error) : error;
  });
  return loading;
}
