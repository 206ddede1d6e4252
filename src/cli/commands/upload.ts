// `peony upload <file|url|->`: uploads media with a progress bar and prints the media id; `--tweet` posts it.

import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  InvalidRequestError,
  type MediaApi,
  type MediaInput,
  MediaUploadError,
  type PeonyClient,
  type UploadCheckpoint,
  type UploadedMedia,
} from '../../index.js';
import { connect } from '../connect.js';
import { printJson } from '../output.js';
import { uploadBar } from '../progress.js';

export interface UploadFlags {
  resume?: string;
  alt?: string;
  api?: string;
  chunkSize?: string;
  concurrency?: string;
  dm?: boolean;
}

function mediaInput(argument: string): MediaInput {
  return argument === '-' ? process.stdin : argument;
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
  // Ctrl-C cancels the upload cleanly (temp files removed) and says how to resume it.
  const cancel = new AbortController();
  const onInterrupt = () => cancel.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await client.uploadMedia(mediaInput(argument), {
      onProgress: (p) => bar.update(p),
      signal: cancel.signal,
      ...(resume ? { resume } : {}),
      ...(flags.alt === undefined ? {} : { altText: flags.alt }),
      ...(flags.api === undefined ? {} : { api: flags.api as MediaApi }),
      ...(flags.dm ? { target: 'dm' as const } : {}),
      chunkSize: positiveInteger(flags.chunkSize, '--chunk-size'),
      concurrency: positiveInteger(flags.concurrency, '--concurrency'),
    });
  } catch (error) {
    if (error instanceof MediaUploadError) {
      bar.stop();
      await reportCheckpoint(error, cancel.signal.aborted);
    }
    if (cancel.signal.aborted) process.exitCode = 130;
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
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
  try {
    return JSON.parse(await readFile(path, 'utf8')) as UploadCheckpoint;
  } catch (error) {
    throw new InvalidRequestError(
      `--resume needs the checkpoint file an interrupted upload wrote; cannot read ${path} (${(error as Error).message}).`,
    );
  }
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
      .description('upload an image, GIF or video (path, http(s) URL, or - for stdin) and print its media id')
      .argument('<input>', 'a file path, an http(s) URL, or - to read standard input'),
  )
    .option('--dm', 'upload for a direct message instead of a post')
    .option('--tweet <text>', 'post a tweet with the media once uploaded')
    .action(async (argument: string, flags: UploadFlags & { tweet?: string }) => {
      const connection = await connect();
      try {
        const media = await uploadWithProgress(connection.client, argument, flags);
        const tweet =
          flags.tweet === undefined
            ? undefined
            : await connection.client.tweet({ text: flags.tweet, mediaIds: [media.mediaId] });
        printJson(tweet ? { media, tweet } : media);
      } finally {
        await connection.close();
      }
    });
}
