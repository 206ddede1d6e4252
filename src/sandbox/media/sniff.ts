// Decides what uploaded bytes really are (file-type on the head, SRT/VTT by their text), image sizes,
// GIF animation, and whether a video container is playable (the trigger for processing failure).
import { fileTypeFromBuffer } from 'file-type';
import type { MediaKind } from './categories.js';

/** Random access to the assembled bytes of an upload, whatever files hold them. */
export interface ByteSource {
  readonly size: number;
  readAt(offset: number, length: number): Promise<Buffer>;
}

export interface SniffResult {
  mediaType: string;
  kind: MediaKind;
  width: number;
  height: number;
}

/** Enough for file-type and JPEG SOF markers after typical EXIF blocks. */
const HEAD_BYTES = 256 * 1024;
/** How much of a GIF is walked for a second frame (as the client does); a bigger first frame counts as still. */
const GIF_SCAN_BYTES = 1024 * 1024;

const FILE_TYPE_TO_MEDIA_TYPE: Record<string, string> = {
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'image/bmp': 'image/bmp',
  'image/tiff': 'image/tiff',
  'video/mp4': 'video/mp4',
  'video/x-m4v': 'video/mp4',
  'video/quicktime': 'video/quicktime',
  'video/webm': 'video/webm',
  'video/mp2t': 'video/mp2t',
  'text/vtt': 'text/vtt',
};

/** Returns undefined when the bytes are not media X accepts ("media type unrecognized."). */
export async function sniffMedia(source: ByteSource): Promise<SniffResult | undefined> {
  const head = await source.readAt(0, Math.min(HEAD_BYTES, source.size));
  const detected = await fileTypeFromBuffer(head);
  const mediaType = detected ? FILE_TYPE_TO_MEDIA_TYPE[detected.mime] : sniffSubtitles(head);
  if (mediaType === undefined) return undefined;
  if (mediaType.startsWith('text/')) return { mediaType, kind: 'subtitles', width: 0, height: 0 };
  if (mediaType.startsWith('video/')) return { mediaType, kind: 'video', width: 0, height: 0 };
  if (mediaType === 'image/png' && !(await endsWithPngEnd(source))) return undefined;
  const { width, height } = imageSize(mediaType, head);
  const animated =
    mediaType === 'image/gif' &&
    countGifFrames(await source.readAt(0, Math.min(GIF_SCAN_BYTES, source.size))) > 1;
  const kind: MediaKind = animated ? 'gif' : 'image';
  return { mediaType, kind, width, height };
}

/** An empty IEND chunk's length and type; its CRC (the last 4 bytes) is not checked. */
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44]);

/** A PNG cut short has no IEND chunk at its end: X cannot decode it (UNCONFIRMED: X's exact answer). */
async function endsWithPngEnd(source: ByteSource): Promise<boolean> {
  if (source.size < 8 + 25 + 12) return false;
  return (await source.readAt(source.size - 12, PNG_END.length)).equals(PNG_END);
}

/** image/pjpeg is JPEG; MP4 and QuickTime are the same ISO-BMFF family, which X treats alike. */
export function declaredTypeMatches(declared: string, sniffed: string): boolean {
  if (declared === sniffed) return true;
  if (declared === 'image/pjpeg' && sniffed === 'image/jpeg') return true;
  const isoFamily = ['video/mp4', 'video/quicktime'];
  return isoFamily.includes(declared) && isoFamily.includes(sniffed);
}

/**
 * SubRip by a cue number and a `HH:MM:SS,mmm --> HH:MM:SS,mmm` line. SubRip's decimal separator is a comma; a
 * dot (WebVTT's) is refused (UNCONFIRMED: X documents no SRT grammar). WebVTT never gets here: file-type knows
 * its signature line (after a BOM too) and answers first.
 */
function sniffSubtitles(head: Buffer): string | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const timing = /^\s*\d+[ \t]*\r?\n\d{2}:\d{2}:\d{2},\d{3}[ \t]+-->[ \t]+\d{2}:\d{2}:\d{2},\d{3}/;
  return timing.test(text) ? 'text/srt' : undefined;
}

/**
 * Frames (image descriptors) met walking the GIF's blocks: two or more make it animated. A NETSCAPE2.0
 * looping block alone does not (UNCONFIRMED: X documents only "animated GIF").
 */
function countGifFrames(gif: Buffer): number {
  if (gif.length < 13) return 0;
  const flags = gif[10] ?? 0;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  let frames = 0;
  while (offset < gif.length) {
    const marker = gif[offset];
    if (marker === 0x2c) {
      frames += 1;
      if (frames > 1) return frames;
      const localFlags = gif[offset + 9] ?? 0;
      offset += 10 + (localFlags & 0x80 ? 3 * 2 ** ((localFlags & 0x07) + 1) : 0);
      offset += 1; // LZW minimum code size
      offset = skipSubBlocks(gif, offset);
    } else if (marker === 0x21) {
      offset = skipSubBlocks(gif, offset + 2);
    } else {
      return frames;
    }
  }
  return frames;
}

function skipSubBlocks(buffer: Buffer, start: number): number {
  let offset = start;
  while (offset < buffer.length) {
    const length = buffer[offset] ?? 0;
    offset += 1 + length;
    if (length === 0) break;
  }
  return offset;
}

function imageSize(mediaType: string, head: Buffer): { width: number; height: number } {
  const none = { width: 0, height: 0 };
  switch (mediaType) {
    case 'image/png':
      // endsWithPngEnd let through only files of 45 bytes or more: IHDR's size is always in the head.
      return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
    case 'image/gif':
      return head.length >= 10 ? { width: head.readUInt16LE(6), height: head.readUInt16LE(8) } : none;
    case 'image/bmp':
      return head.length >= 26
        ? { width: Math.abs(head.readInt32LE(18)), height: Math.abs(head.readInt32LE(22)) }
        : none;
    case 'image/jpeg':
      return jpegSize(head) ?? none;
    case 'image/webp':
      return webpSize(head) ?? none;
    default:
      return none;
  }
}

function jpegSize(jpeg: Buffer): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < jpeg.length) {
    if (jpeg[offset] !== 0xff) return undefined;
    const marker = jpeg[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    // Standalone markers carry no length.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const isStartOfFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame)
      return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return undefined;
}

function webpSize(webp: Buffer): { width: number; height: number } | undefined {
  if (webp.length < 30) return undefined;
  const chunk = webp.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + webp.readUIntLE(24, 3), height: 1 + webp.readUIntLE(27, 3) };
  if (chunk === 'VP8 ')
    return { width: webp.readUInt16LE(26) & 0x3fff, height: webp.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = webp.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return undefined;
}

/**
 * The sandbox's stand-in for X's transcoder. Returns the failure message, or undefined when the media
 * would play. The documented trigger: an MP4/MOV whose top-level boxes have no `moov` or run past the end
 * of the file, a WebM without a Segment element, or a GIF without its trailer byte.
 */
export async function findProcessingFailure(
  source: ByteSource,
  mediaType: string,
): Promise<string | undefined> {
  if (mediaType === 'video/mp4' || mediaType === 'video/quicktime') {
    return (await hasPlayableIsoBoxes(source)) ? undefined : 'Unsupported video format';
  }
  if (mediaType === 'video/webm') {
    const head = await source.readAt(0, Math.min(HEAD_BYTES, source.size));
    return head.includes(Buffer.from([0x18, 0x53, 0x80, 0x67])) ? undefined : 'Unsupported video format';
  }
  if (mediaType === 'image/gif') {
    const last = source.size > 0 ? await source.readAt(source.size - 1, 1) : Buffer.alloc(0);
    return last[0] === 0x3b ? undefined : 'Unsupported animated GIF format';
  }
  return undefined;
}

async function hasPlayableIsoBoxes(source: ByteSource): Promise<boolean> {
  let offset = 0;
  let sawMovie = false;
  while (offset < source.size) {
    if (source.size - offset < 8) return false;
    const header = await source.readAt(offset, Math.min(16, source.size - offset));
    let boxSize = header.readUInt32BE(0);
    const boxType = header.toString('latin1', 4, 8);
    if (boxSize === 1) {
      if (header.length < 16) return false;
      boxSize = Number(header.readBigUInt64BE(8));
    } else if (boxSize === 0) {
      boxSize = source.size - offset;
    }
    if (boxSize < 8 || offset + boxSize > source.size) return false;
    if (boxType === 'moov') sawMovie = true;
    offset += boxSize;
  }
  return sawMovie;
}
