// Metadata on a media record (alt text, subtitles) and the rules for attaching media to a post.
import { expectedKind } from './categories.js';
import { badRequest } from './media-error.js';
import type { AttachableMedia, MediaRecord, UsableMediaResult } from './media-types.js';
import type { ProcessingState } from './processing.js';

export interface SubtitleEntry {
  mediaId: string;
  languageCode: string;
  displayName: string;
}

export function applyAltText(record: MediaRecord, text: string): void {
  if (text.length > 1000) throw badRequest('alt_text must be at most 1000 characters.', 'alt_text');
  const kind = record.finalized?.kind ?? expectedKind(record.mediaType, record.category);
  if (kind !== 'image' && kind !== 'gif') {
    throw badRequest('Alt text can only be added to images and GIFs.', 'media_id', record.id);
  }
  record.altText = text;
}

/** `video` is already checked to be a video; `file` must be a finalized subtitles upload. */
export function attachSubtitles(video: MediaRecord, file: MediaRecord, subtitle: SubtitleEntry): void {
  if (file.category !== 'subtitles' || file.phase !== 'finalized') {
    throw badRequest('The subtitle media_id must be a finalized upload with media_category subtitles.', 'id');
  }
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?$/.test(subtitle.languageCode)) {
    throw badRequest(
      `Invalid language_code: ${subtitle.languageCode}.`,
      'language_code',
      subtitle.languageCode,
    );
  }
  video.subtitles.set(subtitle.languageCode.toUpperCase(), {
    mediaId: subtitle.mediaId,
    displayName: subtitle.displayName,
  });
}

export function subtitleList(record: MediaRecord): SubtitleEntry[] {
  return [...record.subtitles].map(([languageCode, entry]) => ({ languageCode, ...entry }));
}

/**
 * `records` holds, per requested id, the caller's record or `undefined`; `stateOf` gives the processing
 * state of media that processes. A post takes up to 4 images, or 1 animated GIF, or 1 video.
 */
export function checkAttachable(
  records: readonly (MediaRecord | undefined)[],
  stateOf: (record: MediaRecord) => ProcessingState | undefined,
): UsableMediaResult {
  const media: AttachableMedia[] = [];
  for (const record of records) {
    if (record === undefined) return { ok: false, code: 325, message: 'A media id was not found.' };
    const finalized = record.finalized;
    const state = stateOf(record) ?? (finalized ? 'succeeded' : undefined);
    if (!finalized || state !== 'succeeded' || finalized.kind === 'subtitles') {
      return { ok: false, code: 324, message: 'The validation of media ids failed.' };
    }
    media.push({
      id: record.id,
      mediaKey: record.mediaKey,
      type: finalized.kind === 'video' ? 'video' : finalized.kind === 'gif' ? 'animated_gif' : 'photo',
      width: finalized.width,
      height: finalized.height,
      ...(record.altText !== undefined ? { altText: record.altText } : {}),
    });
  }
  const videos = media.filter((item) => item.type === 'video').length;
  const gifs = media.filter((item) => item.type === 'animated_gif').length;
  if (videos > 0 && media.length > 1) return { ok: false, code: 386, message: 'Too many attachment types.' };
  if (gifs > 0 && media.length > 1) {
    return { ok: false, code: 323, message: 'Animated GIFs are not allowed when uploading multiple images.' };
  }
  if (media.length > 4) return { ok: false, code: 324, message: 'The validation of media ids failed.' };
  return { ok: true, media };
}
