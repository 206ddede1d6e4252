// At a terminal, `peony upload` draws a progress bar (cli-progress) on stderr through each phase. The command
// runs under `script` (util-linux, in every Debian), which gives it a pseudo-terminal as a user's shell would.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../bench/lib/media-files.mjs';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { childEnv } from '../helpers/child-coverage.js';
import { CLI_MAIN, sandboxEnv } from '../helpers/run-cli.js';

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'peony-cli-tty-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** `peony upload <file>` at a terminal: everything the terminal received, and the exit code. */
async function uploadAtTerminal(file: string): Promise<{ code: number | null; screen: string }> {
  const child = spawn(
    'script',
    ['-qec', `'${process.execPath}' '${CLI_MAIN}' upload '${file}'`, '/dev/null'],
    {
      env: childEnv(sandboxEnv(sandbox)),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let screen = '';
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    screen += d.toString();
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, screen };
}

describe('peony upload at a terminal', { timeout: 60_000 }, () => {
  it('draws a bar from 0 % to 100 % with the bytes sent, then prints the media', async () => {
    const { code, screen } = await uploadAtTerminal('examples/media/peony.png');
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/peony\.png uploading +\[░+\] 0% \| 0 KB\/3 KB/);
    expect(screen).toMatch(/peony\.png done +\[█+\] 100% \| 3 KB\/3 KB/);
    expect(screen).toContain('"media_type": "image/png"');
  });

  it('shows the processing phase of a video', async () => {
    const video = join(dir, 'clip.mp4');
    await writeFile(video, mp4(300 * 1024, 31));
    const { code, screen } = await uploadAtTerminal(video);
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/clip\.mp4 processing +\[[█░]+\] \d+%/);
    expect(screen).toMatch(/clip\.mp4 done +\[█+\] 100% \| 300 KB\/300 KB/);
  });
});
