// Request overhead: the same tweets posted and read by peony and by twitter-api-v2. Each client gets a
// fresh sandbox for each workload, so that neither runs against a store the other has already filled
// (the sandbox's duplicate check grows with the number of tweets); rounds alternate after a warm-up.

import { PeonyClient } from '../dist/index.js';
import { startSandbox } from '../dist/sandbox/index.js';
import { pool, timed } from './lib/measure.mjs';
import { localTwitterApi } from './lib/twitter-api-v2-local.mjs';

const UNLIMITED = { user: 1e9, app: 1e9, app24h: 1e9, user24h: 1e9 };

const CLIENTS = {
  peony: (sandbox) => {
    const client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
    return { tweet: (text) => client.tweet(text), me: () => client.me(), close: () => client.close() };
  },
  'twitter-api-v2': (sandbox) => {
    const { client, close } = localTwitterApi(sandbox.url, sandbox.credentials);
    return { tweet: (text) => client.v2.tweet(text), me: () => client.v2.me(), close: async () => close() };
  },
};

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
      (c) => pool(sequential, 1, () => c.tweet(`bench ${n++}`)),
    ],
    [
      `POST /2/tweets, ${concurrent} with ${concurrency} in flight`,
      (c) => pool(concurrent, concurrency, () => c.tweet(`bench ${n++}`)),
    ],
    [`GET /2/users/me, ${sequential} one after another`, (c) => pool(sequential, 1, c.me)],
  ];
  const results = [];
  for (const [name, run] of workloads) {
    const contestants = await Promise.all(
      Object.entries(CLIENTS).map(async ([who, make]) => {
        const sandbox = await startSandbox({
          port: 0,
          rateLimits: { 'POST /2/tweets': UNLIMITED, 'GET /2/users/me': UNLIMITED },
        });
        return { who, sandbox, client: make(sandbox), best: Number.POSITIVE_INFINITY };
      }),
    );
    try {
      // Both warm up first (the sandbox's code is shared and JIT-compiled by whoever runs first), then the
      // rounds alternate, so that neither always runs on a warmer machine.
      for (const c of contestants) await run(c.client);
      for (let round = 0; round < rounds; round++) {
        for (const c of round % 2 === 0 ? contestants : [...contestants].reverse()) {
          c.best = Math.min(c.best, await timed(() => run(c.client)));
        }
      }
    } finally {
      for (const c of contestants) {
        await c.client.close();
        await c.sandbox.close();
      }
    }
    results.push({ name, ...Object.fromEntries(contestants.map((c) => [c.who, c.best])) });
  }
  return results;
}
