// Small media files built in code: real headers (what X and file-type look at) followed by filler bytes.
import { createHash, randomBytes } from 'node:crypto';

function filler(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

/** A PNG of `width`×`height` whose IDAT carries `extra` filler bytes. */
export function png(width: number, height: number, extra = 64, seed = 1): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', filler(extra, seed)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG of `width`×`height` (APP0, SOF0, filler, EOI). */
export function jpeg(width: number, height: number, extra = 64): Buffer {
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0, 0, 1, 0, 1, 0, 0,
  ]);
  const sof = Buffer.from([
    0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, filler(extra, 7), Buffer.from([0xff, 0xd9])]);
}

/** A GIF89a; animated ones carry the NETSCAPE2.0 loop extension and two frames. */
export function gif(
  width: number,
  height: number,
  options: { animated: boolean; trailer?: boolean; extra?: number },
) {
  const header = Buffer.alloc(13);
  header.write('GIF89a', 0, 'latin1');
  header.writeUInt16LE(width, 6);
  header.writeUInt16LE(height, 8);
  const loop = Buffer.concat([
    Buffer.from([0x21, 0xff, 0x0b]),
    Buffer.from('NETSCAPE2.0', 'latin1'),
    Buffer.from([0x03, 0x01, 0x00, 0x00, 0x00]),
  ]);
  const frame = () => {
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(width, 5);
    descriptor.writeUInt16LE(height, 7);
    const data = filler(Math.min(255, options.extra ?? 100), 3);
    return Buffer.concat([descriptor, Buffer.from([0x02, data.length]), data, Buffer.from([0x00])]);
  };
  const parts = [header];
  if (options.animated) parts.push(loop, frame(), frame());
  else parts.push(frame());
  if (options.trailer !== false) parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

function box(type: string, payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + payload.length);
  return Buffer.concat([size, Buffer.from(type, 'latin1'), payload]);
}

/** An MP4 (ftyp isom, optional moov, mdat with `payload` filler bytes). Without moov it cannot play. */
export function mp4(payload: number, options: { moov: boolean } = { moov: true }): Buffer {
  const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'));
  const moov = box('moov', box('mvhd', Buffer.alloc(100)));
  const mdat = box('mdat', filler(payload, 11));
  return Buffer.concat(options.moov ? [ftyp, moov, mdat] : [ftyp, mdat]);
}

export const SRT = '1\r\n00:00:01,000 --> 00:00:02,500\r\nHello there\r\n\r\n';
export const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello there\n';

export function notMedia(size: number): Buffer {
  return Buffer.concat([Buffer.from('just some bytes, no magic here\n'), randomBytes(size)]);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function split(bytes: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    pieces.push(bytes.subarray(offset, offset + size));
  return pieces;
}
