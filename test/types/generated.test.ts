// The generated types: up to date with X's document, covering all its operations, and absent from the runtime.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Generator {
  generate(): Promise<{ api: string; routes: string }>;
  routeTrie(document: unknown): Record<string, unknown>;
  OUTPUTS: { api: string; routes: string };
}

const root = new URL('../../', import.meta.url);
const generator = (await import(new URL('scripts/generate-types.mjs', root).href)) as Generator;

function operationsIn(node: Record<string, unknown>): number {
  return Object.entries(node).reduce(
    (sum, [key, child]) =>
      sum +
      (/^\$(get|post|put|patch|delete)$/.test(key) ? 1 : operationsIn(child as Record<string, unknown>)),
    0,
  );
}

async function filesUnder(dir: URL): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('generated types', () => {
  it('match what openapi-typescript makes of the document now (run npm run generate:types if not)', async () => {
    const fresh = await generator.generate();
    expect(await readFile(new URL(generator.OUTPUTS.api, root), 'utf8')).toBe(fresh.api);
    expect(await readFile(new URL(generator.OUTPUTS.routes, root), 'utf8')).toBe(fresh.routes);
  }, 60_000);

  it('route every one of the 171 operations of the document', async () => {
    const document = JSON.parse(await readFile(new URL('openapi/x-openapi-2.167.json', root), 'utf8'));
    expect(operationsIn(generator.routeTrie(document))).toBe(171);
    const routes = await readFile(new URL(generator.OUTPUTS.routes, root), 'utf8');
    expect(routes.match(/operations\["/g)).toHaveLength(171);
  });

  it('add nothing to the built JavaScript: dist/generated holds declarations only, imported by no module', async () => {
    const dist = new URL('dist/', root);
    const generated = await filesUnder(new URL('generated/', dist));
    expect(generated.map((f) => f.split('/').pop()).sort()).toEqual(['x-api.d.ts', 'x-routes.d.ts']);
    const scripts = (await filesUnder(dist)).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(10);
    for (const file of scripts) {
      const code = await readFile(file, 'utf8');
      expect(code, file).not.toMatch(
        /from '[^']*(generated\/|typed-path)|import\([^)]*(generated|typed-path)/,
      );
      expect(code, file).not.toMatch(/getUsersPosts|PostFieldsParameter|XV2Routes/);
    }
    // The typed path's own module is types only: it compiles to an empty module that nothing imports.
    const typedPath = await readFile(new URL('api/typed-path.js', dist), 'utf8');
    expect(typedPath.replace(/^\/\/.*$/gm, '').trim()).toBe('export {};');
  });
});
