// Runs every benchmark and rewrites BENCHMARKS.md with the ratios (peony ÷ twitter-api-v2).
// `--quick` runs small sizes and prints without writing.

import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchMedia } from './media.mjs';
import { benchRequests } from './requests.mjs';

const quick = process.argv.includes('--quick');
const requests = await benchRequests(quick ? { rounds: 1, sequential: 50, concurrent: 100 } : { rounds: 5 });
const media = [];
for (const sizeMb of quick ? [8] : [1, 128])
  media.push(...(await benchMedia({ sizeMb, rounds: quick ? 1 : 3 })));

const ms = (v) => `${v.toFixed(0)} ms`;
const mb = (v) => `${(v / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '—');
const lines = [
  '# Benchmarks',
  '',
  'peony beside twitter-api-v2 (1.29) on the same local sandbox. A ratio below 1 means peony took less time or memory.',
  'Regenerate with `npm run bench` (it builds first); `node bench/run.mjs --quick` prints a small run without writing.',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
  '',
  '## Requests',
  '',
  'Client and sandbox in one process, a fresh sandbox for each client and workload; both warm up, then 5 rounds',
  'alternate between them and the best of each is kept; each tweet has new text.',
  '',
  '| workload | peony | twitter-api-v2 | time ratio |',
  '| --- | --- | --- | --- |',
  ...requests.map(
    (r) =>
      `| ${r.name} | ${ms(r.peony)} | ${ms(r['twitter-api-v2'])} | ${ratio(r.peony, r['twitter-api-v2'])} |`,
  ),
  '',
  '## Media upload',
  '',
  'One video uploaded from a file path, INIT to processing succeeded (the sandbox asks for `check_after_secs: 1`, which',
  'both clients honour). Each client runs in a fresh process, the sandbox in another. Peak RSS is the highest resident',
  'set above the process’s baseline, sampled every 5 ms: "first" is the first upload in the process (it also pays for',
  'loading code), "next" a second upload of the same file right after. Each figure is the best of the rounds.',
  'peony uses its defaults (4 MB chunks, 3 in flight, file-backed chunks); twitter-api-v2 its `v1.uploadMedia(path)`',
  'and `v2.uploadMedia(buffer)` (its v2 upload takes only a Buffer, so the file is read whole first).',
  '',
  '| workload | peony time | twitter-api-v2 time | time ratio | peony RSS first / next | twitter-api-v2 RSS first / next | memory ratio first / next |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...media.map((r) => {
    const p = r.peony;
    const t = r['twitter-api-v2'];
    return `| ${r.name} | ${ms(p.ms)} | ${ms(t.ms)} | ${ratio(p.ms, t.ms)} | ${mb(p.peakRss)} / ${mb(p.warmRss)} | ${mb(t.peakRss)} / ${mb(t.warmRss)} | ${ratio(p.peakRss, t.peakRss)} / ${ratio(p.warmRss, t.warmRss)} |`;
  }),
  '',
  'Reading the memory columns: the first upload in a peony process costs about 40 MB once, whatever the size: the code',
  'undici and Node load for multipart bodies and web streams. After that an upload adds a few MB whatever the file size,',
  'because chunks are streamed from disk, while a client that holds the file grows with it. Ratios of figures under',
  'a few MB mostly measure noise.',
  '',
];
const text = lines.join('\n');
if (!quick) await writeFile(new URL('../BENCHMARKS.md', import.meta.url), text);
process.stdout.write(`${text}\n`);
