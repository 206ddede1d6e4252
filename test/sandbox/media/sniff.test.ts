import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBase64Decoder } from '../../../src/sandbox/media/base64-decoder.js';
import {
  type ByteSource,
  declaredTypeMatches,
  findProcessingFailure,
  sniffMedia,
} from '../../../src/sandbox/media/sniff.js';
import { gif, jpeg, mp4, notMedia, png, SRT, VTT } from './fixtures.js';

const source = (bytes: Buffer): ByteSource => ({
  size: bytes.length,
  readAt: async (offset, length) => bytes.subarray(offset, offset + length),
});

describe('sniffMedia', () => {
  it('reads the real type and size of images', async () => {
    expect(await sniffMedia(source(png(800, 320)))).toEqual({
      mediaType: 'image/png',
      kind: 'image',
      width: 800,
      height: 320,
    });
    expect(await sniffMedia(source(jpeg(640, 480)))).toEqual({
      mediaType: 'image/jpeg',
      kind: 'image',
      width: 640,
      height: 480,
    });
    expect(await sniffMedia(source(gif(10, 20, { animated: false })))).toMatchObject({
      mediaType: 'image/gif',
      kind: 'image',
      width: 10,
      height: 20,
    });
  });

  it('tells an animated GIF from a still one', async () => {
    expect((await sniffMedia(source(gif(10, 10, { animated: true }))))?.kind).toBe('gif');
  });

  it('recognizes MP4 and subtitle text, and refuses bytes that are not media', async () => {
    expect(await sniffMedia(source(mp4(100)))).toMatchObject({ mediaType: 'video/mp4', kind: 'video' });
    expect((await sniffMedia(source(Buffer.from(SRT))))?.mediaType).toBe('text/srt');
    expect((await sniffMedia(source(Buffer.from(VTT))))?.mediaType).toBe('text/vtt');
    expect(await sniffMedia(source(notMedia(100)))).toBeUndefined();
  });

  it('accepts declared types that name the same format', () => {
    expect(declaredTypeMatches('image/pjpeg', 'image/jpeg')).toBe(true);
    expect(declaredTypeMatches('video/mp4', 'video/quicktime')).toBe(true);
    expect(declaredTypeMatches('image/png', 'image/jpeg')).toBe(false);
  });
});

describe('findProcessingFailure', () => {
  it('fails an MP4 without a moov box and passes a complete one', async () => {
    expect(await findProcessingFailure(source(mp4(100)), 'video/mp4')).toBeUndefined();
    expect(await findProcessingFailure(source(mp4(100, { moov: false })), 'video/mp4')).toBe(
      'Unsupported video format',
    );
    expect(await findProcessingFailure(source(mp4(100).subarray(0, 150)), 'video/mp4')).toBe(
      'Unsupported video format',
    );
  });

  it('fails a GIF cut before its trailer', async () => {
    expect(await findProcessingFailure(source(gif(5, 5, { animated: true })), 'image/gif')).toBeUndefined();
    expect(
      await findProcessingFailure(source(gif(5, 5, { animated: true, trailer: false })), 'image/gif'),
    ).toBeDefined();
  });
});

describe('createBase64Decoder', () => {
  const decode = async (chunks: string[]) => {
    const out: Buffer[] = [];
    for await (const chunk of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(createBase64Decoder()))
      out.push(chunk as Buffer);
    return Buffer.concat(out);
  };

  it('decodes across arbitrary chunk boundaries and line breaks', async () => {
    const bytes = notMedia(1000);
    const text = bytes.toString('base64').replace(/(.{76})/g, '$1\r\n');
    const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
    expect((await decode(pieces)).equals(bytes)).toBe(true);
  });

  it('rejects characters outside base64 and data after padding', async () => {
    await expect(decode(['QUJD', '@@@@'])).rejects.toThrow('media_data is not valid base64.');
    await expect(decode(['QQ==', 'QUJD'])).rejects.toThrow('media_data is not valid base64.');
  });
});
