import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, type CallOptions, call, type UserCredentials } from './client.js';
import { gif, mp4, notMedia, png, SRT, sha256, split } from './fixtures.js';

let sb: Sandbox;
let me: UserCredentials;

function oauth2Token(scopes: string[]): Auth {
  const token = `test-oauth2-${scopes.join('-')}`;
  sb.context.store.oauth2AccessTokens.set(token, {
    token,
    clientId: sb.credentials.clientId,
    userId: sb.user.id,
    scopes: new Set(scopes),
    expiresAt: sb.context.now() + 3_600_000,
  });
  return { bearer: token };
}

beforeAll(async () => {
  sb = await startSandbox({ mediaProcessing: { stepMs: 1000, steps: 2, checkAfterSecs: 1 } });
  me = { ...sb.credentials, now: () => sb.context.now() };
});
afterAll(async () => {
  await sb.close();
});

const v2 = (path: string, options: Omit<CallOptions, 'auth'> & { auth?: Auth }) =>
  call(sb.url, path, { auth: me, ...options });

async function initialize(json: Record<string, unknown>, auth: Auth = me): Promise<string> {
  const response = await v2('/2/media/upload/initialize', { auth, json });
  expect(response.status, response.text).toBe(200);
  return (response.json as { data: { id: string } }).data.id;
}

const appendMultipart = (id: string, index: number, bytes: Buffer, auth: Auth = me) =>
  v2(`/2/media/upload/${id}/append`, {
    auth,
    multipart: [
      { name: 'segment_index', value: String(index) },
      { name: 'media', value: bytes, filename: 'chunk', contentType: 'application/octet-stream' },
    ],
  });

const finalize = (id: string, auth: Auth = me) => v2(`/2/media/upload/${id}/finalize`, { auth });

describe('v2 chunked upload', () => {
  it('initializes, appends (multipart and JSON base64) and finalizes with string ids in data', async () => {
    const bytes = mp4(200_000);
    const init = await v2('/2/media/upload/initialize', {
      json: { media_type: 'video/mp4', total_bytes: bytes.length, media_category: 'amplify_video' },
    });
    const data = (init.json as { data: { id: string; media_key: string; expires_after_secs: number } }).data;
    expect(data).toEqual({ id: data.id, media_key: `13_${data.id}`, expires_after_secs: 86400 });
    const [a, b, c] = split(bytes, 70_000) as [Buffer, Buffer, Buffer];
    const appended = await Promise.all([
      appendMultipart(data.id, 2, c),
      v2(`/2/media/upload/${data.id}/append`, { json: { segment_index: 1, media: b.toString('base64') } }),
      appendMultipart(data.id, 0, a),
    ]);
    for (const answer of appended) {
      expect(answer.status, answer.text).toBe(200);
      expect((answer.json as { data: { expires_at: number } }).data.expires_at).toBeGreaterThan(
        sb.context.now() / 1000,
      );
    }
    const done = await finalize(data.id);
    expect(done.status).toBe(200);
    expect(done.json).toEqual({
      data: {
        id: data.id,
        media_key: `13_${data.id}`,
        size: bytes.length,
        expires_after_secs: 86400,
        processing_info: { state: 'pending', check_after_secs: 1 },
        video: { video_type: 'video/mp4' },
      },
    });
    expect(((await sb.inspect.media(data.id)) as { sha256: string }).sha256).toBe(sha256(bytes));
    sb.clock.advance(1000);
    const during = await v2('/2/media/upload', { method: 'GET', query: { media_id: data.id } });
    expect(during.json).toMatchObject({
      data: { processing_info: { state: 'in_progress', progress_percent: 50 } },
    });
    sb.clock.advance(1000);
    const after = await v2('/2/media/upload', {
      method: 'GET',
      query: { command: 'STATUS', media_id: data.id },
    });
    expect(after.json).toMatchObject({
      data: { processing_info: { state: 'succeeded', progress_percent: 100 } },
    });
  });

  it('answers errors as v2 problems', async () => {
    const id = await initialize({ media_type: 'image/png', total_bytes: 10 });
    const badIndex = await appendMultipart(id, 1000, Buffer.from('abc'));
    expect(badIndex.status).toBe(400);
    expect(badIndex.headers['content-type']).toContain('application/problem+json');
    expect(badIndex.json).toEqual({
      type: 'https://api.x.com/2/problems/invalid-request',
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      errors: [
        { message: 'SegmentIndex must be between 0 and 999.', parameters: { segment_index: ['1000'] } },
      ],
    });
    const unknown = await finalize('42');
    expect(unknown.json).toMatchObject({ errors: [{ message: 'Invalid or expired media_id: 42.' }] });
    const tooBig = await v2('/2/media/upload/initialize', {
      json: { media_type: 'image/png', total_bytes: 6 * 1024 * 1024 },
    });
    expect(tooBig.json).toMatchObject({ errors: [{ message: 'File size exceeds 5242880 bytes.' }] });
    const missing = await v2('/2/media/upload', { method: 'GET', query: { command: 'STATUS' } });
    expect(missing.json).toMatchObject({
      errors: [{ message: 'The `media_id` query parameter can not be empty', parameters: { media_id: [] } }],
    });
  });

  it('needs media.write on OAuth 2.0 user tokens', async () => {
    const without = await v2('/2/media/upload/initialize', {
      auth: oauth2Token(['tweet.read']),
      json: { media_type: 'image/png', total_bytes: 10 },
    });
    expect(without.status).toBe(403);
    const id = await initialize({ media_type: 'image/png', total_bytes: 10 }, oauth2Token(['media.write']));
    expect(id).toMatch(/^[0-9]+$/);
    const appOnly = await v2('/2/media/upload/initialize', {
      auth: { bearer: sb.credentials.bearerToken },
      json: { media_type: 'image/png', total_bytes: 10 },
    });
    expect(appOnly.status).toBe(403);
  });
});

describe('v2 one-shot upload', () => {
  it('takes images as multipart or JSON base64, and subtitles, but refuses video', async () => {
    const bytes = png(32, 16, 500);
    const multipart = await v2('/2/media/upload', {
      multipart: [
        { name: 'media_category', value: 'tweet_image' },
        { name: 'media', value: bytes, filename: 'p.png', contentType: 'image/png' },
      ],
    });
    expect(multipart.status, multipart.text).toBe(200);
    expect(multipart.json).toMatchObject({
      data: { size: bytes.length, image: { image_type: 'image/png', w: 32, h: 16 } },
    });
    const json = await v2('/2/media/upload', {
      json: { media: bytes.toString('base64'), media_category: 'dm_image' },
    });
    expect(json.status, json.text).toBe(200);
    const subtitles = await v2('/2/media/upload', {
      json: { media: Buffer.from(SRT).toString('base64'), media_category: 'subtitles' },
    });
    expect(subtitles.status, subtitles.text).toBe(200);
    const video = await v2('/2/media/upload', {
      json: { media: mp4(100).toString('base64'), media_category: 'tweet_video' },
    });
    expect(video.status).toBe(400);
    const noCategory = await v2('/2/media/upload', { json: { media: bytes.toString('base64') } });
    expect(noCategory.json).toMatchObject({
      errors: [{ message: '$.media_category: is missing but it is required' }],
    });
  });

  it('still speaks the legacy command style: INIT 202, APPEND 204, FINALIZE 201', async () => {
    const bytes = gif(8, 8, { animated: false });
    const init = await v2('/2/media/upload', {
      query: { command: 'INIT', total_bytes: String(bytes.length), media_type: 'image/gif' },
    });
    expect(init.status).toBe(202);
    const id = (init.json as { data: { id: string } }).data.id;
    const append = await v2('/2/media/upload', {
      multipart: [
        { name: 'command', value: 'APPEND' },
        { name: 'media_id', value: id },
        { name: 'segment_index', value: '0' },
        { name: 'media', value: bytes, filename: 'g' },
      ],
    });
    expect(append.status).toBe(204);
    const done = await v2('/2/media/upload', { form: { command: 'FINALIZE', media_id: id } });
    expect(done.status).toBe(201);
    expect(done.json).toMatchObject({ data: { id, image: { image_type: 'image/gif', w: 8, h: 8 } } });
  });
});

describe('v2 metadata and subtitles', () => {
  it('sets alt text on images, up to 1000 characters, and refuses it on video', async () => {
    const image = await v2('/2/media/upload', {
      json: { media: png(2, 2).toString('base64'), media_category: 'tweet_image' },
    });
    const imageId = (image.json as { data: { id: string } }).data.id;
    const ok = await v2('/2/media/metadata', {
      json: { id: imageId, metadata: { alt_text: { text: 'dancing cat' } } },
    });
    expect(ok.json).toEqual({
      data: { id: imageId, associated_metadata: { alt_text: { text: 'dancing cat' } } },
    });
    expect(((await sb.inspect.media(imageId)) as { altText: string }).altText).toBe('dancing cat');
    const long = await v2('/2/media/metadata', {
      json: { id: imageId, metadata: { alt_text: { text: 'x'.repeat(1001) } } },
    });
    expect(long.status).toBe(400);
    const videoId = await initialize({ media_type: 'video/mp4', total_bytes: 100 });
    const onVideo = await v2('/2/media/metadata', {
      json: { id: videoId, metadata: { alt_text: { text: 'no' } } },
    });
    expect(onVideo.json).toMatchObject({
      errors: [{ message: 'Alt text can only be added to images and GIFs.' }],
    });
    const v1 = await call(sb.url, '/1.1/media/metadata/create.json', {
      auth: me,
      json: { media_id: imageId, alt_text: { text: 'v1 text' } },
    });
    expect(v1.status).toBe(200);
    expect(((await sb.inspect.media(imageId)) as { altText: string }).altText).toBe('v1 text');
  });

  it('attaches and deletes subtitles on a video', async () => {
    const videoId = await initialize({
      media_type: 'video/mp4',
      total_bytes: 100,
      media_category: 'tweet_video',
    });
    const subtitle = await v2('/2/media/upload', {
      json: { media: Buffer.from(SRT).toString('base64'), media_category: 'subtitles' },
    });
    const subtitleId = (subtitle.json as { data: { id: string } }).data.id;
    const added = await v2('/2/media/subtitles', {
      json: {
        id: videoId,
        media_category: 'TweetVideo',
        subtitles: { id: subtitleId, language_code: 'EN', display_name: 'English' },
      },
    });
    expect(added.json).toEqual({
      data: {
        id: videoId,
        media_category: 'TweetVideo',
        associated_subtitles: {
          subtitles: [{ display_name: 'English', id: subtitleId, language_code: 'EN' }],
        },
      },
    });
    const removed = await v2('/2/media/subtitles', {
      method: 'DELETE',
      json: { id: videoId, language_code: 'EN', media_category: 'TweetVideo' },
    });
    expect(removed.json).toEqual({ data: { deleted: true } });
    const notVideo = await v2('/2/media/subtitles', {
      json: {
        id: subtitleId,
        media_category: 'TweetVideo',
        subtitles: { id: subtitleId, language_code: 'EN' },
      },
    });
    expect(notVideo.status).toBe(400);
  });

  it('refuses non-media as subtitles', async () => {
    const junk = await v2('/2/media/upload', {
      json: { media: notMedia(50).toString('base64'), media_category: 'subtitles' },
    });
    expect(junk.json).toMatchObject({ errors: [{ message: 'media type unrecognized.' }] });
  });
});
