// Pagination reached from the path builder and the client's list helpers, against the sandbox.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeonyClient, type StatusV1 } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let client: PeonyClient;
const posted: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
  for (let i = 0; i < 13; i++) posted.push((await client.tweet(`paged post ${i}`)).id);
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

describe('paginate from a path', () => {
  it('walks v2 pagination tokens with .paginate(), newest first, stopping at the limit', async () => {
    const tweets = await client.v2
      .users(sandbox.user.id)
      .tweets.paginate({ max_results: 5 })
      .toArray({ limit: 12 });
    expect(tweets.map((t) => t.id)).toEqual([...posted].reverse().slice(0, 12));
  });

  it('walks v1.1 cursors and max_id chosen from the path', async () => {
    const pages = [];
    for await (const page of client.api.followers.ids.paginate({ count: 10 }).pages()) pages.push(page);
    expect(pages.length).toBeGreaterThan(1);
    expect(new Set(pages.flatMap((p) => p.data)).size).toBe(pages.flatMap((p) => p.data).length);
    const timeline = await client.api.statuses.user_timeline
      .paginate<StatusV1>({ count: 4 })
      .toArray({ limit: 13 });
    expect(timeline.map((s) => s.id_str)).toEqual([...posted].reverse());
  });

  it('offers the everyday lists as client methods', async () => {
    const mine = await client.userTweets(sandbox.user.id, { max_results: 10 }).toArray({ limit: 3 });
    expect(mine.map((t) => t.id)).toEqual([...posted].reverse().slice(0, 3));
    const found = await client.searchRecent('"paged post"').toArray({ limit: 100 });
    expect(found).toHaveLength(13);
    expect((await client.followerIds().toArray({ limit: 1000 })).length).toBeGreaterThanOrEqual(25);
  });
});
