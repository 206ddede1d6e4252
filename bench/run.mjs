// Runs every benchmark and rewrites BENCHMARKS.md with the ratios (peony time ÷ twitter-api-v2 time).

import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchRequests } from './requests.mjs';

const quick = process.argv.includes('--quick');
const requests = await benchRequests(quick ? { rounds: 1, sequential: 50, concurrent: 100 } : {});

const ms = (v) => `${v.toFixed(0)} ms`;
const lines = [
  '# Benchmarks',
  '',
  'peony beside twitter-api-v2 on the same local sandbox, in one process, best of several rounds after a warm-up.',
  'A ratio below 1 means peony took less time. Regenerate with `npm run build && npm run bench`.',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
  '',
  '## Requests',
  '',
  '| workload | peony | twitter-api-v2 | ratio (peony ÷ twitter-api-v2) |',
  '| --- | --- | --- | --- |',
  ...requests.map(
    (r) =>
      `| ${r.name} | ${ms(r.peony)} | ${ms(r['twitter-api-v2'])} | ${(r.peony / r['twitter-api-v2']).toFixed(2)} |`,
  ),
  '',
];
const text = lines.join('\n');
if (quick) process.stdout.write(text);
else await writeFile(new URL('../BENCHMARKS.md', import.meta.url), text);
process.stdout.write(`${text}\n`);
