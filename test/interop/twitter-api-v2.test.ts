// twitter-api-v2, a popular client, against the sandbox: chunked v1.1 uploads (path and buffer) arrive
// byte for byte, and v2.tweet attaches them. Wiring in twitter-api-v2-wiring.ts.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { mp4, png } from '../sandbox/media/fixtures.js';
import { userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let client: TwitterApi;
let agent: http.Agent;
let folder: string;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  // Processing finishes at once, so the library's first STATUS poll already sees `succeeded`.
  sb = await startSandbox({ mediaProcessing: { stepMs: 1, steps: 1, checkAfterSecs: 1 } });
  agent = new http.Agent({ keepAlive: true });
  client = userClient(sb, agent);
  folder = await mkdtemp(path.join(os.tmpdir(), 'peony-interop-'));
});
afterAll(async () => {
  agent?.destroy();
  await sb?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

interface Inspection {
  sha256: string;
  totalBytes: number;
  state: string;
  segments: unknown[];
}

describe('twitter-api-v2 against the sandbox', () => {
  it('uploads an image from a path and a video from a buffer in chunks, intact, then tweets them', async () => {
    const image = png(64, 48, 200_000);
    const imagePath = path.join(folder, 'picture.png');
    await writeFile(imagePath, image);
    const imageId = await client.v1.uploadMedia(imagePath);

    const video = mp4(300_000);
    const videoId = await client.v1.uploadMedia(video, { mimeType: 'video/mp4', chunkLength: 64 * 1024 });

    const storedImage = (await sb.inspect.media(imageId)) as Inspection;
    expect(storedImage).toMatchObject({
      sha256: sha256(image),
      totalBytes: image.length,
      state: 'succeeded',
    });
    const storedVideo = (await sb.inspect.media(videoId)) as Inspection;
    expect(storedVideo).toMatchObject({
      sha256: sha256(video),
      totalBytes: video.length,
      state: 'succeeded',
    });
    expect(storedVideo.segments.length).toBe(Math.ceil(video.length / (64 * 1024)));

    const withImage = await client.v2.tweet('a picture via twitter-api-v2', {
      media: { media_ids: [imageId] },
    });
    const withVideo = await client.v2.tweet({
      text: 'a video via twitter-api-v2',
      media: { media_ids: [videoId] },
    });
    // X ends a post with media with a t.co link for it.
    expect(withImage.data.text).toMatch(/^a picture via twitter-api-v2 https:\/\/t\.co\/[A-Za-z0-9]{10}$/);

    const read = await client.v2.tweets([withImage.data.id, withVideo.data.id], {
      expansions: ['attachments.media_keys'],
      'media.fields': ['type'],
    });
    expect(read.data.map((tweet) => tweet.id)).toEqual([withImage.data.id, withVideo.data.id]);
    expect(read.includes?.media).toEqual([
      { media_key: `3_${imageId}`, type: 'photo' },
      { media_key: `7_${videoId}`, type: 'video' },
    ]);
  });
});
