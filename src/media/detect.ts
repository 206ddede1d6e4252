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

/** The MIME type from the first bytes; text subtitles are recognised by their shape. */
export async function sniffMediaType(head: Uint8Array): Promise<string | undefined> {
  // Loaded on the first upload: file-type costs ~50 ms to import, which `import 'peony'` need not pay.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(head);
  if (found) {
    // file-type reports QuickTime as video/quicktime and the MP4 family under several brands.
    if (found.mime === 'video/x-m4v' || found.mime === 'audio/mp4') return 'video/mp4';
    return found.mime;
  }
  const text = Buffer.from(head.subarray(0, 512))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (/^WEBVTT/.test(text)) return 'text/vtt';
  if (/^\s*\d+\s*\r?\n\s*\d{2}:\d{2}:\d{2}[,.]\d{3}\s*-->/.test(text)) return 'text/srt';
  return undefined;
}

/** A GIF with more than one image is animated, and X files it as tweet_gif rather than an image. */
export function isAnimatedGif(bytes: Uint8Array): boolean {
  let frames = 0;
  // Image descriptors start with 0x2C after a graphic control block (0x21 0xF9); counting the pair
  // avoids mistaking pixel data for a descriptor.
  for (let i = 0; i + 9 < bytes.length; i++) {
    if (
      bytes[i] === 0x21 &&
      bytes[i + 1] === 0xf9 &&
      bytes[i + 2] === 0x04 &&
      bytes[i + 7] === 0x00 &&
      bytes[i + 8] === 0x2c
    ) {
      frames++;
      if (frames > 1) return true;
    }
  }
  return false;
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
