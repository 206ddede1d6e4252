import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { usableMediaFor } from '../../../src/sandbox/media/media-registry.js';
import { call, type UserCredentials } from './client.js';
import { gif, mp4, png } from './fixtures.js';

const UPLOAD = '/1.1/media/upload.json';
let sb: Sandbox;
let me: UserCredentials;

beforeAll(async () => {
  sb = await startSandbox({ mediaProcessing: { stepMs: 1000, steps: 2, checkAfterSecs: 1 } });
  me = { ...sb.credentials, now: () => sb.context.now() };
});
afterAll(async () => {
  await sb.close();
});

async function image(): Promise<string> {
  const response = await call(sb.url, UPLOAD, {
    auth: me,
    multipart: [{ name: 'media', value: png(4, 3), filename: 'p' }],
  });
  return (response.json as { media_id_string: string }).media_id_string;
}

async function chunked(bytes: Buffer, mediaType: string, category: string): Promise<string> {
  const init = await call(sb.url, UPLOAD, {
    auth: me,
    form: {
      command: 'INIT',
      total_bytes: String(bytes.length),
      media_type: mediaType,
      media_category: category,
    },
  });
  const id = (init.json as { media_id_string: string }).media_id_string;
  await call(sb.url, UPLOAD, {
    auth: me,
    multipart: [
      { name: 'command', value: 'APPEND' },
      { name: 'media_id', value: id },
      { name: 'segment_index', value: '0' },
      { name: 'media', value: bytes, filename: 'c' },
    ],
  });
  await call(sb.url, UPLOAD, { auth: me, form: { command: 'FINALIZE', media_id: id } });
  return id;
}

describe('usableMediaFor', () => {
  it('accepts up to four finished images with their keys and sizes', async () => {
    const ids = [await image(), await image(), await image(), await image()];
    const result = usableMediaFor(sb.context, sb.user.id, ids);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.media[0]).toEqual({
        id: ids[0],
        mediaKey: `3_${ids[0]}`,
        type: 'photo',
        width: 4,
        height: 3,
      });
    expect(usableMediaFor(sb.context, sb.user.id, [...ids, await image()])).toMatchObject({
      ok: false,
      code: 324,
    });
  });

  it('refuses a video until processing has succeeded, and a video next to anything else', async () => {
    const video = await chunked(mp4(1000), 'video/mp4', 'tweet_video');
    expect(usableMediaFor(sb.context, sb.user.id, [video])).toMatchObject({ ok: false, code: 324 });
    sb.clock.advance(2000);
    expect(usableMediaFor(sb.context, sb.user.id, [video])).toMatchObject({
      ok: true,
      media: [{ type: 'video' }],
    });
    expect(usableMediaFor(sb.context, sb.user.id, [video, await image()])).toMatchObject({
      ok: false,
      code: 386,
    });
  });

  it('refuses an animated GIF next to images and a failed upload', async () => {
    const animated = await chunked(gif(6, 6, { animated: true }), 'image/gif', 'tweet_gif');
    const broken = await chunked(mp4(1000, { moov: false }), 'video/mp4', 'tweet_video');
    sb.clock.advance(2000);
    expect(usableMediaFor(sb.context, sb.user.id, [animated])).toMatchObject({
      ok: true,
      media: [{ type: 'animated_gif' }],
    });
    expect(usableMediaFor(sb.context, sb.user.id, [animated, await image()])).toMatchObject({
      ok: false,
      code: 323,
    });
    expect(usableMediaFor(sb.context, sb.user.id, [broken])).toMatchObject({ ok: false, code: 324 });
  });

  it('does not find unknown, foreign or unfinished ids', async () => {
    const stranger = sb.createUser({}).user.id;
    const mine = await image();
    expect(usableMediaFor(sb.context, stranger, [mine])).toEqual({
      ok: false,
      code: 325,
      message: 'A media id was not found.',
    });
    expect(usableMediaFor(sb.context, sb.user.id, ['1'])).toMatchObject({ ok: false, code: 325 });
    const init = await call(sb.url, UPLOAD, {
      auth: me,
      form: { command: 'INIT', total_bytes: '10', media_type: 'image/png' },
    });
    const open = (init.json as { media_id_string: string }).media_id_string;
    expect(usableMediaFor(sb.context, sb.user.id, [open])).toMatchObject({ ok: false, code: 324 });
  });
});

describe('inspection over HTTP', () => {
  it('serves the same view at /__sandbox/media/:id', async () => {
    const id = await image();
    const response = await call(sb.url, `/__sandbox/media/${id}`, { method: 'GET', auth: 'none' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual(JSON.parse(JSON.stringify(await sb.inspect.media(id))));
    expect(response.json).toMatchObject({
      id,
      state: 'succeeded',
      segments: [{ index: 0 }],
      detectedType: 'image/png',
    });
    expect((await call(sb.url, '/__sandbox/media/999', { method: 'GET', auth: 'none' })).status).toBe(404);
  });
});
