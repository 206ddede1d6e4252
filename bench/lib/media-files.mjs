// Synthetic media that X's rules (and the sandbox's sniffing and "transcoder") accept or refuse by design.
// Shared by the benchmarks and the tests; sizes are exact, contents are pseudo-random but seeded.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

function filler(length, seed = 1) {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function box(type, payload) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

const FTYP = box('ftyp', Buffer.from('isom\0\0\x02\0isommp42', 'latin1'));
const MOOV = box('moov', Buffer.alloc(0));

/** A playable-looking MP4 of exactly `size` bytes: ftyp, moov, then an mdat filling the rest. */
export function mp4(size, seed = 7) {
  const mdatPayload = size - FTYP.length - MOOV.length - 8;
  if (mdatPayload < 0) throw new Error(`an mp4 needs at least ${FTYP.length + MOOV.length + 8} bytes`);
  return Buffer.concat([FTYP, MOOV, box('mdat', filler(mdatPayload, seed))]);
}

/** An MP4 X would fail to process: no moov box. */
export function brokenMp4(size, seed = 9) {
  return Buffer.concat([FTYP, box('mdat', filler(size - FTYP.length - 8, seed))]);
}

/** Writes an MP4 of `size` bytes to `path` in pieces, so benchmarks can make large files without holding them. */
export async function writeMp4File(path, size, seed = 7) {
  const out = createWriteStream(path);
  const head = Buffer.concat([FTYP, MOOV]);
  const mdat = Buffer.alloc(8);
  mdat.writeUInt32BE(size - head.length, 0);
  mdat.write('mdat', 4, 'latin1');
  out.write(Buffer.concat([head, mdat]));
  let left = size - head.length - 8;
  const piece = filler(1024 * 1024, seed);
  while (left > 0) {
    const n = Math.min(left, piece.length);
    if (!out.write(n === piece.length ? piece : piece.subarray(0, n))) await once(out, 'drain');
    left -= n;
  }
  out.end();
  await once(out, 'finish');
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  // The CRC is not checked by sniffers; a fixed value keeps this small.
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

/** A PNG of exactly `size` bytes (signature, IHDR of width×height, IDAT padding, IEND). */
export function png(size, { width = 64, height = 48, seed = 3 } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const head = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
  ]);
  const end = pngChunk('IEND', Buffer.alloc(0));
  const idat = size - head.length - end.length - 12;
  if (idat < 0) throw new Error('a png needs at least 57 bytes');
  return Buffer.concat([head, pngChunk('IDAT', filler(idat, seed)), end]);
}

/** A GIF89a with `frames` frames (2 or more makes it animated) and its trailer. */
export function gif(frames = 2, { width = 4, height = 4 } = {}) {
  const header = Buffer.from('GIF89a', 'latin1');
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  const parts = [header, screen];
  for (let f = 0; f < frames; f++) {
    parts.push(Buffer.from([0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00]));
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(width, 5);
    descriptor.writeUInt16LE(height, 7);
    parts.push(descriptor, Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00]));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}
