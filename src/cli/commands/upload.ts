// `peony upload <file|url|->`: uploads media with a progress bar and prints it as snake_case JSON; `--tweet`
// posts it.

import { readFile, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import type { Command } from 'commander';
import {
  InvalidRequestError,
  type MediaApi,
  type MediaInput,
  MediaProcessingError,
  MediaUploadError,
  type PeonyClient,
  type ProcessingInfo,
  type UploadCheckpoint,
  type UploadedMedia,
} from '../../index.js';
import { connect } from '../connect.js';
import { type PrintedFields, printedObject, printJson } from '../output.js';
import { uploadBar } from '../progress.js';

export interface UploadFlags {
  resume?: string;
  alt?: string;
  api?: string;
  chunkSize?: string;
  concurrency?: string;
  dm?: boolean;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function mediaInput(argument: string): MediaInput {
  return argument === '-' ? process.stdin : argument;
}

/** `-` at a terminal would wait for bytes nobody is going to type: said at once, before anything starts. */
export function checkStdinInput(argument: string): void {
  if (argument === '-' && process.stdin.isTTY) {
    throw new InvalidRequestError(
      '- reads the media from standard input, which is a terminal here: pipe the media in (peony upload - < photo.png), or give its path.',
    );
  }
}

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidRequestError(`${flag} must be a positive whole number; got "${value}".`);
  return n;
}

/** Uploads one input with a progress bar; shared by `upload` and `tweet --media`. */
export async function uploadWithProgress(
  client: PeonyClient,
  argument: string,
  flags: UploadFlags,
): Promise<UploadedMedia> {
  if (flags.api !== undefined && flags.api !== 'v2' && flags.api !== 'v1.1') {
    throw new InvalidRequestError(`--api is v2 or v1.1; got "${flags.api}".`);
  }
  const resume = flags.resume === undefined ? undefined : await readCheckpoint(flags.resume);
  const bar = uploadBar(argument === '-' ? 'stdin' : (argument.split('/').pop() ?? argument));
  // Ctrl-C, a job's SIGTERM and a closed terminal's SIGHUP cancel the upload cleanly (temp files removed) and
  // say how to resume it; the exit code is 128 + the signal's number, as a shell reports a command it stopped.
  const cancel = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    cancel.abort();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  try {
    const media = await client.uploadMedia(mediaInput(argument), {
      onProgress: (p) => bar.update(p),
      signal: cancel.signal,
      ...(resume ? { resume } : {}),
      ...(flags.alt === undefined ? {} : { altText: flags.alt }),
      ...(flags.api === undefined ? {} : { api: flags.api as MediaApi }),
      ...(flags.dm ? { target: 'dm' as const } : {}),
      chunkSize: positiveInteger(flags.chunkSize, '--chunk-size'),
      concurrency: positiveInteger(flags.concurrency, '--concurrency'),
    });
    // The upload is done: its checkpoint could only mislead a later --resume.
    if (flags.resume !== undefined) await rm(flags.resume, { force: true });
    return media;
  } catch (error) {
    // X refused the media it assembled: the checkpoint's media id can never be finished either.
    if (error instanceof MediaProcessingError && flags.resume !== undefined)
      await rm(flags.resume, { force: true });
    if (error instanceof MediaUploadError) {
      bar.stop();
      await reportCheckpoint(error, cancel.signal.aborted);
    }
    if (cancel.signal.aborted) process.exitCode = 128 + constants.signals[stoppedBy ?? 'SIGINT'];
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
    bar.stop();
  }
}

/** Saves where an interrupted upload stands and says how to go on; a failure to save never hides the error. */
async function reportCheckpoint(error: MediaUploadError, cancelled: boolean): Promise<void> {
  const { checkpoint } = error;
  const file = `peony-upload-${checkpoint.mediaId.replace(/[^0-9A-Za-z_-]/g, '_')}.json`;
  const until = checkpoint.expiresAt ? new Date(checkpoint.expiresAt).toISOString() : 'X forgets it';
  const what = `${cancelled ? 'Cancelled' : 'Stopped'}: ${checkpoint.sentSegments.length} chunks of media ${checkpoint.mediaId} arrived.`;
  try {
    await writeFile(file, `${JSON.stringify(checkpoint, null, 2)}\n`);
    process.stderr.write(`${what} Continue with the same input and --resume ${file} (until ${until}).\n`);
  } catch (writeError) {
    process.stderr.write(
      `${what} Its checkpoint could not be saved to ${file} (${(writeError as Error).message}).\n`,
    );
  }
}

async function readCheckpoint(path: string): Promise<UploadCheckpoint> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InvalidRequestError(
      `--resume needs the checkpoint file an interrupted upload wrote; cannot read ${path} (${(error as Error).message}).`,
    );
  }
  const problem = checkpointProblem(parsed);
  if (problem) {
    throw new InvalidRequestError(
      `--resume ${path} is not a checkpoint peony wrote (${problem}); start the upload again without --resume.`,
    );
  }
  return parsed as UploadCheckpoint;
}

/**
 * What is wrong with a checkpoint read from a file, or undefined when it can be resumed. Fields are quoted as
 * the file spells them, so that they are not taken for (or rewritten as) the flags of the same name.
 */
function checkpointProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const c = value as Record<string, unknown>;
  const whole = (n: unknown, min: number) => typeof n === 'number' && Number.isInteger(n) && n >= min;
  if (c.api !== 'v2' && c.api !== 'v1.1') return '"api" is not "v2" or "v1.1"';
  if (typeof c.mediaId !== 'string' || !/^\d+$/.test(c.mediaId)) return 'no numeric "mediaId"';
  if (typeof c.mediaType !== 'string' || typeof c.category !== 'string')
    return 'no "mediaType" or "category"';
  if (!whole(c.totalBytes, 1)) return '"totalBytes" is not a positive whole number';
  if (!whole(c.chunkSize, 1) || (c.chunkSize as number) > 5 * 1024 * 1024)
    return '"chunkSize" is not 1 to 5 MB';
  const segments = Math.ceil((c.totalBytes as number) / (c.chunkSize as number));
  if (!Array.isArray(c.sentSegments) || !c.sentSegments.every((i) => whole(i, 0) && (i as number) < segments))
    return '"sentSegments" is not a list of segment numbers';
  if (c.expiresAt !== undefined && typeof c.expiresAt !== 'number') return '"expiresAt" is not a time';
  return undefined;
}

export function addUploadOptions(command: Command): Command {
  return command
    .option('--alt <text>', 'alt text for the media')
    .option('--api <version>', 'media endpoints: v2 (default) or v1.1')
    .option('--chunk-size <bytes>', 'bytes per chunk (at most 5 MB)')
    .option('--concurrency <n>', 'chunks in flight at once')
    .option('--resume <checkpoint.json>', 'continue an interrupted upload from the checkpoint file it wrote');
}

export function registerUpload(program: Command): void {
  addUploadOptions(
    program
      .command('upload')
      .description(
        "upload an image, GIF or video (path, http(s) URL, or - for stdin) and print the media as JSON in X's snake_case: media_id, media_key, media_type, category, size, expires_at, and image, video or processing_info as X gave them",
      )
      .argument('<input>', 'a file path, an http(s) URL, or - to read standard input'),
  )
    .option('--dm', 'upload for a direct message instead of a post')
    .option(
      '--tweet <text>',
      'post a tweet with the media once uploaded, printing { "media": …, "tweet": … }',
    )
    .action(async (argument: string, flags: UploadFlags & { tweet?: string }) => {
      checkStdinInput(argument);
      const connection = await connect();
      try {
        const media = await uploadWithProgress(connection.client, argument, flags);
        const tweet =
          flags.tweet === undefined
            ? undefined
            : await connection.client.tweet({ text: flags.tweet, mediaIds: [media.mediaId] });
        printJson(tweet ? { media: mediaJson(media), tweet } : mediaJson(media));
      } finally {
        await connection.close();
      }
    });
}

/**
 * The uploaded media as printed: snake_case, as X spells its media answers and as every other command prints
 * (X's posts, answers and stream lines), so one jq filter reads them all (`.media_id`, `.image.image_type`,
 * `.processing_info.state`) rather than camelCase around X's own snake_case. Every field of UploadedMedia is
 * named here (the type makes a new one a compile error), with the time as ISO 8601. The checkpoint file keeps
 * the library's camelCase: it is peony's own, read back by --resume.
 */
export function mediaJson(media: UploadedMedia): Record<string, unknown> {
  const fields: PrintedFields<UploadedMedia> = {
    mediaId: ['media_id', media.mediaId],
    mediaKey: ['media_key', media.mediaKey],
    mediaType: ['media_type', media.mediaType],
    category: ['category', media.category],
    size: ['size', media.size],
    expiresAt: ['expires_at', media.expiresAt?.toISOString()],
    processingInfo: ['processing_info', media.processingInfo && processingJson(media.processingInfo)],
    image: ['image', media.image],
    video: ['video', media.video],
  };
  return printedObject(fields);
}

function processingJson(info: ProcessingInfo): Record<string, unknown> {
  const fields: PrintedFields<ProcessingInfo> = {
    state: ['state', info.state],
    checkAfterSecs: ['check_after_secs', info.checkAfterSecs],
    progressPercent: ['progress_percent', info.progressPercent],
    error: ['error', info.error],
  };
  return printedObject(fields);
}
