import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type CallOptions, call, type UserCredentials } from './client.js';
import { gif, jpeg, mp4, notMedia, png, sha256, split } from './fixtures.js';

const UPLOAD = '/1.1/media/upload.json';

let sb: Sandbox;
let me: UserCredentials;
let other: UserCredentials;
let otherId: string;

beforeAll(async () => {
  sb = await startSandbox({ mediaProcessing: { stepMs: 1000, steps: 4, checkAfterSecs: 2 } });
  const now = () => sb.context.now();
  me = { ...sb.credentials, now };
  const created = sb.createUser({});
  otherId = created.user.id;
  other = {
    ...sb.credentials,
    now,
    accessToken: created.accessToken,
    accessTokenSecret: created.accessTokenSecret,
  };
});
afterAll(async () => {
  await sb.close();
});

const upload = (options: Omit<CallOptions, 'auth'> & { auth?: CallOptions['auth'] }) =>
  call(sb.url, UPLOAD, { auth: me, ...options });

async function init(totalBytes: number, mediaType: string, category?: string, auth = me): Promise<string> {
  const response = await upload({
    auth,
    form: {
      command: 'INIT',
      total_bytes: String(totalBytes),
      media_type: mediaType,
      ...(category ? { media_category: category } : {}),
    },
  });
  expect(response.status, response.text).toBe(202);
  return (response.json as { media_id_string: string }).media_id_string;
}

const append = (mediaId: string, index: number, bytes: Buffer, auth = me) =>
  upload({
    auth,
    multipart: [
      { name: 'command', value: 'APPEND' },
      { name: 'media_id', value: mediaId },
      { name: 'segment_index', value: String(index) },
      { name: 'media', value: bytes, filename: 'blob', contentType: 'application/octet-stream' },
    ],
  });

const finalize = (mediaId: string, auth = me) =>
  upload({ auth, form: { command: 'FINALIZE', media_id: mediaId } });
const status = (mediaId: string, auth = me) =>
  upload({ auth, method: 'GET', query: { command: 'STATUS', media_id: mediaId } });

async function inspect(id: string) {
  return (await sb.inspect.media(id)) as {
    state: string;
    sha256: string;
    bytesReceived: number;
    segments: { index: number; size: number }[];
  };
}

describe('v1.1 simple upload', () => {
  it('takes raw multipart bytes and answers with a numeric media_id, its string and the image', async () => {
    const bytes = png(800, 320, 2000);
    const response = await upload({
      multipart: [{ name: 'media', value: bytes, filename: 'a.png', contentType: 'image/png' }],
    });
    expect(response.status).toBe(200);
    const body = response.json as Record<string, unknown>;
    const id = body['media_id_string'] as string;
    expect(response.text.startsWith(`{"media_id":${id},"media_id_string":"${id}"`)).toBe(true);
    expect(body).toMatchObject({
      size: bytes.length,
      expires_after_secs: 86400,
      image: { image_type: 'image/png', w: 800, h: 320 },
    });
    expect(body['media_key']).toBeUndefined();
    expect((await inspect(id)).sha256).toBe(sha256(bytes));
  });

  it('takes base64 media_data in multipart and in a form body, with media_key when a category is given', async () => {
    const bytes = jpeg(64, 48, 3000);
    const viaMultipart = await upload({
      multipart: [
        { name: 'media_category', value: 'tweet_image' },
        {
          name: 'media_data',
          value: bytes.toString('base64'),
          headers: { 'Content-Transfer-Encoding': 'base64' },
        },
      ],
    });
    expect(viaMultipart.status, viaMultipart.text).toBe(200);
    const first = viaMultipart.json as { media_id_string: string; media_key: string };
    expect(first.media_key).toBe(`3_${first.media_id_string}`);
    const viaForm = await upload({ form: { media_data: bytes.toString('base64') } });
    expect(viaForm.status, viaForm.text).toBe(200);
    const second = viaForm.json as { media_id_string: string; image: unknown };
    expect(second.image).toEqual({ image_type: 'image/jpeg', w: 64, h: 48 });
    expect((await inspect(first.media_id_string)).sha256).toBe(sha256(bytes));
    expect((await inspect(second.media_id_string)).sha256).toBe(sha256(bytes));
  });

  it('refuses videos, non-media, both fields at once and broken base64', async () => {
    const video = await upload({ multipart: [{ name: 'media', value: mp4(200), filename: 'v.mp4' }] });
    expect(video.status).toBe(400);
    expect(video.json).toEqual({ request: UPLOAD, error: 'Videos and GIFs must use chunked upload.' });
    const junk = await upload({ multipart: [{ name: 'media', value: notMedia(100), filename: 'x' }] });
    expect(junk.json).toEqual({ request: UPLOAD, error: 'media type unrecognized.' });
    const both = await upload({
      multipart: [
        { name: 'media', value: png(1, 1), filename: 'a' },
        { name: 'media_data', value: png(1, 1).toString('base64') },
      ],
    });
    expect(both.status).toBe(400);
    const broken = await upload({ form: { media_data: '!!!notbase64' } });
    expect(broken.json).toEqual({ request: UPLOAD, error: 'media_data is not valid base64.' });
  });

  it('needs user context', async () => {
    const unsigned = await upload({
      auth: 'none',
      multipart: [{ name: 'media', value: png(1, 1), filename: 'a' }],
    });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
    const appOnly = await upload({ auth: { bearer: sb.credentials.bearerToken }, form: { command: 'INIT' } });
    expect(appOnly.status).toBe(403);
  });
});

describe('v1.1 chunked upload', () => {
  it('assembles segments sent in parallel and out of order, byte for byte', async () => {
    const bytes = mp4(300_000);
    const id = await init(bytes.length, 'video/mp4');
    const pieces = split(bytes, 40_000);
    const order = pieces.map((_, index) => index).reverse();
    const answers = await Promise.all(order.map((index) => append(id, index, pieces[index] as Buffer)));
    for (const answer of answers) {
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
    }
    const done = await finalize(id);
    expect(done.status, done.text).toBe(200);
    expect(done.json).toMatchObject({
      media_id_string: id,
      size: bytes.length,
      video: { video_type: 'video/mp4' },
    });
    // No category: X does not process, the id is ready at once.
    expect((done.json as Record<string, unknown>)['processing_info']).toBeUndefined();
    const seen = await inspect(id);
    expect(seen.sha256).toBe(sha256(bytes));
    expect(seen.segments.map((segment) => segment.index)).toEqual(pieces.map((_, index) => index));
  });

  it('replaces a re-sent segment with the new bytes', async () => {
    const bytes = png(10, 10, 5000);
    const id = await init(bytes.length, 'image/png');
    const [head, tail] = [bytes.subarray(0, 3000), bytes.subarray(3000)];
    expect((await append(id, 0, notMedia(3000 - 31))).status).toBe(204);
    expect((await append(id, 1, tail)).status).toBe(204);
    expect((await append(id, 0, head)).status).toBe(204);
    const done = await finalize(id);
    expect(done.status, done.text).toBe(200);
    expect((await inspect(id)).sha256).toBe(sha256(bytes));
  });

  it('continues an upload after a client restart with the same id', async () => {
    const bytes = jpeg(20, 20, 9000);
    const id = await init(bytes.length, 'image/jpeg');
    const [a, b] = split(bytes, 5000) as [Buffer, Buffer];
    expect((await append(id, 0, a)).status).toBe(204);
    expect((await inspect(id)).bytesReceived).toBe(a.length);
    // A "new" client: nothing but the id and the count of bytes already sent.
    expect((await append(id, 1, b)).status).toBe(204);
    expect((await finalize(id)).status).toBe(200);
  });

  it('accepts the TweetVideo and TWEET_VIDEO spellings of a category, as clients send them', async () => {
    for (const category of ['TweetVideo', 'TWEET_VIDEO', 'AmplifyVideo']) {
      const response = await upload({
        form: { command: 'INIT', total_bytes: '100', media_type: 'video/mp4', media_category: category },
      });
      expect(response.status, response.text).toBe(202);
    }
  });

  it('takes APPEND as a form body with base64 media_data, and keeps the media_key INIT gave', async () => {
    const bytes = gif(12, 12, { animated: false });
    const init = await upload({
      form: {
        command: 'INIT',
        total_bytes: String(bytes.length),
        media_type: 'image/gif',
        media_category: 'tweet_gif',
      },
    });
    const { media_id_string: id, media_key: key } = init.json as {
      media_id_string: string;
      media_key: string;
    };
    const appended = await upload({
      form: { command: 'APPEND', media_id: id, segment_index: '0', media_data: bytes.toString('base64') },
    });
    expect(appended.status, appended.text).toBe(204);
    const done = await finalize(id);
    expect(done.json).toMatchObject({ media_key: key, image: { image_type: 'image/gif', w: 12, h: 12 } });
  });

  it('takes INIT parameters in the query of a multipart-less POST', async () => {
    const response = await upload({
      query: { command: 'INIT', total_bytes: '100', media_type: 'image/gif', media_category: 'tweet_gif' },
    });
    expect(response.status).toBe(202);
    const body = response.json as { media_id_string: string; media_key: string; expires_after_secs: number };
    expect(body.media_key).toBe(`16_${body.media_id_string}`);
    expect(body.expires_after_secs).toBe(86400);
  });
});

describe('v1.1 validation', () => {
  const error = (text: string) => ({ request: UPLOAD, error: text });

  it('checks INIT parameters against the category limits and types', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ media_type: 'image/png' }, 'Missing required parameter: total_bytes.'],
      [{ total_bytes: '10' }, 'Missing required parameter: media_type.'],
      [{ total_bytes: 'ten', media_type: 'image/png' }, 'total_bytes must be a positive integer.'],
      [
        { total_bytes: String(5 * 1024 * 1024 + 1), media_type: 'image/png' },
        'File size exceeds 5242880 bytes.',
      ],
      [
        { total_bytes: String(15 * 1024 * 1024 + 1), media_type: 'image/gif', media_category: 'tweet_gif' },
        'File size exceeds 15728640 bytes.',
      ],
      [
        { total_bytes: String(512 * 1024 * 1024 + 1), media_type: 'video/mp4' },
        'File size exceeds 536870912 bytes.',
      ],
      [
        { total_bytes: '10', media_type: 'video/mp4', media_category: 'tweet_image' },
        'media_type video/mp4 is not allowed for media_category tweet_image.',
      ],
      [
        { total_bytes: '10', media_type: 'image/png', media_category: 'tweet_cat' },
        'Invalid media_category: tweet_cat.',
      ],
      [{ total_bytes: '10', media_type: 'application/pdf' }, 'Unsupported media_type: application/pdf.'],
    ];
    for (const [params, message] of cases) {
      const response = await upload({ form: { command: 'INIT', ...params } });
      expect(response.status, message).toBe(400);
      expect(response.json).toEqual(error(message));
    }
    // A video within 512 MB is fine: the limit follows the category, not the 5 MB image limit.
    expect(
      (
        await upload({
          form: { command: 'INIT', total_bytes: String(100 * 1024 * 1024), media_type: 'video/mp4' },
        })
      ).status,
    ).toBe(202);
  });

  it('refuses unknown commands, lowercase commands and STATUS over POST', async () => {
    for (const command of ['FOO', 'init']) {
      const response = await upload({ form: { command } });
      expect(response.json).toEqual(error(`Invalid command: ${command}.`));
    }
    expect((await upload({ form: { command: 'STATUS', media_id: '1' } })).json).toEqual(
      error('STATUS must be sent with GET.'),
    );
    expect((await upload({ method: 'GET', query: {} })).json).toEqual(
      error('Missing required parameter: command.'),
    );
  });

  it('checks segment_index and media_id on APPEND', async () => {
    const id = await init(100, 'image/png');
    for (const index of [-1, 1000]) {
      const response = await append(id, index, Buffer.from('abc'));
      expect(response.status).toBe(400);
      expect(response.json).toEqual(error('SegmentIndex must be between 0 and 999.'));
    }
    expect((await append(id, 999, Buffer.from('abc'))).status).toBe(204);
    const unknown = await append('123456789', 0, Buffer.from('abc'));
    expect(unknown.json).toEqual(error('Invalid or expired media_id: 123456789.'));
    const noMedia = await upload({ form: { command: 'APPEND', media_id: id, segment_index: '0' } });
    expect(noMedia.json).toEqual(error('Missing required parameter: media.'));
  });

  it('treats another user’s media id like an unknown one, unless they are an additional owner', async () => {
    const id = await init(100, 'image/png');
    const foreign = await append(id, 0, Buffer.from('abc'), other);
    expect(foreign.json).toEqual(error(`Invalid or expired media_id: ${id}.`));
    expect((await status(id, other)).json).toEqual(error(`Invalid or expired media_id: ${id}.`));
    const shared = await upload({
      form: { command: 'INIT', total_bytes: '100', media_type: 'image/png', additional_owners: otherId },
    });
    const sharedId = (shared.json as { media_id_string: string }).media_id_string;
    const sharedAppend = await append(sharedId, 0, Buffer.from('abc'), other);
    expect(sharedAppend.status, sharedAppend.text).toBe(204);
  });

  it('refuses FINALIZE when segments miss bytes, have gaps, or are not what INIT declared', async () => {
    const bytes = png(10, 10, 4000);
    const short = await init(bytes.length, 'image/png');
    await append(short, 0, bytes.subarray(0, 1000));
    expect((await finalize(short)).json).toEqual(
      error('Segments do not add up to provided total file size.'),
    );

    const gap = await init(bytes.length, 'image/png');
    const [a, b, c] = split(bytes, 2000) as [Buffer, Buffer, Buffer];
    await append(gap, 0, a);
    await append(gap, 2, Buffer.concat([b, c]));
    expect((await finalize(gap)).json).toEqual(
      error('Segment 1 is missing: segment_index must run from 0 without gaps.'),
    );
    // Fixing the upload makes FINALIZE succeed: a failed FINALIZE leaves the upload open.
    await append(gap, 1, b);
    await append(gap, 2, c);
    expect((await finalize(gap)).status).toBe(200);

    const liar = await init(bytes.length, 'image/jpeg');
    await append(liar, 0, bytes);
    expect((await finalize(liar)).json).toEqual(error('media type unrecognized.'));

    const junk = notMedia(500);
    const junkId = await init(junk.length, 'image/png');
    await append(junkId, 0, junk);
    expect((await finalize(junkId)).json).toEqual(error('media type unrecognized.'));
  });

  it('refuses APPEND after FINALIZE and answers a repeated FINALIZE like the first', async () => {
    const bytes = png(3, 3);
    const id = await init(bytes.length, 'image/png');
    await append(id, 0, bytes);
    const first = await finalize(id);
    const again = await finalize(id);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ media_id_string: id, size: bytes.length });
    expect(first.status).toBe(200);
    const late = await append(id, 1, Buffer.from('more'));
    expect(late.json).toEqual(error('Media has already been finalized; APPEND is not allowed.'));
  });

  it('refuses a segment over 5 MB while it streams, keeps nothing of it and stays usable', async () => {
    const id = await init(6 * 1024 * 1024, 'video/mp4');
    const response = await append(id, 0, Buffer.alloc(5 * 1024 * 1024 + 1));
    expect(response.status).toBe(400);
    expect(response.json).toEqual(error('Segment size exceeds 5242880 bytes.'));
    expect((await inspect(id)).segments).toEqual([]);
    expect((await append(id, 0, Buffer.alloc(5 * 1024 * 1024))).status).toBe(204);
    expect((await inspect(id)).bytesReceived).toBe(5 * 1024 * 1024);
  });
});

describe('v1.1 processing', () => {
  it('moves a categorized video from pending through in_progress to succeeded with the clock', async () => {
    const bytes = mp4(5000);
    const id = await init(bytes.length, 'video/mp4', 'tweet_video');
    await append(id, 0, bytes);
    const done = await finalize(id);
    expect(done.json).toMatchObject({
      media_id_string: id,
      media_key: `7_${id}`,
      processing_info: { state: 'pending', check_after_secs: 2 },
    });
    sb.clock.advance(1000);
    expect((await status(id)).json).toMatchObject({
      processing_info: { state: 'in_progress', check_after_secs: 2, progress_percent: 25 },
    });
    sb.clock.advance(3000);
    const finished = await status(id);
    expect(finished.status).toBe(200);
    expect(finished.json).toMatchObject({
      video: { video_type: 'video/mp4' },
      processing_info: { state: 'succeeded', progress_percent: 100 },
    });
  });

  it('fails a video whose container has no movie box', async () => {
    const bytes = mp4(5000, { moov: false });
    const id = await init(bytes.length, 'video/mp4', 'tweet_video');
    await append(id, 0, bytes);
    expect((await finalize(id)).json).toMatchObject({ processing_info: { state: 'pending' } });
    sb.clock.advance(10_000);
    expect((await status(id)).json).toMatchObject({
      processing_info: {
        state: 'failed',
        error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' },
      },
    });
  });

  it('processes animated GIFs with a category and finalizes images at once', async () => {
    const animated = gif(30, 30, { animated: true });
    const gifId = await init(animated.length, 'image/gif', 'tweet_gif');
    await append(gifId, 0, animated);
    expect((await finalize(gifId)).json).toMatchObject({
      processing_info: { state: 'pending' },
      image: { image_type: 'image/gif' },
    });
    const still = png(4, 4);
    const pngId = await init(still.length, 'image/png', 'tweet_image');
    await append(pngId, 0, still);
    expect((await finalize(pngId)).json).not.toHaveProperty('processing_info');
  });
});

describe('v1.1 expiry', () => {
  it('forgets an upload and removes its files once expires_after_secs has passed', async () => {
    const bytes = png(2, 2, 100);
    const id = await init(bytes.length * 2, 'image/png');
    await append(id, 0, bytes);
    sb.clock.advance(86_399_000);
    expect((await append(id, 1, bytes)).status).toBe(204);
    sb.clock.advance(2000);
    expect((await finalize(id)).json).toEqual({
      request: UPLOAD,
      error: `Invalid or expired media_id: ${id}.`,
    });
    expect(await sb.inspect.media(id)).toBeUndefined();
  });

  it('uses the configured lifetime and counts it down', async () => {
    const local = await startSandbox({ mediaExpiresAfterSecs: 3599 });
    try {
      const creds = { ...local.credentials, now: () => local.context.now() };
      const init = await call(local.url, UPLOAD, {
        auth: creds,
        form: { command: 'INIT', total_bytes: '10', media_type: 'video/mp4' },
      });
      expect(init.json).toMatchObject({ expires_after_secs: 3599 });
      const id = (init.json as { media_id_string: string }).media_id_string;
      local.clock.advance(3598_000);
      expect(await local.inspect.media(id)).toBeDefined();
      local.clock.advance(1000);
      expect(await local.inspect.media(id)).toBeUndefined();
    } finally {
      await local.close();
    }
  });
});
