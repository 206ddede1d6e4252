// A sandbox and a client that records the URL of every request it sends, for counting pages.

import { PeonyClient, type PeonyClientOptions } from '../../src/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';

export interface Harness {
  readonly sb: Sandbox;
  readonly client: PeonyClient;
  /** Every request sent (retries and rate-limit waits included), in order. */
  readonly sent: URL[];
  /** The requests sent to one path. */
  sentTo(path: string): URL[];
  close(): Promise<void>;
}

export async function startHarness(
  sandboxOptions: SandboxOptions = {},
  clientOptions: PeonyClientOptions = {},
): Promise<Harness> {
  const sb = await startSandbox(sandboxOptions);
  const sent: URL[] = [];
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = sb.credentials;
  const client = new PeonyClient({
    consumerKey,
    consumerSecret,
    accessToken,
    accessTokenSecret,
    baseUrl: sb.url,
    retry: false,
    logger: {
      debug(message) {
        if (message.startsWith('→ ')) sent.push(new URL(message.split(' ')[2] ?? ''));
      },
    },
    ...clientOptions,
  });
  return {
    sb,
    client,
    sent,
    sentTo: (path) => sent.filter((url) => url.pathname === path),
    async close() {
      await client.close();
      await sb.close();
    },
  };
}

/** Posts `count` tweets as the default user and returns their ids, oldest first. */
export async function postTweets(client: PeonyClient, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const tweet = await client.tweet(`${prefix} number ${i}`);
    ids.push(tweet.id);
  }
  return ids;
}
