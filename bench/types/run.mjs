#!/usr/bin/env node
// Cost of peony's types for a consumer: `tsc --noEmit --extendedDiagnostics` on a file calling 30 different v2
// endpoints (peony-30.ts) beside the same 30 calls against twitter-api-v2, rounds alternating, the best of each kept.
// Needs a build (npm run bench:types does it). `--write` replaces the types section of BENCHMARKS.md.

import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const clients = ['peony', 'twitter-api-v2'];

async function diagnose(client) {
  const { stdout } = await run(
    process.execPath,
    [tsc, '-p', `${here}tsconfig.${client}.json`, '--extendedDiagnostics'],
    { cwd: root, maxBuffer: 1 << 24 },
  ).catch((error) => {
    throw new Error(`tsc failed on ${client}-30.ts:\n${error.stdout ?? error.message}`);
  });
  const read = (label) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(stdout)?.[1] ?? Number.NaN);
  return {
    check: read('Check time'),
    total: read('Total time'),
    memoryMb: read('Memory used') / 1024,
    types: read('Types'),
    instantiations: read('Instantiations'),
  };
}

// The best of the rounds: on a shared machine the slower ones measure the neighbours.
const best = (values) => Math.min(...values);
const samples = Object.fromEntries(clients.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const client of round % 2 === 0 ? clients : clients.toReversed())
    samples[client].push(await diagnose(client));
}
const result = Object.fromEntries(
  clients.map((c) => [
    c,
    Object.fromEntries(Object.keys(samples[c][0]).map((k) => [k, best(samples[c].map((s) => s[k]))])),
  ]),
);

const p = result.peony;
const t = result['twitter-api-v2'];
const ratio = (a, b) => (a / b).toFixed(2);
const row = (label, key, unit, digits) =>
  `| ${label} | ${p[key].toFixed(digits)}${unit} | ${t[key].toFixed(digits)}${unit} | ${ratio(p[key], t[key])} |`;
const section = [
  '<!-- types:start (written by npm run bench:types) -->',
  '## Types: compiling a consumer',
  '',
  '`tsc --noEmit --extendedDiagnostics` (TypeScript, strict, NodeNext, skipLibCheck) on a file that calls 30',
  'different v2 endpoints and reads a typed field of each answer: `bench/types/peony-30.ts` through',
  "peony's typed path builder, `bench/types/twitter-api-v2-30.ts` with the same 30 calls through twitter-api-v2's",
  `hand-written types. ${ROUNDS} rounds alternating, the best of each kept. Run with \`npm run bench:types\` (it builds first).`,
  '',
  '| measure | peony | twitter-api-v2 | ratio |',
  '| --- | --- | --- | --- |',
  row('check time', 'check', ' s', 2),
  row('total time', 'total', ' s', 2),
  row('memory used', 'memoryMb', ' MB', 0),
  row('types', 'types', '', 0),
  row('instantiations', 'instantiations', '', 0),
  '',
  'No "type instantiation is excessively deep" anywhere: the route types are a generated trie of path segments',
  '(`src/generated/x-routes.d.ts`) walked one property or call at a time, never template-literal matching.',
  '<!-- types:end -->',
].join('\n');

console.log(section);
if (process.argv.includes('--write')) {
  const file = `${root}BENCHMARKS.md`;
  const text = await readFile(file, 'utf8');
  const marked = /<!-- types:start[^>]*-->[\s\S]*?<!-- types:end -->/;
  await writeFile(
    file,
    marked.test(text) ? text.replace(marked, section) : `${text.trimEnd()}\n\n${section}\n`,
  );
  console.log(`\nwrote the types section of ${file}`);
}
