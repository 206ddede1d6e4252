#!/usr/bin/env node
// The `peony` command line: one file per command under commands/, all through the public API.

import { Command } from 'commander';
import { registerAuth } from './commands/auth.js';
import { registerRaw } from './commands/raw.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerStream } from './commands/stream.js';
import { registerTweet } from './commands/tweet.js';
import { registerUpload } from './commands/upload.js';
import { describeFailure } from './output.js';

const program = new Command()
  .name('peony')
  .description(
    'Talk to the X API from the shell. Credentials come from PEONY_* environment variables; without them, commands run against a local sandbox.',
  )
  .showHelpAfterError();

registerTweet(program);
registerUpload(program);
registerRaw(program);
registerSandbox(program);
registerAuth(program);
registerStream(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`peony: ${describeFailure(error)}\n`);
  process.exitCode = 1;
});
