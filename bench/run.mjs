// Runs every benchmark and rewrites BENCHMARKS.md with the ratios. Sections of BENCHMARKS.md that this script
// does not write (another part's, such as type-checking cost) are kept as they are, after these.
// `--quick` runs small sizes and prints without writing.

import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchLoad } from './load.mjs';
import { benchUploadFaults, benchUploadMemory, benchUploadSpeed } from './media.mjs';
import { benchRequests } from './requests.mjs';
import { benchSigning } from './signing.mjs';
import { benchStreams } from './streams.mjs';

const quick = process.argv.includes('--quick');
const started = Date.now();
const load = await benchLoad({ rounds: quick ? 3 : 9 });
const signing = benchSigning({ rounds: quick ? 2 : 6 });
const streams = await benchStreams({ count: quick ? 20_000 : 100_000, rounds: quick ? 1 : 5 });
const requests = await benchRequests(quick ? { rounds: 1, sequential: 50, concurrent: 100 } : { rounds: 5 });
const speed = await benchUploadSpeed({ sizeMib: quick ? 32 : 256, rounds: quick ? 1 : 3 });
const memory = await benchUploadMemory({ sizesMib: quick ? [16, 64] : [16, 512], rounds: quick ? 1 : 2 });
const faults = await benchUploadFaults({ sizeMib: quick ? 32 : 256, rounds: quick ? 1 : 3 });
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

const ms = (v) => `${v.toFixed(0)} ms`;
const mb = (v) => `${(v / 1024 / 1024).toFixed(1)} MB`;
const k = (v) => `${(v / 1000).toFixed(1)}k`;
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '—');
const loadOf = (name) => load.find((r) => r.name === name);
const bare = loadOf('bare Node');
const speedRow = (who, r) =>
  `| ${r.api}, ${r.sizeMib} MiB | ${who} | ${ms(r[who].firstMs)} / ${ms(r[who].nextMs)} | ${ms(r[who].firstCpuMs)} / ${ms(r[who].nextCpuMs)} | ${mb(r[who].maxRss)} |`;

const lines = [
  '# Benchmarks',
  '',
  'peony beside twitter-api-v2 (1.29), oauth-1.0a (2.2) and minimal hand-written baselines, all on this machine,',
  'side by side in one run. A time ratio below 1 means peony took less time; a rate ratio above 1 means peony is faster.',
  'Regenerate with `npm run bench` (it builds first); `node bench/run.mjs --quick` prints a small run without writing.',
  '',
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Linux ${os.release()}; the run took ${minutes} min.`,
  `Load average when it ended: ${os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min). See "Under load" below.`,
  '',
  '## Load',
  '',
  'Fresh processes, rounds alternating, median of each (`bench/load.mjs`). RSS is the process’s peak (maxRSS).',
  '',
  '| what | wall time | above bare Node | peak RSS | above bare Node |',
  '| --- | --- | --- | --- | --- |',
  ...load.map(
    (r) =>
      `| ${r.name} | ${ms(r.ms)} | ${r === bare ? '—' : ms(r.ms - bare.ms)} | ${r.rss ? mb(r.rss) : '—'} | ${r.rss && r !== bare ? mb(r.rss - bare.rss) : '—'} |`,
  ),
  '',
  '## Signing',
  '',
  'OAuth 1.0a `Authorization` headers per second for the same POST with a query and a form body (`bench/signing.mjs`).',
  '',
  '| peony | oauth-1.0a | ratio |',
  '| --- | --- | --- |',
  `| ${k(signing.peony)}/s | ${k(signing['oauth-1.0a'])}/s | ${ratio(signing.peony, signing['oauth-1.0a'])} |`,
  '',
  '## Streams',
  '',
  `${streams.count / 1000}k filtered-stream messages of X's shape (with a keep-alive every thousand) written by a local`,
  'node:http server as fast as the socket takes them (`bench/streams.mjs`). peony runs with its stall watch, keep-alive',
  "handling and reconnect logic on; the raw floor is node:http, `indexOf('\\r\\n')` and `JSON.parse`, nothing else.",
  '',
  '| peony | twitter-api-v2 | raw floor | peony ÷ twitter-api-v2 | peony ÷ floor |',
  '| --- | --- | --- | --- | --- |',
  `| ${k(streams.perSecond.peony)} msgs/s | ${k(streams.perSecond['twitter-api-v2'])} msgs/s | ${k(streams.perSecond['raw floor'])} msgs/s | ${ratio(streams.perSecond.peony, streams.perSecond['twitter-api-v2'])} | ${ratio(streams.perSecond.peony, streams.perSecond['raw floor'])} |`,
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
  'An MP4 uploaded from a file path, each client in a fresh process making two uploads, against a sandbox in a',
  'process of its own; rounds alternate and the best of each figure is kept. Transfer time runs from the call to',
  'FINALIZE’s answer (processing excluded); CPU is the client process’s user + system time over the same span.',
  'peony and the minimal client (`bench/lib/minimal-upload.mjs`: node:http, Buffer chunks, multipart framed by hand,',
  'no retries or checks) both send 4 MiB chunks with 4 in flight; twitter-api-v2 uses its own 1 MB chunks (with',
  '4 MiB it takes about a minute for 256 MiB) and reads the whole file first for v2.',
  '',
  '| upload | client | transfer first / next | CPU first / next | peak RSS |',
  '| --- | --- | --- | --- | --- |',
  ...speed.flatMap((r) => ['peony', 'minimal', 'twitter-api-v2'].map((who) => speedRow(who, r))),
  '',
  '| upload | transfer ÷ minimal (best) | CPU ÷ minimal (next) | first ÷ next transfer: peony / minimal | peak RSS − minimal |',
  '| --- | --- | --- | --- | --- |',
  ...speed.map((r) => {
    const best = (c) => Math.min(c.firstMs, c.nextMs);
    return `| ${r.api}, ${r.sizeMib} MiB | ${ratio(best(r.peony), best(r.minimal))} | ${ratio(r.peony.nextCpuMs, r.minimal.nextCpuMs)} | ${ratio(r.peony.firstMs, r.peony.nextMs)} / ${ratio(r.minimal.firstMs, r.minimal.nextMs)} | ${mb(r.peony.maxRss - r.minimal.maxRss)} |`;
  }),
  '',
  'Peak RSS of one v2 upload in a fresh process, by file size:',
  '',
  '| size | peony | minimal | peony − minimal |',
  '| --- | --- | --- | --- |',
  ...memory.map(
    (r) => `| ${r.sizeMib} MiB | ${mb(r.peony)} | ${mb(r.minimal)} | ${mb(r.peony - r.minimal)} |`,
  ),
  `| growth ${memory[0].sizeMib} → ${memory.at(-1).sizeMib} MiB | ${mb(memory.at(-1).peony - memory[0].peony)} | ${mb(memory.at(-1).minimal - memory[0].minimal)} | |`,
  '',
  `With ${faults.failures * 100}% of v2 APPENDs answered 503 by the sandbox (seeded), peony’s ${faults.sizeMib} MiB upload, retries on:`,
  '',
  '| clean | with 503s | ratio |',
  '| --- | --- | --- |',
  `| ${ms(faults.cleanMs)} | ${ms(faults.faultyMs)} | ${ratio(faults.faultyMs, faults.cleanMs)} |`,
  '',
];
const text = lines.join('\n');
const OWN = new Set([
  'Load',
  'Signing',
  'Streams',
  'Requests',
  'Media upload',
  'Profile findings',
  'Under load',
]);
if (!quick) {
  const path = new URL('../BENCHMARKS.md', import.meta.url);
  const previous = await readFile(path, 'utf8').catch(() => '');
  const sections = previous.split(/^(?=## )/m).slice(1);
  // Written by hand, kept across runs: what the profiles found, and the load the figures were taken under.
  const kept = sections.filter((s) =>
    ['Profile findings', 'Under load'].includes(s.slice(3, s.indexOf('\n')).trim()),
  );
  const others = sections.filter((s) => !OWN.has(s.slice(3, s.indexOf('\n')).trim()));
  await writeFile(path, [text, ...kept, ...others].join('\n').replace(/\n{3,}/g, '\n\n'));
}
process.stdout.write(`${text}\n`);
