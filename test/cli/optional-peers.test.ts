// The sandbox's server packages are optional peers: an install without them still runs the client and the
// CLI against X, and a sandbox asked for names what to install. Built here as a user's project would hold it:
// peony's package in node_modules beside every other package except fastify, @fastify/*, ajv and ajv-formats.

import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../helpers/run-cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const LEFT_OUT = new Set(['fastify', '@fastify', 'ajv', 'ajv-formats', 'peony']);

let project: string;
let withoutForge: string;

const run = (args: string[]) => runNode(args, { cwd: project });

/** A user's project with peony and every package of ours except `leftOut`. */
async function makeProject(leftOut: ReadonlySet<string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'peony-no-peers-'));
  const modules = join(folder, 'node_modules');
  const installed = join(modules, 'peony');
  await mkdir(installed, { recursive: true });
  await cp(join(ROOT, 'package.json'), join(installed, 'package.json'));
  await cp(join(ROOT, 'dist'), join(installed, 'dist'), { recursive: true });
  await cp(join(ROOT, 'openapi'), join(installed, 'openapi'), { recursive: true });
  for (const name of await readdir(join(ROOT, 'node_modules'))) {
    if (leftOut.has(name) || name.startsWith('.')) continue;
    await symlink(join(ROOT, 'node_modules', name), join(modules, name));
  }
  await writeFile(join(folder, 'package.json'), '{"type":"module","private":true}');
  return folder;
}

beforeAll(async () => {
  project = await makeProject(LEFT_OUT);
  withoutForge = await makeProject(new Set(['node-forge', 'peony']));
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
  await rm(withoutForge, { recursive: true, force: true });
});

const CLI = () => join(project, 'node_modules/peony/dist/cli/main.js');
const PEERS = ['fastify', '@fastify/multipart', 'ajv', 'ajv-formats'];

/** Says which packages are missing and the one command that installs them all. */
function expectInstallAdvice(text: string): void {
  const command = /npm install --save-dev ([^\n]+)/.exec(text)?.[1]?.trim().split(' ');
  expect(command?.sort()).toEqual([...PEERS].sort());
  const named = /sandbox needs (.+?), which/.exec(text)?.[1]?.split(', ');
  expect(named?.sort()).toEqual([...PEERS].sort());
}

describe('without the sandbox packages installed', () => {
  it('the client loads and `peony --help` works', async () => {
    const imported = await run([
      '--input-type=module',
      '-e',
      "const { PeonyClient } = await import('peony'); new PeonyClient({ bearerToken: 'x' }).close(); console.log('ok')",
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout.trim()).toBe('ok');
    const help = await run([CLI(), '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: peony');
  });

  it('startSandbox rejects with a SandboxDependencyError naming the packages', async () => {
    const result = await run([
      '--input-type=module',
      '-e',
      "const { startSandbox } = await import('peony/sandbox'); await startSandbox().catch((e) => console.log(e.name, JSON.stringify(e.missing), e.message))",
    ]);
    const [name, missing] = result.stdout.split(' ', 2);
    expect(name).toBe('SandboxDependencyError');
    expect((JSON.parse(missing ?? '[]') as string[]).sort()).toEqual([...PEERS].sort());
    expectInstallAdvice(result.stdout);
  });

  it('`peony sandbox` and the no-credentials fallback say what to install, not a stack trace', async () => {
    for (const args of [
      ['sandbox', '--port', '0'],
      ['tweet', 'hello'],
    ]) {
      const result = await run([CLI(), ...args]);
      expect(result.code).toBe(1);
      expectInstallAdvice(result.stderr);
      expect(result.stderr).not.toContain('    at ');
    }
  });
});

describe('with the server packages but without node-forge', () => {
  it('a plain sandbox starts, and an https one names node-forge as what to install', async () => {
    const result = await runNode(
      [
        '--input-type=module',
        '-e',
        `const { startSandbox } = await import('peony/sandbox');
        const sb = await startSandbox(); console.log(sb.url.split(':')[0]); await sb.close();
        await startSandbox({ tls: true }).catch((e) => console.log(e.name, JSON.stringify(e.missing), e.message));`,
      ],
      { cwd: withoutForge },
    );
    const [scheme, name, missing] = result.stdout.split(/\s+/, 3);
    expect(scheme).toBe('http');
    expect(name).toBe('SandboxDependencyError');
    expect(JSON.parse(missing ?? '[]')).toEqual(['node-forge']);
    expect(result.stdout).toContain('npm install --save-dev node-forge');
  });
});
