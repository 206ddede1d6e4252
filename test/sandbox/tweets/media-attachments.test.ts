import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { mp4, png } from '../media/fixtures.js';
import { type Auth, call } from './signed-client.js';

let sb: Sandbox;
let auth: Auth;

interface MediaEntity {
  id_str: string;
  type: string;
  media_url_https: string;
  sizes: { large: { w: number; h: number } };
}
interface V1Tweet {
  id_str: string;
  entities: { media?: MediaEntity[] };
  extended_entities?: { media: MediaEntity[] };
  errors?: { code: number }[];
}

beforeAll(async () => {
  sb = await startSandbox({ mediaProcessing: { stepMs: 1000, steps: 2, checkAfterSecs: 1 } });
  auth = { user: sb.credentials };
});
afterAll(() => sb.close());

async function uploadImage(as: Auth = auth): Promise<string> {
  const response = await call<{ media_id_string: string }>(sb.url, 'POST', '/1.1/media/upload.json', {
    auth: as,
    multipart: { media: { bytes: png(40, 30), filename: 'pixel.png', type: 'image/png' } },
  });
  expect(response.status).toBe(200);
  return response.body.media_id_string;
}

async function uploadVideo(): Promise<string> {
  const bytes = mp4(2000);
  const init = await call<{ media_id_string: string }>(sb.url, 'POST', '/1.1/media/upload.json', {
    auth,
    form: {
      command: 'INIT',
      total_bytes: bytes.length,
      media_type: 'video/mp4',
      media_category: 'tweet_video',
    },
  });
  const id = init.body.media_id_string;
  await call(sb.url, 'POST', '/1.1/media/upload.json', {
    auth,
    multipart: {
      command: 'APPEND',
      media_id: id,
      segment_index: '0',
      media: { bytes, filename: 'clip.mp4', type: 'application/octet-stream' },
    },
  });
  await call(sb.url, 'POST', '/1.1/media/upload.json', { auth, form: { command: 'FINALIZE', media_id: id } });
  return id;
}

describe('v1.1 statuses/update with media_ids', () => {
  it('attaches up to four images in extended_entities.media', async () => {
    const ids = [await uploadImage(), await uploadImage()];
    const posted = await call<V1Tweet>(sb.url, 'POST', '/1.1/statuses/update.json', {
      auth,
      form: { status: 'two pictures', media_ids: ids.join(',') },
    });
    expect(posted.status).toBe(200);
    expect(posted.body.extended_entities?.media.map((media) => media.id_str)).toEqual(ids);
    expect(posted.body.extended_entities?.media[0]).toMatchObject({
      type: 'photo',
      sizes: { large: { w: 40, h: 30 } },
    });
    expect(posted.body.entities.media).toHaveLength(1);
  });

  it('answers 324 for a video still processing, then accepts it', async () => {
    const video = await uploadVideo();
    const early = await call<V1Tweet>(sb.url, 'POST', '/1.1/statuses/update.json', {
      auth,
      form: { status: 'too soon', media_ids: video },
    });
    expect(early.status).toBe(400);
    expect(early.body.errors?.[0]?.code).toBe(324);
    sb.clock.advance(3000);
    const later = await call<V1Tweet>(sb.url, 'POST', '/1.1/statuses/update.json', {
      auth,
      form: { status: 'now it plays', media_ids: video },
    });
    expect(later.status).toBe(200);
    expect(later.body.extended_entities?.media[0]?.type).toBe('video');
  });

  it('answers 325 for media another user uploaded', async () => {
    const other = sb.createUser({ screenName: 'uploader' });
    const theirs = await uploadImage({
      user: { ...sb.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret },
    });
    const response = await call<V1Tweet>(sb.url, 'POST', '/1.1/statuses/update.json', {
      auth,
      form: { status: 'not mine', media_ids: theirs },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.code).toBe(325);
  });
});

describe('POST /2/tweets with media', () => {
  it('attaches media, visible through attachments.media_keys and includes.media', async () => {
    const id = await uploadImage();
    const created = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', {
      auth,
      json: { text: 'v2 picture', media: { media_ids: [id] } },
    });
    expect(created.status).toBe(201);
    const read = await call<{
      data: { attachments?: { media_keys: string[] } };
      includes?: { media: unknown[] };
    }>(sb.url, 'GET', `/2/tweets/${created.body.data.id}`, {
      auth,
      query: {
        'tweet.fields': 'attachments',
        expansions: 'attachments.media_keys',
        'media.fields': 'width,height,url',
      },
    });
    expect(read.body.data.attachments?.media_keys).toEqual([`3_${id}`]);
    expect(read.body.includes?.media).toEqual([
      {
        media_key: `3_${id}`,
        type: 'photo',
        width: 40,
        height: 30,
        url: `https://pbs.twimg.com/media/${id}.jpg`,
      },
    ]);
    const search = await call<{ data?: { id: string }[] }>(sb.url, 'GET', '/2/tweets/search/recent', {
      auth,
      query: { query: 'picture has:images' },
    });
    expect(search.body.data?.map((tweet) => tweet.id)).toEqual([created.body.data.id]);
  });

  it('rejects media and poll together, and unknown media ids, as invalid requests', async () => {
    const id = await uploadImage();
    const both = await call<{ type: string }>(sb.url, 'POST', '/2/tweets', {
      auth,
      json: { text: 'both', media: { media_ids: [id] }, poll: { options: ['a', 'b'], duration_minutes: 10 } },
    });
    expect(both.status).toBe(400);
    expect(both.body.type).toBe('https://api.x.com/2/problems/invalid-request');
  });
});
