// What an https sandbox serves and what it tells clients to trust: a generated pair (node-forge, an optional
// peer loaded only here) or the caller's own, with the certificate to trust written to a file of its own.

import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SandboxDependencyError } from '../load-server.js';
import type { ResolvedSandboxOptions } from '../options.js';
import { generateCertificates } from './certificate.js';

export interface SandboxTlsMaterial {
  /** What the server presents. */
  cert: string | Buffer;
  key: string | Buffer;
  /** The certificate a client must trust (PEM), and the file that holds it. */
  ca: string;
  caPath: string;
  /** Removes the file (on close). */
  remove(): Promise<void>;
}

async function loadForge(): Promise<typeof import('node-forge')> {
  try {
    return (await import('node-forge')).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new SandboxDependencyError(['node-forge'], error);
  }
}

/** The certificate and key to serve, or `undefined` for plain http. */
export async function prepareTls(options: ResolvedSandboxOptions): Promise<SandboxTlsMaterial | undefined> {
  const { tls } = options;
  if (tls === undefined) return undefined;
  const pair =
    tls === 'generate'
      ? await generateCertificates(await loadForge(), options.host)
      : { cert: tls.cert, key: tls.key, ca: (tls.ca ?? tls.cert).toString() };
  const dir = path.join(os.tmpdir(), `peony-sandbox-tls-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
  const caPath = path.join(dir, 'ca.pem');
  await writeFile(caPath, pair.ca);
  return { ...pair, caPath, remove: () => rm(dir, { recursive: true, force: true }) };
}
