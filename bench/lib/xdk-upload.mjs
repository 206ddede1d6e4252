// X's official SDK's v2 chunked upload, driven as its own test of it is (test/interop/xdk.test.ts): the SDK has
// `media.initializeUpload`, `media.appendUpload` and `media.finalizeUpload`, one call per request, and no helper
// that reads a file or chunks it, so the caller reads each segment and hands it over base64-encoded (appendUpload
// sends JSON). Segments are read from the file one at a time as they are sent; the chunk size and the number in
// flight are the same as peony's and the minimal client's (the SDK has no default for either).

import { open, stat } from 'node:fs/promises';
import { pool } from './measure.mjs';

/** Uploads `path` (an MP4); resolves when FINALIZE has answered. */
export async function xdkUpload(client, path, { chunkSize, inFlight }) {
  const { size } = await stat(path);
  const init = await client.media.initializeUpload({
    mediaType: 'video/mp4',
    totalBytes: size,
    mediaCategory: 'tweet_video',
  });
  const id = init.data?.id;
  if (id === undefined) throw new Error(`initialize gave no id: ${JSON.stringify(init)}`);
  const file = await open(path);
  try {
    await pool(Math.ceil(size / chunkSize), inFlight, async (index) => {
      const segment = Buffer.allocUnsafe(Math.min(chunkSize, size - index * chunkSize));
      await file.read(segment, 0, segment.length, index * chunkSize);
      await client.media.appendUpload(id, { media: segment.toString('base64'), segmentIndex: index });
    });
  } finally {
    await file.close();
  }
  return client.media.finalizeUpload(id);
}
