// The one media store of a sandbox, reachable from the context so the tweets area can check media_ids.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SandboxContext } from '../context.js';
import { MediaStore, type UsableMediaResult } from './media-store.js';
import { SegmentFiles } from './segment-files.js';

const STATE_KEY = 'media';

/** The sandbox's media store, created on first use. */
export function mediaStoreOf(ctx: SandboxContext): MediaStore {
  return ctx.state(STATE_KEY, () => {
    // A folder given by the user is shared with them: only our own subfolder is ever removed.
    const root = ctx.options.ownsMediaDir
      ? ctx.options.mediaDir
      : join(ctx.options.mediaDir, `peony-sandbox-media-${randomUUID()}`);
    return new MediaStore({
      now: () => ctx.now(),
      nextId: () => ctx.nextId(),
      files: new SegmentFiles(root),
      expiresAfterSecs: ctx.options.mediaExpiresAfterSecs,
      pace: ctx.options.mediaProcessing,
      onChange: (event) => ctx.events.emit('media', event),
    });
  });
}

/**
 * For statuses/update and POST /2/tweets: checks that every id in `ids` belongs to `userId`, has finished
 * processing and that together they fit in one tweet (up to 4 images, or 1 animated GIF, or 1 video).
 * On failure gives X's v1.1 code (323, 324, 325 or 386) and message.
 */
export function usableMediaFor(
  ctx: SandboxContext,
  userId: string,
  ids: readonly string[],
): UsableMediaResult {
  return mediaStoreOf(ctx).usableMediaFor(userId, ids);
}
