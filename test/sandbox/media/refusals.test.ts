// Media X cannot take is refused as X refuses it: a PNG cut short, and an APPEND that names its segment
// twice (which of the two would X keep?).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { call, type UserCredentials } from './client.js';
import { mp4, png } from './fixtures.js';

const UPLOAD = '/1.1/media/upload.json';
let sb: Sandbox;
let me: UserCredentials;

beforeAll(async () => {
  sb = await startSandbox();
  me = { ...sb.credentials, now: () => sb.context.now() };
});
afterAll(async () => {
  await sb.close();
});

describe('refused media', () => {
  it('a PNG cut after 40 bytes is "media type unrecognized", a whole one is taken', async () => {
    const whole = png(16, 16);
    const cut = await call(sb.url, UPLOAD, {
      auth: me,
      multipart: [
        { name: 'media', value: whole.subarray(0, 40), filename: 'a.png', contentType: 'image/png' },
      ],
    });
    expect(cut.status).toBe(400);
    expect(cut.text).toMatch(/media type unrecognized/);
    const ok = await call(sb.url, UPLOAD, {
      auth: me,
      multipart: [{ name: 'media', value: whole, filename: 'a.png', contentType: 'image/png' }],
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('an APPEND with two segment_index fields is a 400 and stores nothing', async () => {
    const bytes = mp4(4_000);
    const init = await call(sb.url, UPLOAD, {
      auth: me,
      form: { command: 'INIT', total_bytes: String(bytes.length), media_type: 'video/mp4' },
    });
    const id = (init.json as { media_id_string: string }).media_id_string;
    const twice = await call(sb.url, UPLOAD, {
      auth: me,
      multipart: [
        { name: 'command', value: 'APPEND' },
        { name: 'media_id', value: id },
        { name: 'segment_index', value: '0' },
        { name: 'segment_index', value: '1' },
        { name: 'media', value: bytes, filename: 'chunk', contentType: 'application/octet-stream' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.text).toMatch(/segment_index was sent more than once/);
    expect((await sb.inspect.media(id)) as { segments: unknown[] }).toMatchObject({ segments: [] });
  });
});
