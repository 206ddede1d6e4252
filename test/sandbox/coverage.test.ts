// docs/SANDBOX.md's coverage table is what the sandbox's routes give now (run npm run sandbox:coverage if not).
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxInternals } from '../../src/sandbox/internals.js';
import { coverageTable, withCoverage } from '../../src/sandbox/openapi/coverage.js';

it('docs/SANDBOX.md lists the operations the sandbox implements (npm run sandbox:coverage updates it)', async () => {
  await using sb = await startSandbox();
  const table = coverageTable((sb.context as SandboxInternals).routes);
  expect(table).toMatch(/^\*\*\d+ of the document's 171 operations are implemented/);
  const docs = await readFile(new URL('../../docs/SANDBOX.md', import.meta.url), 'utf8');
  expect(docs).toBe(withCoverage(docs, table));
  // The README states the same figure in words.
  const implemented = table.match(/^\*\*(\d+) of/)?.[1];
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(`**${implemented} of the 171 operations**`);
});
