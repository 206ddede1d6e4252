// The errors media upload adds to the tree: bad media before anything is sent, processing failures, and
// an interrupted upload that can be resumed.

import { PeonyError } from '../http/errors.js';

/** The input cannot be uploaded as it is: unknown type, too large for its category, unreadable. */
export class InvalidMediaError extends PeonyError {
  override readonly name: string = 'InvalidMediaError';
}

/** What X said when it could not process the media (`processing_info.error`). */
export interface ProcessingFailure {
  readonly code?: number;
  readonly name?: string;
  readonly message?: string;
}

/** X accepted the bytes but its processing failed (e.g. an unsupported video format). */
export class MediaProcessingError extends PeonyError {
  override readonly name: string = 'MediaProcessingError';
  readonly mediaId: string;
  readonly failure: ProcessingFailure | undefined;
  constructor(mediaId: string, failure: ProcessingFailure | undefined, message?: string) {
    super(
      message ??
        `X could not process media ${mediaId}: ${failure?.name ?? 'failed'}${failure?.message ? ` (${failure.message})` : ''}. Check that the file plays and meets X's format limits.`,
    );
    this.mediaId = mediaId;
    this.failure = failure;
  }
}
