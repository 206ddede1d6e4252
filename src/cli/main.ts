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
import { describeFailure } from './output.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command()
  .name('peony')
  .description(
    'Talk to the X API from the shell. Credentials come from PEONY_* environment variables; without them, commands run against a local sandbox.',
  )
  .version(version, '-v, --version')
  .showHelpAfterError();

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
