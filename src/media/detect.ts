// What a file is, from its bytes: the MIME type, the category X files it under, and X's size limit for it.

import { InvalidMediaError } from './errors.js';

export type MediaCategory =
  | 'tweet_image'
  | 'tweet_gif'
  | 'tweet_video'
  | 'dm_image'
  | 'dm_gif'
  | 'dm_video'
  | 'amplify_video'
  | 'subtitles';

export type MediaKind = 'image' | 'gif' | 'video' | 'subtitles';

const MB = 1024 * 1024;

/** X's documented limits by kind: images 5 MB, GIFs 15 MB, videos 512 MB. Subtitles: a small text file. */
export const MAX_BYTES: Readonly<Record<MediaKind, number>> = {
  image: 5 * MB,
  gif: 15 * MB,
  video: 512 * MB,
  subtitles: 1 * MB,
};

const KIND_BY_TYPE: Readonly<Record<string, MediaKind>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/bmp': 'image',
  'image/tiff': 'image',
  'image/gif': 'gif',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'video/mp2t': 'video',
  'text/srt': 'subtitles',
  'text/vtt': 'subtitles',
};

/** How many bytes the type sniffer needs to see. */
export const SNIFF_BYTES = 4100;

export interface DetectedMedia {
  readonly mediaType: string;
  readonly kind: MediaKind;
}

type FileTypeCore = typeof import('file-type/core');
let fileType: Promise<FileTypeCore> | undefined;

/**
 * Starts loading file-type, once per process, and returns it. Loaded on the first upload rather than at
 * `import 'peony'`: its import takes ~27 ms. Its `core` entry has the same `fileTypeFromBuffer` as the Node entry
 * without the Node entry's web streams (7 more builtins to load). An upload starts the import before opening its
 * input, so that the two overlap.
 */
export function loadFileType(): Promise<FileTypeCore> {
  fileType ??= import('file-type/core');
  return fileType;
}

/** The MIME type from the first bytes; text subtitles are recognised by their shape. */
export async function sniffMediaType(head: Uint8Array): Promise<string | undefined> {
  const { fileTypeFromBuffer } = await loadFileType();
  // file-type also knows WebVTT (its signature line, after a BOM too), so only SubRip is left to recognise here.
  const found = await fileTypeFromBuffer(head);
  if (found) {
    // file-type reports an M4V under its own type: the same MP4 video to X.
    if (found.mime === 'video/x-m4v') return 'video/mp4';
    return found.mime;
  }
  const text = Buffer.from(head.subarray(0, 512))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  // SubRip: a cue number, then `HH:MM:SS,mmm --> HH:MM:SS,mmm` with SubRip's comma (a dot is WebVTT's; docs/SANDBOX.md).
  if (/^\s*\d+[ \t]*\r?\n\d{2}:\d{2}:\d{2},\d{3}[ \t]+-->[ \t]+\d{2}:\d{2}:\d{2},\d{3}/.test(text))
    return 'text/srt';
  return undefined;
}

/** How much of a GIF is walked for a second frame; a first frame bigger than this counts as still. */
export const GIF_SCAN_BYTES = 1024 * 1024;

/**
 * A GIF with two or more images (frames) is animated, and X files it as tweet_gif rather than an image; a
 * NETSCAPE2.0 looping block alone does not make one (docs/SANDBOX.md, UNCONFIRMED). The block structure is
 * walked, so pixel data is never mistaken for a frame.
 */
export function isAnimatedGif(bytes: Uint8Array): boolean {
  if (bytes.length < 13) return false;
  const colorTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  let at = 13 + colorTable(bytes[10] ?? 0);
  let frames = 0;
  while (at < bytes.length) {
    const introducer = bytes[at];
    if (introducer === 0x2c) {
      if (++frames > 1) return true;
      // Image descriptor (10 bytes), its colour table, the LZW code size, then the data sub-blocks.
      at = subBlocksEnd(bytes, at + 10 + colorTable(bytes[at + 9] ?? 0) + 1);
    } else if (introducer === 0x21) {
      // Extension: introducer and label, then sub-blocks.
      at = subBlocksEnd(bytes, at + 2);
    } else {
      // The trailer (0x3B) or bytes that are not GIF blocks.
      return false;
    }
  }
  return false;
}

function subBlocksEnd(bytes: Uint8Array, start: number): number {
  let at = start;
  for (;;) {
    const size = bytes[at];
    if (size === undefined) return bytes.length;
    at += 1 + size;
    if (size === 0) return at;
  }
}

/** The length and type of the empty IEND chunk every whole PNG ends with (before its 4-byte CRC). */
const PNG_END = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44];

/**
 * A PNG without its IEND chunk at the end was cut short: X cannot decode it (UNCONFIRMED: X's exact answer).
 * `tail` is the file's last 12 bytes; `size` its length.
 */
export function isCutShortPng(tail: Uint8Array, size: number): boolean {
  if (size < 8 + 25 + 12) return true;
  return PNG_END.some((byte, i) => tail[i] !== byte);
}

export async function detectMedia(head: Uint8Array, declared?: string): Promise<DetectedMedia> {
  const sniffed = await sniffMediaType(head);
  const mediaType = sniffed ?? declared;
  const kind = mediaType === undefined ? undefined : KIND_BY_TYPE[mediaType];
  if (!mediaType || !kind) {
    throw new InvalidMediaError(
      `The input is ${sniffed ? sniffed : 'not a recognised media file'}; X accepts JPEG, PNG, WebP, BMP, TIFF, GIF, MP4, MOV, WebM, MPEG-TS and SRT/VTT subtitles.`,
    );
  }
  if (sniffed && declared && declared !== sniffed && KIND_BY_TYPE[declared] !== undefined) {
    throw new InvalidMediaError(
      `The bytes are ${sniffed} but mediaType says ${declared}; drop the mediaType option or pass the right file.`,
    );
  }
  return { mediaType, kind };
}

/** The category X expects for this kind, for a post or a direct message. */
export function categoryFor(kind: MediaKind, target: 'tweet' | 'dm', animatedGif: boolean): MediaCategory {
  if (kind === 'subtitles') return 'subtitles';
  if (kind === 'gif')
    return animatedGif
      ? target === 'dm'
        ? 'dm_gif'
        : 'tweet_gif'
      : target === 'dm'
        ? 'dm_image'
        : 'tweet_image';
  if (kind === 'video') return target === 'dm' ? 'dm_video' : 'tweet_video';
  return target === 'dm' ? 'dm_image' : 'tweet_image';
}

/** The size limit X applies to a category. */
export function maxBytesFor(category: MediaCategory): number {
  if (category.endsWith('_gif')) return MAX_BYTES.gif;
  if (category.endsWith('_video')) return MAX_BYTES.video;
  if (category === 'subtitles') return MAX_BYTES.subtitles;
  return MAX_BYTES.image;
}

/** What `describeMedia` reads of an input: its size and any range of its bytes. */
export interface MediaBytes {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/**
 * Everything the upload decides from the bytes before sending any: the type (from the head), whether a PNG
 * is whole, and whether a GIF is animated. Throws an InvalidMediaError for what X would refuse.
 */
export async function describeMedia(
  source: MediaBytes,
  declared?: string,
): Promise<DetectedMedia & { readonly animated: boolean }> {
  const detected = await detectMedia(await source.read(0, Math.min(source.size, SNIFF_BYTES)), declared);
  if (detected.mediaType === 'image/png') {
    const tail = await source.read(Math.max(0, source.size - 12), Math.min(12, source.size));
    if (isCutShortPng(tail, source.size))
      throw new InvalidMediaError(
        'The PNG is cut short (it does not end with an IEND chunk); upload the whole file.',
      );
  }
  const animated =
    detected.kind === 'gif' && isAnimatedGif(await source.read(0, Math.min(source.size, GIF_SCAN_BYTES)));
  return { ...detected, animated };
}
