// Request overhead: the same tweets posted and read by peony and by twitter-api-v2, on one sandbox.

import { PeonyClient } from '../dist/index.js';
import { startSandbox } from '../dist/sandbox/index.js';
import { bestOf, pool } from './lib/measure.mjs';
import { localTwitterApi } from './lib/twitter-api-v2-local.mjs';

const UNLIMITED = { user: 1e9, app: 1e9, app24h: 1e9, user24h: 1e9 };

export async function benchRequests({
  rounds = 3,
  sequential = 200,
  concurrent = 400,
  concurrency = 16,
} = {}) {
  const sandbox = await startSandbox({
    port: 0,
    rateLimits: { 'POST /2/tweets': UNLIMITED, 'GET /2/users/me': UNLIMITED, 'GET /2/tweets/:id': UNLIMITED },
  });
  const peony = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
  const other = localTwitterApi(sandbox.url, sandbox.credentials);
  let n = 0;
  const text = (who) => `${who} bench tweet ${n++} ${Date.now()}`;
  const clients = {
    peony: {
      tweet: () => peony.tweet(text('peony')),
      me: () => peony.me(),
    },
    'twitter-api-v2': {
      tweet: () => other.client.v2.tweet(text('tav2')),
      me: () => other.client.v2.me(),
    },
  };
  const results = [];
  try {
    for (const [name, run] of [
      [`POST /2/tweets, ${sequential} one after another`, (c) => pool(sequential, 1, c.tweet)],
      [
        `POST /2/tweets, ${concurrent} with ${concurrency} in flight`,
        (c) => pool(concurrent, concurrency, c.tweet),
      ],
      [`GET /2/users/me, ${sequential} one after another`, (c) => pool(sequential, 1, c.me)],
    ]) {
      const row = { name };
      for (const [who, client] of Object.entries(clients)) row[who] = await bestOf(rounds, () => run(client));
      results.push(row);
    }
  } finally {
    await peony.close();
    other.close();
    await sandbox.close();
  }
  return results;
}
