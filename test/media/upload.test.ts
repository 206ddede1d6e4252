// Media upload end to end against the sandbox: every input kind, both APIs, faults, cancel and resume.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenMp4, gif, mp4, png } from '../../bench/lib/media-files.mjs';
import {
  InvalidMediaError,
  type MediaApi,
  MediaProcessingError,
  MediaUploadError,
  PeonyClient,
  type UploadCheckpoint,
  type UploadProgress,
} from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { startTestServer } from '../helpers/test-server.js';

interface Inspection {
  state: string;
  sha256: string;
  totalBytes: number;
  category: string;
  mediaType: string;
  altText: string | null;
  segments: { index: number; size: number }[];
}

let sandbox: Sandbox;
let client: PeonyClient;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, mediaProcessing: { stepMs: 20, steps: 3, checkAfterSecs: 0 } });
  client = new PeonyClient({
    ...sandbox.credentials,
    baseUrl: sandbox.url,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 10 },
  });
  dir = await mkdtemp(join(tmpdir(), 'peony-media-test-'));
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const inspect = async (id: string) => (await sandbox.inspect.media(id)) as Inspection;
const KB = 1024;

describe('uploadMedia', () => {
  it('uploads a small image in one request and posts it', async () => {
    const bytes = png(3_000);
    const path = join(dir, 'small.png');
    await writeFile(path, bytes);
    const media = await client.uploadMedia(path, { altText: 'a small test image' });
    expect(media.mediaType).toBe('image/png');
    expect(media.category).toBe('tweet_image');
    const seen = await inspect(media.mediaId);
    expect(seen.sha256).toBe(sha(bytes));
    expect(seen.altText).toBe('a small test image');
    const tweet = await client.tweet({ text: 'with a picture', mediaIds: [media.mediaId] });
    expect(tweet.id).toMatch(/^\d+$/);
  });

  it.each(['v2', 'v1.1'] as MediaApi[])(
    'uploads a video in parallel chunks over %s, waits for processing, arrives byte for byte',
    async (api) => {
      const bytes = mp4(700 * KB);
      const progress: UploadProgress[] = [];
      const media = await client.uploadMedia(bytes, {
        api,
        chunkSize: 64 * KB,
        concurrency: 4,
        onProgress: (p) => progress.push(p),
      });
      expect(media.category).toBe('tweet_video');
      expect(media.processingInfo?.state).toBe('succeeded');
      const seen = await inspect(media.mediaId);
      expect(seen.state).toBe('succeeded');
      expect(seen.segments).toHaveLength(11);
      expect(seen.sha256).toBe(sha(bytes));
      const sent = progress.filter((p) => p.phase === 'uploading').map((p) => p.bytesSent);
      expect(sent).toEqual([...sent].sort((a, b) => a - b));
      expect(sent.at(-1)).toBe(bytes.length);
      expect(progress.some((p) => p.phase === 'processing')).toBe(true);
      expect(progress.at(-1)?.phase).toBe('done');
      await client.tweet({ text: `video over ${api}`, mediaIds: [media.mediaId] });
    },
  );

  it('takes every kind of input', async () => {
    const bytes = mp4(200 * KB, 11);
    const path = join(dir, 'clip.mp4');
    await writeFile(path, bytes);
    const files = await startTestServer(() => ({ bytes, headers: { 'content-type': 'video/mp4' } }));
    const handle = await open(path, 'r');
    const inputs: [string, () => unknown][] = [
      ['path', () => path],
      ['file URL', () => new URL(`file://${path}`)],
      ['file URL as a string', () => `file://${path}`],
      ['http URL as a string', () => `${files.url}/clip.mp4`],
      ['http URL', () => new URL(`${files.url}/clip.mp4`)],
      ['FileHandle', () => handle],
      ['Node stream', () => createReadStream(path)],
      ['web stream', () => Readable.toWeb(createReadStream(path))],
      ['Buffer', () => bytes],
      ['ArrayBuffer', () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)],
      ['Blob', () => new Blob([bytes])],
      ['Response', () => new Response(bytes)],
    ];
    try {
      for (const [name, make] of inputs) {
        const media = await client.uploadMedia(make() as Parameters<PeonyClient['uploadMedia']>[0], {
          chunkSize: 64 * KB,
        });
        expect((await inspect(media.mediaId)).sha256, name).toBe(sha(bytes));
      }
      // A FileHandle passed in stays open: it is the caller's.
      expect((await handle.stat()).size).toBe(bytes.length);
    } finally {
      await handle.close();
      await files.close();
    }
  });

  it('downloads media at a URL through the client’s own dispatcher', async () => {
    const bytes = png(2_000);
    const files = await startTestServer(() => ({ bytes, headers: { 'content-type': 'image/png' } }));
    const seen: string[] = [];
    const agent = new Agent();
    const recording = agent.compose((dispatch: Dispatcher['dispatch']) => (opts, handler) => {
      seen.push(`${opts.origin}${opts.path}`);
      return dispatch(opts, handler);
    });
    await using viaAgent = new PeonyClient({
      ...sandbox.credentials,
      baseUrl: sandbox.url,
      dispatcher: recording,
    });
    const media = await viaAgent.uploadMedia(new URL(`${files.url}/flower.png`));
    expect(seen).toContain(`${files.url}/flower.png`);
    expect((await inspect(media.mediaId)).sha256).toBe(sha(bytes));
    await files.close();
    await agent.close();
  });

  it('files an animated GIF as tweet_gif and a one-frame GIF as an image', async () => {
    const animated = await client.uploadMedia(gif(3));
    expect(animated.category).toBe('tweet_gif');
    expect((await inspect(animated.mediaId)).state).toBe('succeeded');
    const still = await client.uploadMedia(gif(1));
    expect(still.category).toBe('tweet_image');
    const dm = await client.uploadMedia(mp4(20 * KB), { target: 'dm' });
    expect(dm.category).toBe('dm_video');
  });

  it('refuses bad input before sending anything, with a clear error', async () => {
    const before = (await readdir(dir)).length;
    await expect(client.uploadMedia(Buffer.from('just some text, not media'))).rejects.toThrow(
      InvalidMediaError,
    );
    await expect(client.uploadMedia(join(dir, 'missing.png'))).rejects.toThrow(/No file at/);
    await expect(client.uploadMedia(png(6 * 1024 * KB))).rejects.toThrow(
      /X allows 5242880 bytes for tweet_image/,
    );
    await expect(client.uploadMedia(png(100), { mediaType: 'image/jpeg' })).rejects.toThrow(
      /bytes are image\/png/,
    );
    await expect(client.uploadMedia(mp4(10 * KB), { chunkSize: 6 * 1024 * KB })).rejects.toThrow(
      /^chunkSize must be a whole number of bytes from 1 to 5242880/,
    );
    // A resumed upload takes the checkpoint's chunk size: the message names the checkpoint, not the option.
    const edited = {
      api: 'v2',
      mediaId: '1880000000000000000',
      mediaType: 'video/mp4',
      category: 'tweet_video',
      totalBytes: 10 * KB,
      chunkSize: 6 * 1024 * KB,
      sentSegments: [],
      expiresAt: undefined,
    } as const;
    await expect(client.uploadMedia(mp4(10 * KB), { resume: edited, chunkSize: 64 * KB })).rejects.toThrow(
      /^The checkpoint's "chunkSize" is 6291456, not a whole number of bytes/,
    );
    // A valid checkpoint with another chunkSize: the segments would not line up with those X already has.
    await expect(
      client.uploadMedia(mp4(10 * KB), { resume: { ...edited, chunkSize: 4 * KB }, chunkSize: 8 * KB }),
    ).rejects.toThrow(
      /^chunkSize is 8192 but the checkpoint's "chunkSize" is 4096: a resumed upload must cut/,
    );
    await expect(client.uploadMedia(new Uint8Array(0))).rejects.toThrow(/empty/);
    await expect(client.uploadMedia(mp4(10 * KB), { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(client.uploadMedia(png(100), { altText: 'x'.repeat(1001) })).rejects.toThrow(/1000/);
    expect((await readdir(dir)).length).toBe(before);
  });

  it('refuses alt text on a video before sending a byte: X takes it on images and GIFs only', async () => {
    const server = await startTestServer();
    const scripted = new PeonyClient({ ...sandbox.credentials, baseUrl: server.url });
    try {
      const error = await scripted.uploadMedia(mp4(10 * KB), { altText: 'a clip' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidMediaError);
      expect((error as Error).message).toBe(
        'altText is for images and GIFs only: X refuses it on tweet_video once the upload is done. Leave altText out for this video.',
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await scripted.close();
      await server.close();
    }
  });

  it('reports X’s processing failure as a MediaProcessingError', async () => {
    const error = await client.uploadMedia(brokenMp4(50 * KB)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaProcessingError);
    expect((error as MediaProcessingError).failure?.name).toBe('InvalidMedia');
    expect((error as MediaProcessingError).message).toContain('Unsupported video format');
  });

  // From a path, each segment is read into a buffer that later segments use again once its request has
  // settled: a retry, a cut-off body and segments in flight beside each other must still send their own bytes.
  it.each(['a Buffer', 'a file path'])(
    'retries failed and cut-off APPENDs from %s, and the media still arrives intact',
    async (input) => {
      const bytes = mp4(400 * KB + 123, 5);
      const path = join(dir, 'retried.mp4');
      await writeFile(path, bytes);
      const rules = [
        sandbox.faults.add({
          route: 'POST /2/media/upload/:id/append',
          kind: 'error',
          status: 503,
          sequence: [0, 1, 0, 1],
        }),
        sandbox.faults.add({
          route: 'POST /2/media/upload/:id/append',
          kind: 'reset-request',
          afterBytes: 1000,
          sequence: [0, 0, 0, 0, 0, 1],
        }),
      ];
      try {
        const media = await client.uploadMedia(input === 'a Buffer' ? bytes : path, {
          chunkSize: 64 * KB,
          concurrency: 3,
        });
        const seen = await inspect(media.mediaId);
        expect(seen.segments).toHaveLength(7);
        expect(seen.sha256).toBe(sha(bytes));
        expect(sandbox.faults.list().reduce((n, r) => n + r.fired, 0)).toBeGreaterThanOrEqual(3);
      } finally {
        for (const id of rules) sandbox.faults.remove(id);
      }
    },
  );

  it('sends the next segment while a failed one waits out its backoff, then the failed one', async () => {
    const bytes = mp4(4 * 64 * KB, 8);
    const rule = sandbox.faults.add({
      route: 'POST /2/media/upload/:id/append',
      kind: 'error',
      status: 503,
      sequence: [1],
    });
    const order: number[] = [];
    try {
      const media = await client.uploadMedia(bytes, {
        chunkSize: 64 * KB,
        concurrency: 1,
        onCheckpoint: (checkpoint) => {
          for (const index of checkpoint.sentSegments) if (!order.includes(index)) order.push(index);
        },
      });
      // Segment 1 goes while 0 waits; 0 goes once its backoff has passed (before 2 and 3 if it is short).
      expect(order[0]).toBe(1);
      expect([...order].sort()).toEqual([0, 1, 2, 3]);
      expect((await inspect(media.mediaId)).sha256).toBe(sha(bytes));
    } finally {
      sandbox.faults.remove(rule);
    }
  });

  it('can be cancelled and resumed from its checkpoint, sending only the missing segments', async () => {
    const bytes = mp4(640 * KB, 13);
    const path = join(dir, 'resume.mp4');
    await writeFile(path, bytes);
    const controller = new AbortController();
    const checkpoints: UploadCheckpoint[] = [];
    const error = await client
      .uploadMedia(path, {
        chunkSize: 64 * KB,
        concurrency: 1,
        signal: controller.signal,
        onCheckpoint: (c) => {
          checkpoints.push(c);
          if (c.sentSegments.length === 4) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaUploadError);
    const { checkpoint } = error as MediaUploadError;
    expect(checkpoint.sentSegments).toEqual([0, 1, 2, 3]);
    expect(checkpoints.at(-1)).toEqual(checkpoint);

    // A new client, as after a restart, continues the same media id.
    await using later = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
    const appended: number[] = [];
    const media = await later.uploadMedia(path, {
      resume: JSON.parse(JSON.stringify(checkpoint)) as UploadCheckpoint,
      onCheckpoint: (c) => appended.push(c.sentSegments.length),
    });
    expect(media.mediaId).toBe(checkpoint.mediaId);
    expect(appended).toEqual([5, 6, 7, 8, 9, 10]);
    expect((await inspect(media.mediaId)).sha256).toBe(sha(bytes));
  });

  it('closes what it opens: no file descriptor and no temp file left behind', async () => {
    const fds = async () => (await readdir('/proc/self/fd')).length;
    const tempDir = await mkdtemp(join(tmpdir(), 'peony-spool-test-'));
    const before = await fds();
    const bytes = mp4(128 * KB);
    const path = join(dir, 'fd.mp4');
    await writeFile(path, bytes);
    for (let i = 0; i < 5; i++) {
      await client.uploadMedia(path, { chunkSize: 32 * KB });
      await client.uploadMedia(Readable.from([bytes]), { chunkSize: 32 * KB, tempDir });
      await client.uploadMedia(join(dir, 'missing.mp4')).catch(() => undefined);
    }
    expect(await readdir(tempDir)).toEqual([]);
    expect(await fds()).toBeLessThanOrEqual(before + 2);
    await rm(tempDir, { recursive: true });
  });
});
