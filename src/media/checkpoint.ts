// Where an interrupted upload stands, and the error that hands it back to the caller to resume.

import { AbortError, PeonyError } from '../http/errors.js';
import type { MediaCategory } from './detect.js';
import type { MediaApi } from './protocol.js';

/** Where an upload stands after INIT: enough to continue it after a crash or a cancel, until it expires. */
export interface UploadCheckpoint {
  readonly api: MediaApi;
  readonly mediaId: string;
  readonly mediaKey?: string | undefined;
  readonly mediaType: string;
  readonly category: MediaCategory;
  readonly totalBytes: number;
  readonly chunkSize: number;
  /** Segment indices X has acknowledged. */
  readonly sentSegments: readonly number[];
  /** Epoch ms after which X forgets the upload. */
  readonly expiresAt: number | undefined;
}

/** An upload stopped after INIT; `checkpoint` resumes it (`uploadMedia(input, { resume: checkpoint })`). */
export class MediaUploadError extends PeonyError {
  override readonly name: string = 'MediaUploadError';
  readonly checkpoint: UploadCheckpoint;
  /** When X's media rate limit stopped the upload: the earliest time a resume can go on. */
  readonly resumeAt: Date | undefined;
  constructor(message: string, checkpoint: UploadCheckpoint, cause: unknown, resumeAt?: Date) {
    super(message, { cause });
    this.checkpoint = checkpoint;
    this.resumeAt = resumeAt;
  }
}

/** The error for an upload that stopped after INIT, saying how far it got and how to go on. */
export function interrupted(
  cause: unknown,
  checkpoint: UploadCheckpoint,
  signal: AbortSignal | undefined,
  resumeAt?: Date,
): PeonyError {
  const progress = `${checkpoint.sentSegments.length} of ${Math.ceil(checkpoint.totalBytes / checkpoint.chunkSize)} segments arrived`;
  if (signal?.aborted || cause instanceof AbortError) {
    return new MediaUploadError(
      `The upload of media ${checkpoint.mediaId} was cancelled (${progress}); pass error.checkpoint as options.resume to continue it.`,
      checkpoint,
      cause,
    );
  }
  if (resumeAt) {
    return new MediaUploadError(
      `The upload of media ${checkpoint.mediaId} stopped (${progress}): X's media rate limit is spent until ${resumeAt.toISOString()}. After then, pass error.checkpoint as options.resume to continue it.`,
      checkpoint,
      cause,
      resumeAt,
    );
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new MediaUploadError(
    `The upload of media ${checkpoint.mediaId} stopped (${progress}): ${reason} Pass error.checkpoint as options.resume to continue it.`,
    checkpoint,
    cause,
  );
}
