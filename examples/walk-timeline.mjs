// Pages: walk a user's posts lazily, collect a bounded number, and poll for what is new.

import { exampleClient } from './client.mjs';

const { client, close } = await exampleClient();
try {
  const me = await client.me();
  for (let i = 0; i < 7; i++) await client.tweet(`post number ${i} (${Date.now()})`);

  for await (const tweet of client.userTweets(me.id, { max_results: 5 })) console.log(`- ${tweet.text}`);
  const latest = await client.userTweets(me.id).toArray({ limit: 3 });
  console.log(`the 3 latest: ${latest.map((t) => t.id).join(', ')}`);

  const poller = client.userTweetsPoller(me.id);
  await poller.poll(); // sets the mark
  await client.tweet(`something new (${Date.now()})`);
  const { items } = await poller.poll();
  console.log(`new since the last poll: ${items.map((t) => t.text).join(' | ')}`);
} finally {
  await close();
}
