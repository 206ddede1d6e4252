// X's media categories: size limits, allowed MIME types, inference from media_type, media_key prefixes.

export const MEDIA_CATEGORIES = [
  'tweet_image',
  'dm_image',
  'tweet_gif',
  'dm_gif',
  'tweet_video',
  'dm_video',
  'amplify_video',
  'subtitles',
] as const;

export type MediaCategory = (typeof MEDIA_CATEGORIES)[number];

/** What the bytes are once finalized; decides media_key prefix, attachment rules and the response object. */
export type MediaKind = 'image' | 'gif' | 'video' | 'subtitles';

const MB = 1024 * 1024;

/** Each APPEND segment and each simple-upload file is at most this big (docs/XAPI.md §1). */
export const MAX_SEGMENT_BYTES = 5 * MB;
export const MAX_SEGMENT_INDEX = 999;

const IMAGE_TYPES = [
  'image/jpeg',
  'image/pjpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/tiff',
] as const;
const GIF_TYPES = ['image/gif'] as const;
const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm', 'video/mp2t'] as const;
const SUBTITLE_TYPES = ['text/srt', 'text/vtt'] as const;

interface CategoryRule {
  maxBytes: number;
  types: readonly string[];
}

// Subtitle files have no documented limit; 1 MB is the sandbox's choice (UNCONFIRMED).
const RULES: Record<MediaCategory, CategoryRule> = {
  tweet_image: { maxBytes: 5 * MB, types: IMAGE_TYPES },
  dm_image: { maxBytes: 5 * MB, types: IMAGE_TYPES },
  tweet_gif: { maxBytes: 15 * MB, types: GIF_TYPES },
  dm_gif: { maxBytes: 15 * MB, types: GIF_TYPES },
  tweet_video: { maxBytes: 512 * MB, types: VIDEO_TYPES },
  dm_video: { maxBytes: 512 * MB, types: VIDEO_TYPES },
  amplify_video: { maxBytes: 512 * MB, types: VIDEO_TYPES },
  subtitles: { maxBytes: 1 * MB, types: SUBTITLE_TYPES },
};

export function isMediaCategory(value: string): value is MediaCategory {
  return (MEDIA_CATEGORIES as readonly string[]).includes(value);
}

/** Every media_type the upload endpoints accept (the v2 enum minus the 3D model types). */
export function isKnownMediaType(value: string): boolean {
  return (
    (IMAGE_TYPES as readonly string[]).includes(value) ||
    (VIDEO_TYPES as readonly string[]).includes(value) ||
    (SUBTITLE_TYPES as readonly string[]).includes(value)
  );
}

export function maxBytesFor(category: MediaCategory): number {
  return RULES[category].maxBytes;
}

export function categoryAllowsType(category: MediaCategory, mediaType: string): boolean {
  return RULES[category].types.includes(mediaType);
}

/** "With no category the type is inferred as tweet media." */
export function inferCategory(mediaType: string): MediaCategory | undefined {
  if (mediaType === 'image/gif') return 'tweet_gif';
  if ((IMAGE_TYPES as readonly string[]).includes(mediaType)) return 'tweet_image';
  if ((VIDEO_TYPES as readonly string[]).includes(mediaType)) return 'tweet_video';
  if ((SUBTITLE_TYPES as readonly string[]).includes(mediaType)) return 'subtitles';
  return undefined;
}

export function isVideoType(mediaType: string): boolean {
  return (VIDEO_TYPES as readonly string[]).includes(mediaType);
}

export function isSubtitleType(mediaType: string): boolean {
  return (SUBTITLE_TYPES as readonly string[]).includes(mediaType);
}

export function isDirectMessageCategory(category: MediaCategory): boolean {
  return category.startsWith('dm_');
}

/**
 * media_key prefixes: 3_ image, 7_ video, 13_ amplify_video are OBSERVED; 16_ for GIFs is UNCONFIRMED;
 * 20_ for subtitles is the sandbox's own choice.
 */
export function mediaKeyPrefix(kind: MediaKind, category: MediaCategory): string {
  if (category === 'amplify_video') return '13_';
  switch (kind) {
    case 'image':
      return '3_';
    case 'gif':
      return '16_';
    case 'video':
      return '7_';
    case 'subtitles':
      return '20_';
  }
}

/** The kind a declared type will most likely become; the final kind is decided from the bytes. */
export function expectedKind(mediaType: string, category: MediaCategory): MediaKind {
  if (isSubtitleType(mediaType)) return 'subtitles';
  if (isVideoType(mediaType)) return 'video';
  if (category === 'tweet_gif' || category === 'dm_gif') return 'gif';
  return 'image';
}
