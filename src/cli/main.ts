#!/usr/bin/env node
// The `peony` command line: one file per command under commands/, all through the public API.

import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerAuth } from './commands/auth.js';
import { registerRaw } from './commands/raw.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerStream } from './commands/stream.js';
import { registerTweet } from './commands/tweet.js';
import { registerUpload } from './commands/upload.js';
import { ENV } from './connect.js';
import { describeFailure, whenStdoutCloses } from './output.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command()
  .name('peony')
  .description(
    'Talk to the X API from the shell. Credentials come from PEONY_* environment variables; without them, commands run against a local sandbox.',
  )
  .version(version, '-v, --version')
  .showHelpAfterError()
  .addHelpText(
    'after',
    [
      '',
      'Environment:',
      `  ${ENV.baseUrl}             where X is (unset: X itself; \`peony sandbox\` prints one for a local X)`,
      `  ${ENV.consumerKey}, ${ENV.consumerSecret}   the app's consumer pair`,
      `  ${ENV.accessToken}, ${ENV.accessTokenSecret}   a user's OAuth 1.0a token (user context)`,
      `  ${ENV.bearerToken}         an app-only bearer token`,
      'With no credentials set, a command runs against a local sandbox started for it, and says so.',
    ].join('\n'),
  );

whenStdoutCloses();
registerTweet(program);
registerUpload(program);
registerRaw(program);
registerSandbox(program);
registerAuth(program);
registerStream(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`peony: ${describeFailure(error)}\n`);
  // A command may have chosen its code already (130 after Ctrl-C).
  process.exitCode ??= 1;
});
