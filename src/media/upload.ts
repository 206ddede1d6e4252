// The upload algorithm: sniff → (simple | INIT → parallel APPENDs with retries → FINALIZE) → wait for
// processing → alt text. Progress and checkpoints are reported as it goes; a checkpoint resumes an upload.

import { AbortError } from '../http/errors.js';
import type { PipelineRequest, PipelineResponse } from '../http/request.js';
import { delayBeforeRetry, type RetryOptions, resolveRetry, sleep } from '../http/retry.js';
import { interrupted, type UploadCheckpoint } from './checkpoint.js';
import { categoryFor, describeMedia, loadFileType, type MediaCategory, maxBytesFor } from './detect.js';
import { InvalidMediaError, MediaProcessingError } from './errors.js';
import { type MediaInput, type MediaSource, type OpenOptions, openMediaSource } from './input.js';
import { type MediaAnswer, MediaProtocol, type ProcessingInfo } from './protocol.js';
import { RateLimitGate, RateLimitStop } from './rate-limit-gate.js';
import { SegmentQueue } from './segment-queue.js';
import {
  checkOptions,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  MAX_CHUNK_SIZE,
  type UploadMediaOptions,
} from './upload-options.js';

export { MediaUploadError, type UploadCheckpoint } from './checkpoint.js';
export type { MediaRateLimitWait } from './rate-limit-gate.js';
export { DEFAULT_CHUNK_SIZE, type UploadMediaOptions, type UploadProgress } from './upload-options.js';

const MAX_SEGMENTS = 1000;

export interface UploadedMedia {
  /** The id to attach to a post (`mediaIds`). */
  readonly mediaId: string;
  readonly mediaKey: string | undefined;
  readonly mediaType: string;
  readonly category: MediaCategory;
  readonly size: number;
  /** When X forgets the media if no post uses it. */
  readonly expiresAt: Date | undefined;
  /** The last processing state (`succeeded` once waited for), when X processed the media. */
  readonly processingInfo: ProcessingInfo | undefined;
  readonly image?: MediaAnswer['image'];
  readonly video?: MediaAnswer['video'];
}

/** What the uploader needs from a client: a way to send through its pipeline, and where X is. */
export interface MediaTransport {
  readonly baseUrl: string;
  send<T>(request: PipelineRequest): PromiseLike<PipelineResponse<T>>;
  readonly fetch?: OpenOptions['fetch'];
  /** The client's per-attempt timeout; it also bounds each silence while reading a stream input. */
  readonly timeoutMs?: number | undefined;
}

export async function uploadMedia(
  transport: MediaTransport,
  input: MediaInput,
  options: UploadMediaOptions = {},
): Promise<UploadedMedia> {
  const chunkSize = checkOptions(options);
  // The sniffer loads while the input opens; a failure to load is met again where the bytes are sniffed.
  loadFileType().catch(() => {});
  const source = await openMediaSource(input, {
    signal: options.signal,
    tempDir: options.tempDir,
    fetch: transport.fetch,
    idleTimeoutMs: transport.timeoutMs,
  });
  try {
    return await uploadSource(transport, source, options, chunkSize);
  } finally {
    await source.close();
  }
}

async function uploadSource(
  transport: MediaTransport,
  source: MediaSource,
  options: UploadMediaOptions,
  chunkSize: number,
): Promise<UploadedMedia> {
  if (source.size === 0) throw new InvalidMediaError('The media is empty (0 bytes).');
  const detected = await describeMedia(source, options.mediaType ?? source.declaredType);
  const category =
    options.resume?.category ??
    options.category ??
    categoryFor(detected.kind, options.target ?? 'tweet', detected.animated);
  const limit = maxBytesFor(category);
  if (source.size > limit) {
    throw new InvalidMediaError(
      `${source.name ?? 'The media'} is ${source.size} bytes; X allows ${limit} bytes for ${category}.`,
    );
  }
  // X sets alt text on images and GIFs only, and would refuse it after the whole upload and its processing.
  if (options.altText !== undefined && (category.endsWith('_video') || category === 'subtitles')) {
    throw new InvalidMediaError(
      `altText is for images and GIFs only: X refuses it on ${category} once the upload is done. Leave altText out for this ${detected.kind}.`,
    );
  }
  const segments = Math.ceil(source.size / chunkSize);
  if (segments > MAX_SEGMENTS) {
    throw new InvalidMediaError(
      `${source.size} bytes in chunks of ${chunkSize} makes ${segments} segments; X allows ${MAX_SEGMENTS}. Use a larger chunkSize.`,
    );
  }
  const api = options.resume?.api ?? options.api ?? 'v2';
  const protocol = new MediaProtocol(api, transport.baseUrl);
  const retry = { retries: options.retries ?? 3, minDelayMs: 250, maxDelayMs: 4_000 };
  const gate = new RateLimitGate(
    options.rateLimitWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
    options.onRateLimitWait,
  );
  // 429s are the gate's to wait for (bounded by rateLimitWaitMs), not the client's waitOnRateLimit.
  const send: Send = (request) =>
    gate.run(
      async () =>
        (
          await transport.send<unknown>({
            retry,
            waitOnRateLimit: false,
            ...(options.signal ? { signal: options.signal } : {}),
            ...request,
          })
        ).data,
      request.signal ?? options.signal,
    );
  const unwrapStop = async <T>(promise: Promise<T>): Promise<T> => {
    try {
      return await promise;
    } catch (error) {
      throw error instanceof RateLimitStop ? error.rateLimit : error;
    }
  };
  const report = options.onProgress ?? (() => {});

  const simple =
    !options.resume &&
    !options.chunked &&
    (category === 'tweet_image' || category === 'dm_image') &&
    source.size <= MAX_CHUNK_SIZE;
  let answer: MediaAnswer;
  if (simple) {
    report({ phase: 'uploading', bytesSent: 0, totalBytes: source.size });
    const bytes = await source.slice(0, source.size);
    try {
      answer = protocol.parse(
        await unwrapStop(send(protocol.simple(bytes, category, options.additionalOwners))),
      );
    } finally {
      bytes.release?.();
    }
    report({ phase: 'uploading', bytesSent: source.size, totalBytes: source.size });
  } else {
    answer = await chunkedUpload(protocol, send, unwrapStop, source, {
      ...options,
      retry,
      chunkSize,
      segments,
      category,
      mediaType: detected.mediaType,
    });
  }

  let info = answer.processingInfo;
  if (info && options.waitForProcessing !== false) {
    info = await unwrapStop(waitForProcessing(protocol, send, answer.mediaId, info, source.size, options));
  }
  if (options.altText !== undefined)
    await unwrapStop(send(protocol.altText(answer.mediaId, options.altText)));
  report({ phase: 'done', bytesSent: source.size, totalBytes: source.size });
  return {
    mediaId: answer.mediaId,
    mediaKey: answer.mediaKey ?? options.resume?.mediaKey,
    mediaType: detected.mediaType,
    category,
    size: source.size,
    expiresAt:
      answer.expiresAfterSecs === undefined
        ? undefined
        : new Date(Date.now() + answer.expiresAfterSecs * 1000),
    processingInfo: info,
    ...(answer.image ? { image: answer.image } : {}),
    ...(answer.video ? { video: answer.video } : {}),
  };
}

type Send = (request: PipelineRequest) => Promise<unknown>;

interface ChunkPlan extends UploadMediaOptions {
  readonly retry: RetryOptions;
  readonly chunkSize: number;
  readonly segments: number;
  readonly category: MediaCategory;
  readonly mediaType: string;
}

async function chunkedUpload(
  protocol: MediaProtocol,
  send: Send,
  unwrapStop: <T>(promise: Promise<T>) => Promise<T>,
  source: MediaSource,
  plan: ChunkPlan,
): Promise<MediaAnswer> {
  let checkpoint: UploadCheckpoint;
  if (plan.resume) {
    if (plan.resume.totalBytes !== source.size) {
      throw new InvalidMediaError(
        `The checkpoint is for ${plan.resume.totalBytes} bytes but this input has ${source.size}; resume with the same input.`,
      );
    }
    if (plan.resume.expiresAt !== undefined && plan.resume.expiresAt <= Date.now()) {
      throw new InvalidMediaError(`Upload ${plan.resume.mediaId} has expired at X; start a new upload.`);
    }
    checkpoint = plan.resume;
  } else {
    const init = protocol.parse(
      await unwrapStop(
        send(
          protocol.init({
            totalBytes: source.size,
            mediaType: plan.mediaType,
            category: plan.category,
            additionalOwners: plan.additionalOwners,
          }),
        ),
      ),
    );
    checkpoint = {
      api: protocol.api,
      mediaId: init.mediaId,
      mediaKey: init.mediaKey,
      mediaType: plan.mediaType,
      category: plan.category,
      totalBytes: source.size,
      chunkSize: plan.chunkSize,
      sentSegments: [],
      expiresAt: init.expiresAfterSecs === undefined ? undefined : Date.now() + init.expiresAfterSecs * 1000,
    };
    plan.onCheckpoint?.(checkpoint);
  }

  const done = new Set(checkpoint.sentSegments);
  const pending = Array.from({ length: plan.segments }, (_, i) => i).filter((i) => !done.has(i));
  const segmentBytes = (i: number) => Math.min(plan.chunkSize, source.size - i * plan.chunkSize);
  let bytesSent = [...done].reduce((sum, i) => sum + segmentBytes(i), 0);
  plan.onProgress?.({ phase: 'uploading', bytesSent, totalBytes: source.size });

  // One failed segment stops the others: its siblings are aborted, and the checkpoint says what arrived.
  const stop = new AbortController();
  const signal = plan.signal ? AbortSignal.any([plan.signal, stop.signal]) : stop.signal;
  let failure: unknown;
  // APPENDs are retried here rather than in the pipeline, so that a worker whose segment failed sends the next
  // one during the backoff (segment-queue.ts); the same policy decides what is retried and how long to wait.
  const concurrency = plan.concurrency ?? 3;
  const queue = new SegmentQueue(pending, concurrency);
  const policy = { retry: resolveRetry(plan.retry), idempotent: true, maxRateLimitWaitMs: undefined };
  const worker = async () => {
    while (!signal.aborted) {
      const next = queue.next(Date.now());
      if (next === undefined) return;
      if ('waitMs' in next) {
        try {
          await queue.wait(next.waitMs, signal);
        } catch {
          return;
        }
        continue;
      }
      const i = next.index;
      try {
        const bytes = await source.slice(i * plan.chunkSize, segmentBytes(i));
        try {
          await send({ ...protocol.append(checkpoint.mediaId, i, bytes), signal, retry: false });
        } finally {
          bytes.release?.();
        }
      } catch (error) {
        const delay = signal.aborted
          ? undefined
          : delayBeforeRetry(error, next.failures, 0, policy, Date.now());
        if (delay !== undefined) {
          queue.retryLater(i, next.failures + 1, delay.ms, Date.now(), !delay.askedByServer);
          continue;
        }
        failure ??= error;
        stop.abort();
        return;
      }
      queue.accepted(Date.now());
      done.add(i);
      bytesSent += segmentBytes(i);
      checkpoint = { ...checkpoint, sentSegments: [...done].sort((a, b) => a - b) };
      plan.onCheckpoint?.(checkpoint);
      plan.onProgress?.({ phase: 'uploading', bytesSent, totalBytes: source.size });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure !== undefined || plan.signal?.aborted) throw stopped(failure, checkpoint, plan.signal);

  try {
    return protocol.parse(await send(protocol.finalize(checkpoint.mediaId)));
  } catch (error) {
    throw stopped(error, checkpoint, plan.signal);
  }
}

/** The resumable error for a stop after INIT; a rate-limit stop says when X's window reopens. */
function stopped(cause: unknown, checkpoint: UploadCheckpoint, signal: AbortSignal | undefined) {
  if (cause instanceof RateLimitStop) {
    return interrupted(cause.rateLimit, checkpoint, signal, cause.resumeAt);
  }
  return interrupted(cause, checkpoint, signal);
}

async function waitForProcessing(
  protocol: MediaProtocol,
  send: Send,
  mediaId: string,
  first: ProcessingInfo,
  totalBytes: number,
  options: UploadMediaOptions,
): Promise<ProcessingInfo> {
  const deadline = Date.now() + (options.processingTimeoutMs ?? 10 * 60_000);
  const minPollMs = options.minPollMs ?? 100;
  let info = first;
  for (;;) {
    options.onProgress?.({
      phase: 'processing',
      bytesSent: totalBytes,
      totalBytes,
      ...(info.progressPercent === undefined ? {} : { processingPercent: info.progressPercent }),
    });
    if (info.state === 'succeeded') return info;
    if (info.state === 'failed') throw new MediaProcessingError(mediaId, info.error);
    const waitMs = Math.max(minPollMs, (info.checkAfterSecs ?? 1) * 1000);
    if (Date.now() + waitMs > deadline) {
      throw new MediaProcessingError(
        mediaId,
        undefined,
        `Media ${mediaId} was still ${info.state} when processingTimeoutMs ran out; poll its status later or raise the limit.`,
      );
    }
    try {
      await sleep(waitMs, options.signal);
    } catch {
      throw new AbortError(
        `Waiting for media ${mediaId} to be processed was aborted; X goes on processing it: poll its status later or attach it once it has succeeded.`,
      );
    }
    const status = protocol.parse(await send(protocol.status(mediaId)));
    // An answer without processing_info means the media is ready.
    info = status.processingInfo ?? { state: 'succeeded' };
  }
}
