// Load cost: `import 'peony'` and `peony --help` in fresh processes, beside bare Node. Rounds alternate;
// the median of each is kept. RSS is the process's peak resident set (maxRSS) at exit.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const REPORT = 'process.stdout.write(String(process.resourceUsage().maxRSS * 1024))';

const CASES = {
  'bare Node': ['--input-type=module', '-e', REPORT],
  "import 'peony'": ['--input-type=module', '-e', `await import('peony'); ${REPORT}`],
  "import 'peony/sandbox'": ['--input-type=module', '-e', `await import('peony/sandbox'); ${REPORT}`],
  'peony --help': ['dist/cli/main.js', '--help'],
};

async function once(args) {
  const started = process.hrtime.bigint();
  const { stdout } = await run(process.execPath, args, { cwd: root });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, rss: /^\d+$/.test(stdout) ? Number(stdout) : undefined };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export async function benchLoad({ rounds = 9 } = {}) {
  const samples = Object.fromEntries(Object.keys(CASES).map((name) => [name, { ms: [], rss: [] }]));
  const names = Object.keys(CASES);
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const { ms, rss } = await once(CASES[name]);
      samples[name].ms.push(ms);
      if (rss !== undefined) samples[name].rss.push(rss);
    }
  }
  return Object.entries(samples).map(([name, s]) => ({
    name,
    ms: median(s.ms),
    rss: s.rss.length > 0 ? median(s.rss) : undefined,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchLoad()) {
    console.log(row.name, `${row.ms.toFixed(0)} ms`, row.rss ? `${(row.rss / 1048576).toFixed(1)} MB` : '');
  }
}
