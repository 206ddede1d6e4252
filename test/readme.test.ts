// Every TypeScript example of the README, taken verbatim, type-checks against the built package and runs to
// the end with only the variables `peony sandbox` prints, as a new user who copies one into a file would.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from './helpers/child-coverage.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, index) => ({
  name: `example ${index + 1} (line ${readme.slice(0, match.index).split('\n').length + 1})`,
  code: match[1] ?? '',
}));

// Inside the repository, so that `import 'peony'` resolves to this package (its own name) as it would once installed.
let dir = '';
let sandbox: ChildProcess | undefined;
let env: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(ROOT, '.tmp-readme-'));
  for (const [index, block] of blocks.entries())
    await writeFile(join(dir, `example-${index + 1}.mts`), block.code);
  // The sandbox as the README tells a user to start it; its `export PEONY_…` lines are the whole environment.
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'sandbox', '--port', '0'], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  sandbox = child;
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peony sandbox exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ctrl-C stops it.')) resolve();
    });
  });
  env = Object.fromEntries(
    [...out.matchAll(/export (PEONY_\w+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}, 60_000);

afterAll(async () => {
  if (sandbox && sandbox.exitCode === null) {
    sandbox.kill('SIGINT');
    await once(sandbox, 'exit');
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the README', () => {
  it('has TypeScript examples, and the sandbox prints every variable they read', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const read = new Set(
      blocks.flatMap((block) => [...block.code.matchAll(/process\.env\.(PEONY_\w+)/g)].map((m) => m[1])),
    );
    for (const name of read) expect(env).toHaveProperty(name as string);
  });

  it('type-checks every example against the built package, strictly', () => {
    const files = blocks.map((_, index) => join(dir, `example-${index + 1}.mts`));
    const program = ts.createProgram(files, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  }, 180_000);

  it.each(blocks.map((block, index) => [block.name, index] as const))(
    '%s runs to the end with only the sandbox’s variables set',
    async (_name, index) => {
      const source = await readFile(join(dir, `example-${index + 1}.mts`), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
      });
      const file = join(dir, `example-${index + 1}.mjs`);
      await writeFile(file, outputText);
      const result = await run(process.execPath, [file], {
        env: childEnv(env),
        timeout: 60_000,
      }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`${blocks[index]?.name} failed: ${error.stderr || error.message}`);
      });
      expect(result.stderr).toBe('');
    },
    90_000,
  );
});
