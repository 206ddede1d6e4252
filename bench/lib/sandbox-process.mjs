// Runs a sandbox in a process of its own, so that what a benchmark measures in its own process is the
// client alone. Prints one JSON line {url, credentials} and runs until killed.
// argv: [probability] that a v2 APPEND fails with a 503, from a fixed seed (v1.1 sends every command to one
// path, so a fault there could not single out its APPENDs). The 503 comes once the whole body has arrived, so
// a failed APPEND costs the client its full transfer, as when X's front end reads the request before a
// service behind it refuses it (docs/SANDBOX.md, UNCONFIRMED).

import { startSandbox } from '../../dist/sandbox/index.js';

const unlimited = { user: 1e9, app: 1e9, app24h: 1e9, user24h: 1e9 };
const appendFailures = Number(process.argv[2] ?? 0);
const sandbox = await startSandbox({
  port: 0,
  faultSeed: 7,
  faults:
    appendFailures > 0
      ? [
          {
            route: 'POST /2/media/upload/:id/append',
            kind: 'error',
            status: 503,
            afterBody: true,
            probability: appendFailures,
          },
        ]
      : [],
  mediaProcessing: { stepMs: 50, steps: 4, checkAfterSecs: 1 },
  rateLimits: Object.fromEntries(
    [
      'POST /1.1/media/upload.json',
      'GET /1.1/media/upload.json',
      'POST /2/media/upload/initialize',
      'POST /2/media/upload/:id/append',
      'POST /2/media/upload/:id/finalize',
      'GET /2/media/upload',
      'POST /2/media/upload',
      'POST /2/tweets',
      'GET /2/users/me',
    ].map((key) => [key, unlimited]),
  ),
});
process.stdout.write(`${JSON.stringify({ url: sandbox.url, credentials: sandbox.credentials })}\n`);
const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
