// Request overhead: the same tweets posted and read by peony, twitter-api-v2 and X's official SDK (xdk,
// compared, never judged), against a lean fake X in a process of its own (bench/lib/fake-x-process.mjs says why
// not the sandbox), so that this process holds the client alone. For each client and workload: wall time per
// request, and this process's CPU time (user + system, `process.cpuUsage()`) per request, which is the client's
// own cost. All warm up, then rounds alternate (forwards, then backwards) and the best of each figure is kept.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PeonyClient } from '../dist/index.js';
import { pool } from './lib/measure.mjs';
import { localTwitterApi } from './lib/twitter-api-v2-local.mjs';
import { localXdk } from './lib/xdk-local.mjs';

const CLIENTS = {
  peony: (x) => {
    const client = new PeonyClient({ ...x.credentials, baseUrl: x.url });
    return { tweet: (text) => client.tweet(text), me: () => client.me(), close: () => client.close() };
  },
  'twitter-api-v2': (x) => {
    const { client, close } = localTwitterApi(x.url, x.credentials);
    return { tweet: (text) => client.v2.tweet(text), me: () => client.v2.me(), close: async () => close() };
  },
  // Compared, never judged: X's official SDK, signing each request with OAuth 1.0a as the others do.
  xdk: (x) => {
    const client = localXdk(x.url, x.credentials);
    return {
      tweet: (text) => client.posts.create({ text }),
      me: () => client.users.getMe(),
      close: async () => {},
    };
  },
};

async function startFakeX() {
  const child = spawn(process.execPath, [new URL('./lib/fake-x-process.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { ...JSON.parse(line), stop: () => child.kill('SIGTERM') };
}

/** Wall and CPU milliseconds of one run of `fn`. */
async function measured(fn) {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await fn();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { user, system } = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (user + system) / 1000 };
}

/** Each result gives, per client, the best wall and the best CPU time per request, in microseconds. */
export async function benchRequests({
  rounds = 3,
  sequential = 200,
  concurrent = 400,
  concurrency = 16,
} = {}) {
  let n = 0;
  const workloads = [
    [
      `POST /2/tweets, ${sequential} one after another`,
      sequential,
      (c) => pool(sequential, 1, () => c.tweet(`bench ${n++}`)),
    ],
    [
      `POST /2/tweets, ${concurrent} with ${concurrency} in flight`,
      concurrent,
      (c) => pool(concurrent, concurrency, () => c.tweet(`bench ${n++}`)),
    ],
    [`GET /2/users/me, ${sequential} one after another`, sequential, (c) => pool(sequential, 1, c.me)],
  ];
  const x = await startFakeX();
  const results = [];
  try {
    for (const [name, count, run] of workloads) {
      const contestants = Object.entries(CLIENTS).map(([who, make]) => ({
        who,
        client: make(x),
        wallUs: Number.POSITIVE_INFINITY,
        cpuUs: Number.POSITIVE_INFINITY,
      }));
      try {
        for (const c of contestants) await run(c.client);
        for (let round = 0; round < rounds; round++) {
          for (const c of round % 2 === 0 ? contestants : [...contestants].reverse()) {
            const { wallMs, cpuMs } = await measured(() => run(c.client));
            c.wallUs = Math.min(c.wallUs, (wallMs * 1000) / count);
            c.cpuUs = Math.min(c.cpuUs, (cpuMs * 1000) / count);
          }
        }
      } finally {
        for (const c of contestants) await c.client.close();
      }
      results.push({
        name,
        ...Object.fromEntries(contestants.map((c) => [c.who, { wallUs: c.wallUs, cpuUs: c.cpuUs }])),
      });
    }
  } finally {
    x.stop();
  }
  return results;
}
