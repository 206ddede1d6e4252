// The sandbox's media sniffer on the edges of each format: sizes read from every header variant (JPEG fill
// bytes and standalone markers, the three WebP chunks, tiny GIF/BMP headers), GIF frames with local colour
// tables or cut short, a BOM before WEBVTT, and the ISO-BMFF box sizes (64-bit, "to the end", too small)
// that decide whether a video would play.

import { describe, expect, it } from 'vitest';
import { type ByteSource, findProcessingFailure, sniffMedia } from '../../../src/sandbox/media/sniff.js';
import { mp4 } from './fixtures.js';

const source = (bytes: Buffer): ByteSource => ({
  size: bytes.length,
  readAt: async (offset, length) => bytes.subarray(offset, offset + length),
});
const bytes = (...values: number[]) => Buffer.from(values);
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const u16be = (value: number) => bytes(value >> 8, value & 0xff);

function jpeg(segments: Buffer[]): Buffer {
  return Buffer.concat([bytes(0xff, 0xd8), ...segments, Buffer.alloc(16, 0x22), bytes(0xff, 0xd9)]);
}
const app0 = Buffer.concat([
  bytes(0xff, 0xe0),
  u16be(16),
  latin1('JFIF\0'),
  bytes(1, 1, 0, 0, 1, 0, 1, 0, 0),
]);
const sof = (width: number, height: number) =>
  Buffer.concat([bytes(0xff, 0xc2), u16be(11), bytes(8), u16be(height), u16be(width), bytes(1, 1, 0x11, 0)]);

function riffWebp(chunk: string, payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32LE(payload.length);
  const body = Buffer.concat([latin1('WEBP'), latin1(chunk), size, payload]);
  const riffSize = Buffer.alloc(4);
  riffSize.writeUInt32LE(body.length);
  return Buffer.concat([latin1('RIFF'), riffSize, body]);
}

function gifHeader(width: number, height: number, flags = 0): Buffer {
  const header = Buffer.alloc(13);
  header.write('GIF89a', 0, 'latin1');
  header.writeUInt16LE(width, 6);
  header.writeUInt16LE(height, 8);
  header[10] = flags;
  return header;
}
/** An image descriptor with a local colour table of 2 entries, and one data sub-block. */
function gifFrameWithLocalTable(): Buffer {
  const descriptor = Buffer.alloc(10);
  descriptor[0] = 0x2c;
  descriptor[9] = 0x80; // local colour table, 2^(0+1) entries
  return Buffer.concat([descriptor, Buffer.alloc(6, 0x7f), bytes(0x02, 0x03, 1, 2, 3, 0x00)]);
}

function isoBox(type: string, payload: Buffer, size = 8 + payload.length): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}
const ftyp = isoBox('ftyp', latin1('isom\0\0\x02\0isomiso2mp41'));
const moov = isoBox('moov', isoBox('mvhd', Buffer.alloc(100)));

describe('image sizes from every header variant', () => {
  it('JPEG: skips fill bytes and standalone markers before a progressive SOF', async () => {
    const sample = jpeg([app0, bytes(0xff, 0xff, 0xff, 0xd0, 0xff, 0x01), sof(321, 123)]);
    expect(await sniffMedia(source(sample))).toEqual({
      mediaType: 'image/jpeg',
      kind: 'image',
      width: 321,
      height: 123,
    });
  });

  it('JPEG: no frame header, or garbage between segments, leaves the size unknown (0 × 0)', async () => {
    expect(await sniffMedia(source(jpeg([app0])))).toMatchObject({
      mediaType: 'image/jpeg',
      width: 0,
      height: 0,
    });
    const garbage = jpeg([app0, bytes(0x12, 0x34), sof(10, 10)]);
    expect(await sniffMedia(source(garbage))).toMatchObject({ mediaType: 'image/jpeg', width: 0, height: 0 });
  });

  it('WebP: reads VP8X (extended) and VP8 (lossy) headers', async () => {
    const vp8x = Buffer.alloc(10);
    vp8x.writeUIntLE(640 - 1, 4, 3);
    vp8x.writeUIntLE(360 - 1, 7, 3);
    expect(await sniffMedia(source(riffWebp('VP8X', vp8x)))).toEqual({
      mediaType: 'image/webp',
      kind: 'image',
      width: 640,
      height: 360,
    });
    const vp8 = Buffer.concat([bytes(0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a), Buffer.alloc(4), Buffer.alloc(8)]);
    vp8.writeUInt16LE(300 | 0x4000, 6); // the top two bits are the scale, not the width
    vp8.writeUInt16LE(200, 8);
    expect(await sniffMedia(source(riffWebp('VP8 ', vp8)))).toMatchObject({ width: 300, height: 200 });
  });

  it('WebP: an unknown chunk or a header cut under 30 bytes gives 0 × 0', async () => {
    expect(await sniffMedia(source(riffWebp('VP8Z', Buffer.alloc(20))))).toMatchObject({
      mediaType: 'image/webp',
      width: 0,
      height: 0,
    });
    expect(await sniffMedia(source(riffWebp('VP8X', Buffer.alloc(4))))).toMatchObject({
      width: 0,
      height: 0,
    });
  });

  it('TIFF is accepted as an image of unknown size', async () => {
    const tiff = Buffer.concat([latin1('II*\0'), bytes(8, 0, 0, 0), Buffer.alloc(64)]);
    expect(await sniffMedia(source(tiff))).toEqual({
      mediaType: 'image/tiff',
      kind: 'image',
      width: 0,
      height: 0,
    });
  });
});

describe('GIF frames', () => {
  it('counts frames that carry local colour tables after a global one', async () => {
    const animated = Buffer.concat([
      gifHeader(4, 4, 0x80),
      Buffer.alloc(6),
      gifFrameWithLocalTable(),
      gifFrameWithLocalTable(),
      bytes(0x3b),
    ]);
    expect(await sniffMedia(source(animated))).toEqual({
      mediaType: 'image/gif',
      kind: 'gif',
      width: 4,
      height: 4,
    });
  });

  it('a GIF cut inside its first frame, or with no room for one, is still', async () => {
    const cut = Buffer.concat([gifHeader(7, 9), bytes(0x2c, 0, 0)]);
    expect(await sniffMedia(source(cut))).toEqual({
      mediaType: 'image/gif',
      kind: 'image',
      width: 7,
      height: 9,
    });
    const tiny = gifHeader(3, 5).subarray(0, 12);
    expect(await sniffMedia(source(tiny))).toEqual({
      mediaType: 'image/gif',
      kind: 'image',
      width: 3,
      height: 5,
    });
  });
});

describe('headers too short for a size', () => {
  it('a 9-byte GIF and a 20-byte BMP are images of unknown size', async () => {
    const gif = latin1('GIF89a\x01\x00\x01');
    expect(await sniffMedia(source(gif))).toEqual({
      mediaType: 'image/gif',
      kind: 'image',
      width: 0,
      height: 0,
    });
    const bmp = Buffer.concat([latin1('BM'), Buffer.alloc(18)]);
    expect(await sniffMedia(source(bmp))).toEqual({
      mediaType: 'image/bmp',
      kind: 'image',
      width: 0,
      height: 0,
    });
  });
});

describe('subtitles', () => {
  it('a byte-order mark before WEBVTT is WebVTT', async () => {
    const vtt = Buffer.from('\uFEFFWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n', 'utf8');
    expect(await sniffMedia(source(vtt))).toEqual({
      mediaType: 'text/vtt',
      kind: 'subtitles',
      width: 0,
      height: 0,
    });
  });
});

describe('findProcessingFailure', () => {
  it('plays an MP4 whose last box runs to the end (size 0) or uses a 64-bit size', async () => {
    const toEnd = Buffer.concat([ftyp, moov, isoBox('mdat', Buffer.alloc(50), 0)]);
    expect(await findProcessingFailure(source(toEnd), 'video/mp4')).toBeUndefined();
    const large = Buffer.alloc(8);
    large.writeBigUInt64BE(16n + 40n);
    const wide = Buffer.concat([ftyp, moov, isoBox('mdat', Buffer.concat([large, Buffer.alloc(40)]), 1)]);
    expect(await findProcessingFailure(source(wide), 'video/quicktime')).toBeUndefined();
  });

  it('fails a box smaller than its header, a 64-bit size cut short, and trailing bytes under a box header', async () => {
    const tiny = Buffer.concat([ftyp, moov, isoBox('free', Buffer.alloc(0), 4), Buffer.alloc(8)]);
    expect(await findProcessingFailure(source(tiny), 'video/mp4')).toBe('Unsupported video format');
    const cut = Buffer.concat([ftyp, moov, isoBox('mdat', bytes(0, 0, 0), 1)]);
    expect(await findProcessingFailure(source(cut), 'video/mp4')).toBe('Unsupported video format');
    const tail = Buffer.concat([mp4(20), bytes(0, 0, 0, 1)]);
    expect(await findProcessingFailure(source(tail), 'video/mp4')).toBe('Unsupported video format');
  });

  it('fails a WebM without a Segment element, and never fails a still image', async () => {
    const ebml = bytes(0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x82, 0x84, ...latin1('webm'));
    expect(await findProcessingFailure(source(Buffer.concat([ebml, Buffer.alloc(32)])), 'video/webm')).toBe(
      'Unsupported video format',
    );
    const segment = Buffer.concat([ebml, bytes(0x18, 0x53, 0x80, 0x67, 0x01), Buffer.alloc(32)]);
    expect(await findProcessingFailure(source(segment), 'video/webm')).toBeUndefined();
    expect(await findProcessingFailure(source(Buffer.alloc(10)), 'image/png')).toBeUndefined();
  });
});
