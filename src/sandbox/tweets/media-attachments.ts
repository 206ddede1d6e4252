// The one place tweets ask the media area whether media ids may be attached (owned by the poster,
// processing succeeded, at most 4 photos or 1 GIF or 1 video).
import type { SandboxContext } from '../context.js';
import { usableMediaFor } from '../media/media-registry.js';
import type { AttachedMedia } from './tweet-store.js';

export type AttachmentCheck =
  | { readonly ok: true; readonly media: AttachedMedia[] }
  /** X's v1.1 code and message; v2 reports every failure as invalid media ids. */
  | { readonly ok: false; readonly code: 323 | 324 | 325 | 386; readonly message: string };

export function checkAttachments(
  ctx: SandboxContext,
  userId: string,
  mediaIds: readonly string[],
): AttachmentCheck {
  if (mediaIds.length === 0) return { ok: true, media: [] };
  const result = usableMediaFor(ctx, userId, mediaIds);
  if (!result.ok) return result;
  return {
    ok: true,
    media: result.media.map(
      (item): AttachedMedia => ({
        id: item.id,
        mediaKey: item.mediaKey,
        type: item.type,
        width: item.width,
        height: item.height,
        ...(item.altText !== undefined ? { altText: item.altText } : {}),
      }),
    ),
  };
}
