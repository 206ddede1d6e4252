// `peony upload <file|url|->`: uploads media with a progress bar and prints the media id; `--tweet` posts it.

import type { Command } from 'commander';
import {
  InvalidRequestError,
  type MediaApi,
  type MediaInput,
  type PeonyClient,
  type UploadedMedia,
} from '../../index.js';
import { connect } from '../connect.js';
import { printJson } from '../output.js';
import { uploadBar } from '../progress.js';

export interface UploadFlags {
  alt?: string;
  api?: string;
  chunkSize?: string;
  concurrency?: string;
  dm?: boolean;
}

function mediaInput(argument: string): MediaInput {
  if (argument === '-') return process.stdin;
  if (/^https?:\/\//.test(argument)) return new URL(argument);
  return argument;
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
  const bar = uploadBar(argument === '-' ? 'stdin' : (argument.split('/').pop() ?? argument));
  try {
    return await client.uploadMedia(mediaInput(argument), {
      onProgress: (p) => bar.update(p),
      ...(flags.alt === undefined ? {} : { altText: flags.alt }),
      ...(flags.api === undefined ? {} : { api: flags.api as MediaApi }),
      ...(flags.dm ? { target: 'dm' as const } : {}),
      chunkSize: positiveInteger(flags.chunkSize, '--chunk-size'),
      concurrency: positiveInteger(flags.concurrency, '--concurrency'),
    });
  } finally {
    bar.stop();
  }
}

export function addUploadOptions(command: Command): Command {
  return command
    .option('--alt <text>', 'alt text for the media')
    .option('--api <version>', 'media endpoints: v2 (default) or v1.1')
    .option('--chunk-size <bytes>', 'bytes per chunk (at most 5 MB)')
    .option('--concurrency <n>', 'chunks in flight at once');
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
