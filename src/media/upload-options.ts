// uploadMedia's options, their defaults and the checks that refuse a bad one before anything is sent.

import { InvalidRequestError } from '../http/errors.js';
import type { UploadCheckpoint } from './checkpoint.js';
import type { MediaCategory } from './detect.js';
import { InvalidMediaError } from './errors.js';
import type { MediaApi } from './protocol.js';
import type { MediaRateLimitWait } from './rate-limit-gate.js';

const MB = 1024 * 1024;
/** X caps a chunk at 5 MB; 4 MB is what X's own xurl sends. */
export const DEFAULT_CHUNK_SIZE = 4 * MB;
export const MAX_CHUNK_SIZE = 5 * MB;
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/** X's media windows are 15 minutes and 24 hours; a longer wait is a mistake, not a plan. */
const MAX_RATE_LIMIT_WAIT_MS = 24 * 60 * 60_000;
const APIS: readonly MediaApi[] = ['v2', 'v1.1'];

export interface UploadProgress {
  readonly phase: 'uploading' | 'processing' | 'done';
  readonly bytesSent: number;
  readonly totalBytes: number;
  /** X's processing progress (0–100), while phase is 'processing'. */
  readonly processingPercent?: number;
}

export interface UploadMediaOptions {
  /** Which media endpoints to use. Default 'v2' (X retired v1.1 upload for most access levels in 2025). */
  readonly api?: MediaApi | undefined;
  /** A MIME type to check the bytes against; the bytes decide the type. */
  readonly mediaType?: string | undefined;
  /** Default: from the bytes and `target`. */
  readonly category?: MediaCategory | undefined;
  /** Media for a post (default) or for a direct message. */
  readonly target?: 'tweet' | 'dm' | undefined;
  /** Force chunked upload even for a small image. */
  readonly chunked?: boolean | undefined;
  /** Bytes per APPEND; at most 5 MB. Default 4 MB. With `resume`, the checkpoint's; another value is refused. */
  readonly chunkSize?: number | undefined;
  /** APPENDs in flight at once. Default 3. */
  readonly concurrency?: number | undefined;
  /** Retries of each APPEND (and STATUS) on connection errors and 5xx. Default 3. */
  readonly retries?: number | undefined;
  readonly altText?: string | undefined;
  readonly additionalOwners?: readonly string[] | undefined;
  /** Wait for video and GIF processing to succeed. Default true. */
  readonly waitForProcessing?: boolean | undefined;
  /** Give up waiting for processing after this long. Default 10 minutes. */
  readonly processingTimeoutMs?: number | undefined;
  /** Shortest pause between two STATUS polls, whatever check_after_secs says. Default 100 ms. */
  readonly minPollMs?: number | undefined;
  /**
   * Longest wait for X's media rate limit to reopen when a request of the upload gets a 429; the other
   * segments wait too. Past it (or when X gives no reset) the upload stops with a MediaUploadError whose
   * `resumeAt` says when to resume. Default 60 s; 0 never waits.
   */
  readonly rateLimitWaitMs?: number | undefined;
  /** Called when the upload starts waiting for X's media rate limit to reopen. */
  readonly onRateLimitWait?: ((wait: MediaRateLimitWait) => void) | undefined;
  readonly onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Called after INIT and after each acknowledged segment; store it to resume after a crash. */
  readonly onCheckpoint?: ((checkpoint: UploadCheckpoint) => void) | undefined;
  /** Continue this upload (same input) instead of starting a new one: only missing segments are sent. */
  readonly resume?: UploadCheckpoint | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Where streams of unknown length are spooled. Default: the OS temp folder. */
  readonly tempDir?: string | undefined;
}

/** Refuses options that cannot work before anything is read or sent; returns the chunk size to use. */
export function checkOptions(options: UploadMediaOptions): number {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidRequestError(`uploadMedia's options must be an object; got ${typeof options}.`);
  }
  if (options.api !== undefined && !APIS.includes(options.api)) {
    throw new InvalidRequestError(
      `api must be 'v2' or 'v1.1'; got ${JSON.stringify(options.api)}. X has no other media upload API.`,
    );
  }
  const wait = options.rateLimitWaitMs;
  if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0 && wait <= MAX_RATE_LIMIT_WAIT_MS)) {
    throw new InvalidRequestError(
      `rateLimitWaitMs must be from 0 to ${MAX_RATE_LIMIT_WAIT_MS} (24 hours); got ${wait}.`,
    );
  }
  const retries = options.retries;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= 10)) {
    throw new InvalidRequestError(`retries must be a whole number from 0 to 10; got ${retries}.`);
  }
  const processing = options.processingTimeoutMs;
  if (
    processing !== undefined &&
    !(Number.isFinite(processing) && processing > 0 && processing <= 24 * 60 * 60_000)
  ) {
    throw new InvalidRequestError(
      `processingTimeoutMs must be more than 0 and at most 24 hours; got ${processing}.`,
    );
  }
  const chunkSize = options.resume?.chunkSize ?? options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    // A resumed upload takes the checkpoint's chunk size, whatever the option says: name where it came from.
    throw new InvalidMediaError(
      options.resume
        ? `The checkpoint's "chunkSize" is ${chunkSize}, not a whole number of bytes from 1 to ${MAX_CHUNK_SIZE} (5 MB): it is not a checkpoint peony wrote, or it was changed; start a new upload.`
        : `chunkSize must be a whole number of bytes from 1 to ${MAX_CHUNK_SIZE} (5 MB); got ${chunkSize}.`,
    );
  }
  // Segments are cut by the checkpoint's chunk size: another would send bytes X already has under other indexes.
  if (options.resume && options.chunkSize !== undefined && options.chunkSize !== chunkSize) {
    throw new InvalidMediaError(
      `chunkSize is ${options.chunkSize} but the checkpoint's "chunkSize" is ${chunkSize}: a resumed upload must cut the same segments; leave chunkSize out or pass ${chunkSize}.`,
    );
  }
  const concurrency = options.concurrency ?? 3;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new InvalidMediaError(`concurrency must be a whole number from 1 to 16; got ${concurrency}.`);
  }
  if (options.altText !== undefined && [...options.altText].length > 1000) {
    throw new InvalidMediaError(`altText is ${[...options.altText].length} characters; X allows 1000.`);
  }
  return chunkSize;
}
