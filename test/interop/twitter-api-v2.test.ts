// twitter-api-v2, a popular client, against the sandbox: chunked v1.1 uploads (path and buffer) arrive
// byte for byte, and v2.tweet attaches them. Wiring per /work/shared/notes/twitter-api-v2-on-localhost.md.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { mp4, png } from '../sandbox/media/fixtures.js';

interface RequestParams {
  url: string;
  method: string;
  forceBodyMode?: 'json' | 'url' | 'form-data' | 'raw';
}
interface RequestMaker {
  send(params: RequestParams): Promise<unknown>;
  sendStream(params: RequestParams): unknown;
}

const X_HOSTS = /^https:\/\/(?:api|upload|stream)\.(?:x|twitter)\.com/;

let sb: Sandbox;
let client: TwitterApi;
let agent: http.Agent;
let folder: string;

/** Points every request at the sandbox, synchronously, before the library signs and builds the body. */
function routeToSandbox(api: TwitterApi, origin: string): void {
  const maker = (api as unknown as { _requestMaker: RequestMaker })._requestMaker;
  const rewrite = (params: RequestParams): RequestParams => {
    const url = params.url.replace(X_HOSTS, origin);
    const isUploadPost =
      params.method.toUpperCase() === 'POST' && new URL(url).pathname === '/1.1/media/upload.json';
    return { ...params, url, ...(isUploadPost ? { forceBodyMode: 'form-data' as const } : {}) };
  };
  const send = maker.send.bind(maker);
  const sendStream = maker.sendStream.bind(maker);
  maker.send = (params) => send(rewrite(params));
  maker.sendStream = (params) => sendStream(rewrite(params));
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  // Processing finishes at once, so the library's first STATUS poll already sees `succeeded`.
  sb = await startSandbox({ mediaProcessing: { stepMs: 1, steps: 1, checkAfterSecs: 1 } });
  agent = new http.Agent({ keepAlive: true });
  client = new TwitterApi(
    {
      appKey: sb.credentials.consumerKey,
      appSecret: sb.credentials.consumerSecret,
      accessToken: sb.credentials.accessToken,
      accessSecret: sb.credentials.accessTokenSecret,
    },
    { httpAgent: agent },
  );
  routeToSandbox(client, sb.url);
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
    expect(withImage.data.text).toBe('a picture via twitter-api-v2');

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
