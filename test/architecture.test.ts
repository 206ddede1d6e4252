// The import graph of src/, read with the TypeScript compiler: no cycle, and every layer points one way
// (cli → client → api · media · stream · paginate → http ← auth; the sandbox is an island).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every file of src/ (relative, `/`-separated) with the src/ files it imports, type-only imports included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) =>
        relative(SRC, resolve(dirname(file), name.replace(/\.js$/, '.ts'))).replaceAll('\\', '/'),
      );
    graph.set(relative(SRC, file).replaceAll('\\', '/'), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): the cycles. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The part a file belongs to: its folder under src/, or for a file at the root, the file's own name. */
function partOf(file: string): string {
  const [head, ...rest] = file.split('/');
  if (rest.length > 0) return head!;
  const name = head!.replace(/\.ts$/, '');
  return name === 'index' ? 'client' : name;
}

/** Which parts each part may import (its own always allowed). Generated types and models are leaves. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  cli: ['client', 'sandbox'],
  client: ['api', 'media', 'stream', 'paginate', 'events', 'http', 'auth', 'types', 'generated'],
  api: ['paginate', 'http', 'types', 'generated'],
  media: ['api', 'http', 'types', 'generated'],
  stream: ['api', 'http', 'types', 'generated'],
  paginate: ['api', 'http', 'types', 'generated'],
  events: ['http'],
  auth: ['http'],
  http: [],
  types: ['generated'],
  generated: [],
  sandbox: [],
};

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('points one way: each part imports only the parts below it', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = partOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) {
        wrong.push(`${file}: part "${from}" has no place in the layers; add it to ALLOWED`);
        continue;
      }
      for (const target of targets) {
        const to = partOf(target);
        if (to !== from && !allowed.includes(to)) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the CLI reaches the library only through its public face', () => {
    const inside = [...graph].flatMap(([file, targets]) =>
      partOf(file) === 'cli'
        ? targets.filter((t) => partOf(t) === 'client' && t !== 'index.ts').map((t) => `${file} → ${t}`)
        : [],
    );
    expect(inside).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
