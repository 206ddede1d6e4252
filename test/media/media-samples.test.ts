// One set of media samples (test/fixtures/media/) run through both detectors, which are separate code: the
// client's (what uploadMedia decides before sending a byte) and the sandbox's (what it finds when the
// file is uploaded to it). They must agree on every sample, and agree with the table below, so neither can
// drift: type, kind (an animated GIF is a `gif`, a still one an `image`) or refusal.

import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidMediaError, PeonyClient } from '../../src/index.js';
import { describeMedia } from '../../src/media/detect.js';
import { openMediaSource } from '../../src/media/input.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { makeSamples } from '../fixtures/media/make-samples.mjs';
import { sendSigned } from '../sandbox/helpers/http.js';

const DIR = new URL('../fixtures/media/', import.meta.url);

type Kind = 'image' | 'gif' | 'video' | 'subtitles';
/** What a sample is, or `null` when X refuses it. */
type Verdict = { readonly mediaType: string; readonly kind: Kind } | null;

const image = (mediaType: string): Verdict => ({ mediaType, kind: 'image' });
const animatedGif: Verdict = { mediaType: 'image/gif', kind: 'gif' };
const video = (mediaType: string): Verdict => ({ mediaType, kind: 'video' });
const subtitles = (mediaType: string): Verdict => ({ mediaType, kind: 'subtitles' });

/** The decisions, as docs/SANDBOX.md states them (GIF animation and the SRT separator are UNCONFIRMED). */
const EXPECTED: Readonly<Record<string, Verdict>> = {
  'png.png': image('image/png'),
  'jpeg.jpg': image('image/jpeg'),
  'webp.webp': image('image/webp'),
  'bmp.bmp': image('image/bmp'),
  'gif-still.gif': image('image/gif'),
  'gif-still-lookalike-data.gif': image('image/gif'),
  'gif-still-netscape.gif': image('image/gif'),
  'gif-animated.gif': animatedGif,
  'gif-animated-netscape.gif': animatedGif,
  'gif-animated-no-control.gif': animatedGif,
  'mp4.mp4': video('video/mp4'),
  'mov.mov': video('video/quicktime'),
  'webm.webm': video('video/webm'),
  'png-truncated.png': null,
  'srt-comma.srt': subtitles('text/srt'),
  'srt-bom-crlf.srt': subtitles('text/srt'),
  'srt-dot.srt': null,
  'vtt.vtt': subtitles('text/vtt'),
  'vtt-header.vtt': subtitles('text/vtt'),
  'vtt-bad-signature.vtt': null,
  'not-media.png': null,
};

/** The type a file's name claims, as a user's INIT would declare it. */
const CLAIMED: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  bmp: 'image/bmp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  srt: 'text/srt',
  vtt: 'text/vtt',
};

async function sampleNames(): Promise<string[]> {
  return (await readdir(DIR)).filter((name) => !/\.m[jt]s$/.test(name)).sort();
}

/** The client's decision: what uploadMedia's detection makes of the bytes, or null for an InvalidMediaError. */
async function clientVerdict(bytes: Buffer): Promise<Verdict> {
  const source = await openMediaSource(bytes);
  try {
    const { mediaType, kind, animated } = await describeMedia(source);
    return { mediaType, kind: kind === 'gif' && !animated ? 'image' : kind };
  } catch (error) {
    if (error instanceof InvalidMediaError) return null;
    throw error;
  } finally {
    await source.close();
  }
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ mediaProcessing: { stepMs: 10, steps: 1, checkAfterSecs: 0 } });
});
afterAll(async () => {
  await sb.close();
});

/** The sandbox's decision: a v1.1 chunked upload declaring the claimed type, then what it found in the bytes. */
async function sandboxVerdict(name: string, bytes: Buffer): Promise<Verdict> {
  const upload = (form: Record<string, string>) =>
    sendSigned(sb, { method: 'POST', path: '/1.1/media/upload.json', form });
  const mediaType = CLAIMED[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  const init = await upload({ command: 'INIT', media_type: mediaType, total_bytes: String(bytes.length) });
  expect(init.status, `INIT of ${name}: ${init.text}`).toBe(202);
  const id = (init.json() as { media_id_string: string }).media_id_string;
  const appended = await upload({
    command: 'APPEND',
    media_id: id,
    segment_index: '0',
    media_data: bytes.toString('base64'),
  });
  expect(appended.status, `APPEND of ${name}: ${appended.text}`).toBe(204);
  const finalized = await upload({ command: 'FINALIZE', media_id: id });
  if (finalized.status === 400) {
    expect(finalized.text).toMatch(/media type unrecognized/);
    return null;
  }
  expect(finalized.status, `FINALIZE of ${name}: ${finalized.text}`).toBe(200);
  const seen = (await sb.inspect.media(id)) as { detectedType: string; kind: Kind };
  return { mediaType: seen.detectedType, kind: seen.kind };
}

describe('the shared media samples', () => {
  it('are the files make-samples.mjs makes, one for each case in the table', async () => {
    const made = makeSamples();
    expect(await sampleNames()).toEqual(Object.keys(made).sort());
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(made).sort());
    for (const [name, bytes] of Object.entries(made)) {
      expect(await readFile(new URL(name, DIR)), name).toEqual(bytes);
    }
  });

  it('get the same verdict from the client and the sandbox, and the documented one', async () => {
    const rows: string[] = [];
    for (const name of await sampleNames()) {
      const bytes = await readFile(new URL(name, DIR));
      const client = await clientVerdict(bytes);
      const sandbox = await sandboxVerdict(name, bytes);
      rows.push(`${name}: client ${JSON.stringify(client)}, sandbox ${JSON.stringify(sandbox)}`);
      expect({ name, client }).toEqual({ name, client: EXPECTED[name] });
      expect({ name, sandbox }).toEqual({ name, sandbox: client });
    }
    expect(rows).toHaveLength(Object.keys(EXPECTED).length);
  });

  it('upload through the public API as the sandbox takes them, or are refused before a byte is sent', async () => {
    const client = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
    try {
      for (const name of await sampleNames()) {
        const bytes = await readFile(new URL(name, DIR));
        const expected = EXPECTED[name];
        const upload = client.uploadMedia(
          bytes,
          expected?.kind === 'subtitles' ? { category: 'subtitles' } : {},
        );
        if (expected === null || expected === undefined) {
          await expect(upload, name).rejects.toBeInstanceOf(InvalidMediaError);
          continue;
        }
        const media = await upload;
        const seen = (await sb.inspect.media(media.mediaId)) as {
          detectedType: string;
          kind: Kind;
          category: string;
        };
        expect({ name, type: seen.detectedType, kind: seen.kind }).toEqual({
          name,
          type: expected.mediaType,
          kind: expected.kind,
        });
        expect({ name, category: seen.category }).toEqual({
          name,
          category: { image: 'tweet_image', gif: 'tweet_gif', video: 'tweet_video', subtitles: 'subtitles' }[
            expected.kind
          ],
        });
      }
    } finally {
      await client.close();
    }
  });
});
