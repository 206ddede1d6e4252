// Shared by the examples: a client for X when PEONY_* credentials are set, else for a local sandbox (said loudly).
// Run any example from the repository after `npm ci`: `node examples/post-with-media.mjs`.

import { PeonyClient } from 'peony';
import { startSandbox } from 'peony/sandbox';

export async function exampleClient(options = {}) {
  const env = process.env;
  if (env.PEONY_CONSUMER_KEY && env.PEONY_ACCESS_TOKEN) {
    const client = new PeonyClient({
      consumerKey: env.PEONY_CONSUMER_KEY,
      consumerSecret: env.PEONY_CONSUMER_SECRET,
      accessToken: env.PEONY_ACCESS_TOKEN,
      accessTokenSecret: env.PEONY_ACCESS_TOKEN_SECRET,
      baseUrl: env.PEONY_BASE_URL,
      ...options,
    });
    return { client, sandbox: undefined, close: () => client.close() };
  }
  const sandbox = await startSandbox({
    port: 0,
    mediaProcessing: { stepMs: 100, steps: 5, checkAfterSecs: 1 },
  });
  console.error(
    `NO CREDENTIALS SET: this example runs against a local X sandbox at ${sandbox.url}; nothing reaches X.`,
  );
  const client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url, ...options });
  return {
    client,
    sandbox,
    async close() {
      await client.close();
      await sandbox.close();
    },
  };
}
