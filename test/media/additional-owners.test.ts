// additional_owners reach X on every upload path (one-shot and chunked, v1.1 and v2), as the sandbox records them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4, png } from '../../bench/lib/media-files.mjs';
import { type MediaApi, PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let client: PeonyClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, mediaProcessing: { stepMs: 5, steps: 1, checkAfterSecs: 0 } });
  client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url, retry: false });
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

const owners = ['783214', '6253282'];
const ownersOf = async (id: string) =>
  ((await sandbox.inspect.media(id)) as { additionalOwners: string[] }).additionalOwners;

describe('additional owners', () => {
  it.each(['v2', 'v1.1'] as MediaApi[])('go with a one-shot image upload over %s', async (api) => {
    const media = await client.uploadMedia(png(2_000), { api, additionalOwners: owners });
    expect(await ownersOf(media.mediaId)).toEqual(owners);
  });

  it.each(['v2', 'v1.1'] as MediaApi[])('go with the INIT of a chunked upload over %s', async (api) => {
    const media = await client.uploadMedia(mp4(150 * 1024), {
      api,
      chunkSize: 64 * 1024,
      additionalOwners: owners,
    });
    expect(media.category).toBe('tweet_video');
    expect(await ownersOf(media.mediaId)).toEqual(owners);
  });

  it('are left out when the list is empty', async () => {
    const media = await client.uploadMedia(png(2_000), { additionalOwners: [] });
    expect(await ownersOf(media.mediaId)).toEqual([]);
  });
});
