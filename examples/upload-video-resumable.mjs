// A chunked video upload with progress, cancelled half-way and resumed from its checkpoint: only the
// missing chunks are sent the second time.

import { MediaUploadError } from 'peony';
import { mp4 } from '../bench/lib/media-files.mjs';
import { exampleClient } from './client.mjs';

const { client, close } = await exampleClient();
const video = mp4(3 * 1024 * 1024); // a stand-in video; use a path, a URL or a stream for a real one
try {
  const controller = new AbortController();
  let checkpoint;
  try {
    await client.uploadMedia(video, {
      chunkSize: 256 * 1024,
      signal: controller.signal,
      onCheckpoint: (c) => {
        if (c.sentSegments.length === 6) controller.abort(); // as if the process were interrupted
      },
    });
  } catch (error) {
    if (!(error instanceof MediaUploadError)) throw error;
    checkpoint = error.checkpoint; // JSON: store it anywhere
    console.log(`interrupted with ${checkpoint.sentSegments.length} chunks sent: ${error.message}`);
  }
  const media = await client.uploadMedia(video, {
    resume: checkpoint,
    onProgress: (p) =>
      console.log(
        `${p.phase} ${Math.round((p.bytesSent / p.totalBytes) * 100)}%${p.processingPercent === undefined ? '' : ` (processing ${p.processingPercent}%)`}`,
      ),
  });
  console.log(`media ${media.mediaId} is ${media.processingInfo?.state ?? 'ready'}`);
  const tweet = await client.tweet({
    text: 'A video that survived an interruption',
    mediaIds: [media.mediaId],
  });
  console.log(`posted ${tweet.id}`);
} finally {
  await close();
}
