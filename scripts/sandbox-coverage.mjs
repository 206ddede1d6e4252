#!/usr/bin/env node
// Writes the sandbox's coverage of X's OpenAPI document (implemented operations by tag, from the routes the
// running sandbox registered) into docs/SANDBOX.md between its markers. Run after `npm run build`.
import { readFile, writeFile } from 'node:fs/promises';
import { startSandbox } from '../dist/sandbox/index.js';
import { coverageTable, withCoverage } from '../dist/sandbox/openapi/coverage.js';

const docs = new URL('../docs/SANDBOX.md', import.meta.url);
const sandbox = await startSandbox();
const table = coverageTable(sandbox.context.routes);
await sandbox.close();
await writeFile(docs, withCoverage(await readFile(docs, 'utf8'), table));
console.log(table.split('\n')[0]);
