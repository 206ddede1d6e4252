// The one place tweets ask the media area whether media ids may be attached (owned by the poster,
// processing succeeded, at most 4 photos or 1 GIF or 1 video).
import type { SandboxContext } from '../context.js';
import type { AttachedMedia } from './tweet-store.js';

export type AttachmentCheck =
  | { readonly ok: true; readonly media: AttachedMedia[] }
  /** `not-found` maps to v1.1 code 325, `invalid` to 324; v2 reports both as invalid media ids. */
  | { readonly ok: false; readonly reason: 'not-found' | 'invalid'; readonly message?: string };

export const MAX_PHOTOS = 4;

/** X's mix rule, applied to media that each passed the media area's own checks. */
export function checkMix(media: readonly AttachedMedia[]): AttachmentCheck {
  const photos = media.filter((item) => item.type === 'photo').length;
  if (media.length > MAX_PHOTOS || (photos !== media.length && media.length > 1)) {
    return { ok: false, reason: 'invalid', message: 'Up to 4 photos, or 1 animated GIF, or 1 video.' };
  }
  return { ok: true, media: [...media] };
}

/**
 * Resolves media ids for a tweet by `userId`. Until the media area exports its validator this knows no
 * media at all, so every id is "not found".
 */
export function checkAttachments(
  _ctx: SandboxContext,
  _userId: string,
  mediaIds: readonly string[],
): AttachmentCheck {
  if (mediaIds.length === 0) return { ok: true, media: [] };
  return { ok: false, reason: 'not-found' };
}
