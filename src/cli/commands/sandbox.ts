// `peony sandbox`: runs the local X until interrupted, printing where it is and its credentials.

import type { Command } from 'commander';
import { InvalidRequestError } from '../../index.js';
import { ENV, loadSandbox } from '../connect.js';

interface SandboxFlags {
  port: string;
  host: string;
  https?: boolean;
  trustProxy?: boolean;
  adminToken?: string;
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description(
      'run a local X API server for tests and experiments (docs/SANDBOX.md says what it implements)',
    )
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '4010')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--https', 'serve https with a fresh certificate; prints the CA file for clients to trust')
    .option(
      '--trust-proxy',
      'behind a proxy: check OAuth 1.0a signatures against X-Forwarded-Proto and X-Forwarded-Host',
    )
    .option(
      '--admin-token <token>',
      'require this token for the admin routes (/__sandbox/*, header x-sandbox-admin-token); the printed view URL carries it once',
    )
    .action(async (flags: SandboxFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InvalidRequestError(`--port must be an integer from 0 to 65535; got "${flags.port}".`);
      }
      const { startSandbox } = await loadSandbox();
      const adminToken = flags.adminToken;
      if (adminToken !== undefined && adminToken.trim() === '') {
        throw new InvalidRequestError('--admin-token must not be empty.');
      }
      const sandbox = await startSandbox({
        port,
        host: flags.host,
        tls: flags.https === true,
        trustProxy: flags.trustProxy === true,
        ...(adminToken !== undefined ? { adminToken } : {}),
      }).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') {
          throw new InvalidRequestError(
            `Port ${port} on ${flags.host} is taken (another sandbox?); pick another with --port, or --port 0 for a free one.`,
          );
        }
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
          throw new InvalidRequestError(
            `--host ${flags.host} is not an address of this machine; leave it out for 127.0.0.1, or give one this machine has.`,
          );
        }
        throw error;
      });
      const c = sandbox.credentials;
      process.stdout.write(
        [
          `peony sandbox listening on ${sandbox.url}`,
          `Watch it live in a browser: ${sandbox.viewUrl}`,
          '',
          'Point a client at it:',
          `  export ${ENV.baseUrl}=${sandbox.url}`,
          `  export ${ENV.consumerKey}=${c.consumerKey}`,
          `  export ${ENV.consumerSecret}=${c.consumerSecret}`,
          `  export ${ENV.accessToken}=${c.accessToken}`,
          `  export ${ENV.accessTokenSecret}=${c.accessTokenSecret}`,
          `  export ${ENV.bearerToken}=${c.bearerToken}`,
          `  OAuth 2.0 client id: ${c.clientId}`,
          ...(sandbox.caPath === undefined
            ? []
            : [
                '',
                `Its certificate authority (trust it to use https): ${sandbox.caPath}`,
                `  export NODE_EXTRA_CA_CERTS=${sandbox.caPath}`,
                `  export REQUESTS_CA_BUNDLE=${sandbox.caPath}`,
              ]),
          ...(flags.trustProxy === true
            ? ['', 'Trusting X-Forwarded-Proto and X-Forwarded-Host from a proxy in front.']
            : []),
          '',
          'Ctrl-C stops it.',
          '',
        ].join('\n'),
      );
      const stop = async () => {
        await sandbox.close();
        process.exit(0);
      };
      // A closed terminal's SIGHUP too: the sandbox ends as on Ctrl-C, its --https CA file removed.
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
    });
}
