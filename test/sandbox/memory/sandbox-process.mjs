// A sandbox in a process of its own (started with --expose-gc), so its memory can be read without the test
// runner's own in the figures. It reports its URL, then answers each `measure` message with its memory after
// full garbage collections, and each `stop` by closing.
import { startSandbox } from '../../../dist/sandbox/index.js';

const sandbox = await startSandbox();

/** Several collections, with a turn of the event loop between, so finalizers and weak maps settle. */
async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

process.on('message', async (message) => {
  if (message === 'measure') {
    await settle();
    const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ heapUsed, rss, external, arrayBuffers });
  } else if (message === 'stop') {
    await sandbox.close();
    process.disconnect();
  }
});
process.send?.({ url: sandbox.url, credentials: sandbox.credentials });
