import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { png } from './fixtures.js';

type Json = Record<string, unknown>;
interface Lookup {
  data?: Json | Json[];
  errors?: Json[];
}

let sb: Sandbox;
let auth: Auth;
let bearer: Auth;

beforeAll(async () => {
  sb = await startSandbox();
  auth = { user: sb.credentials };
  bearer = { bearer: sb.credentials.bearerToken };
});
afterAll(() => sb.close());

async function uploadImage(width: number, height: number): Promise<{ id: string; media_key: string }> {
  const response = await call<{ data: { id: string; media_key: string } }>(
    sb.url,
    'POST',
    '/2/media/upload',
    {
      auth,
      multipart: {
        media_category: 'tweet_image',
        media: { bytes: png(width, height), filename: 'p.png', type: 'image/png' },
      },
    },
  );
  expect(response.status).toBe(200);
  return response.body.data;
}

describe('GET /2/media', () => {
  it('renders an upload with media.fields, alt_text once metadata is set', async () => {
    const media = await uploadImage(120, 80);
    const before = await call<Lookup>(sb.url, 'GET', `/2/media/${media.media_key}`, {
      auth: bearer,
      query: { 'media.fields': 'width,height,alt_text,type,media_key' },
    });
    expect(before.body).toEqual({
      data: { media_key: media.media_key, type: 'photo', width: 120, height: 80 },
    });
    const metadata = await call(sb.url, 'POST', '/2/media/metadata', {
      auth,
      json: { id: media.id, metadata: { alt_text: { text: 'A small test image' } } },
    });
    expect(metadata.status).toBe(200);
    const after = await call<Lookup>(sb.url, 'GET', `/2/media/${media.media_key}`, {
      auth: bearer,
      query: { 'media.fields': 'alt_text' },
    });
    expect(after.body.data).toEqual({
      media_key: media.media_key,
      type: 'photo',
      alt_text: 'A small test image',
    });
  });

  it('looks up several keys with a partial error for an unknown one', async () => {
    const a = await uploadImage(10, 10);
    const b = await uploadImage(20, 20);
    const found = await call<Lookup>(sb.url, 'GET', '/2/media', {
      auth,
      query: { media_keys: `${a.media_key},3_1,${b.media_key}`, 'media.fields': 'width' },
    });
    expect(found.status).toBe(200);
    expect(found.body.data).toEqual([
      { media_key: a.media_key, type: 'photo', width: 10 },
      { media_key: b.media_key, type: 'photo', width: 20 },
    ]);
    expect(found.body.errors).toEqual([
      expect.objectContaining({ resource_type: 'media', resource_id: '3_1', parameter: 'media_keys' }),
    ]);
    const none = await call<Lookup>(sb.url, 'GET', '/2/media/3_1', { auth });
    expect(none.body.data).toBeUndefined();
    expect(none.body.errors?.[0]).toMatchObject({ resource_id: '3_1' });
  });

  it('keeps media of a post visible after the upload expires', async () => {
    const media = await uploadImage(30, 40);
    const post = await call(sb.url, 'POST', '/2/tweets', {
      auth,
      json: { text: 'with a picture', media: { media_ids: [media.id] } },
    });
    expect(post.status).toBe(201);
    // A day later the upload id is gone (bearer: OAuth 1.0a timestamps follow the real clock).
    sb.clock.advance(25 * 3_600_000);
    expect(await sb.inspect.media(media.id)).toBeUndefined();
    const later = await call<Lookup>(sb.url, 'GET', `/2/media/${media.media_key}`, {
      auth: bearer,
      query: { 'media.fields': 'height' },
    });
    sb.clock.advance(-25 * 3_600_000);
    expect(later.body.data).toEqual({ media_key: media.media_key, type: 'photo', height: 40 });
  });
});

describe('GET /2/media/analytics', () => {
  it('gives one bucket per day for the caller media, and not-found for others', async () => {
    const media = await uploadImage(8, 8);
    const now = sb.clock.now();
    const start = new Date(now - 3 * 86_400_000).toISOString();
    const end = new Date(now).toISOString();
    const analytics = await call<{
      data: { media_key: string; timestamped_metrics: Json[] }[];
      errors?: Json[];
    }>(sb.url, 'GET', '/2/media/analytics', {
      auth,
      query: {
        media_keys: `${media.media_key},7_99`,
        start_time: start,
        end_time: end,
        'media_analytics.fields': 'video_views,playback_complete',
      },
    });
    expect(analytics.status).toBe(200);
    expect(analytics.body.data[0]?.media_key).toBe(media.media_key);
    expect(analytics.body.data[0]?.timestamped_metrics).toHaveLength(3);
    expect(analytics.body.data[0]?.timestamped_metrics[0]).toEqual({
      timestamp: start,
      metrics: { video_views: 0, playback_complete: 0 },
    });
    expect(analytics.body.errors?.[0]).toMatchObject({ resource_id: '7_99' });
  });
});
