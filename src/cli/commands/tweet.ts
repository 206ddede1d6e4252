// `peony tweet <text>`: posts a tweet, uploading any --media first (to the sandbox when no credentials are set).

import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidRequestError, sniffMediaType } from '../../index.js';
import { connect } from '../connect.js';
import { printJson } from '../output.js';
import { addUploadOptions, checkStdinInput, type UploadFlags, uploadWithProgress } from './upload.js';

interface TweetFlags extends UploadFlags {
  replyTo?: string;
  quote?: string;
  mediaId?: string[];
  media?: string[];
}

export function registerTweet(program: Command): void {
  addUploadOptions(
    program
      .command('tweet')
      .description('post a tweet (v2), uploading media first if given, and print it')
      .argument('<text>', 'the text to post')
      .option('--media <file...>', 'files or URLs to upload and attach (up to 4 images, or 1 GIF or video)')
      .option('--media-id <id...>', 'media ids already uploaded')
      .option('--reply-to <id>', 'id of the post to answer')
      .option('--quote <id>', 'id of the post to quote'),
  ).action(async (text: string, flags: TweetFlags) => {
    const attached = (flags.media?.length ?? 0) + (flags.mediaId?.length ?? 0);
    if (flags.resume !== undefined && (flags.media?.length ?? 0) !== 1) {
      throw new InvalidRequestError('--resume continues one upload: give exactly one --media with it.');
    }
    if (attached > 4) {
      throw new InvalidRequestError(
        `A post takes at most 4 media (4 images, or 1 GIF or video); got ${attached}.`,
      );
    }
    for (const input of flags.media ?? []) checkStdinInput(input);
    await checkMediaMix(flags.media ?? [], flags.mediaId?.length ?? 0);
    const connection = await connect();
    try {
      const mediaIds = [...(flags.mediaId ?? [])];
      for (const input of flags.media ?? []) {
        const media = await uploadWithProgress(connection.client, input, flags);
        process.stderr.write(
          `uploaded ${input} as media ${media.mediaId} (${media.mediaType}, ${media.size} bytes)\n`,
        );
        mediaIds.push(media.mediaId);
      }
      const tweet = await connection.client.tweet({
        text,
        ...(mediaIds.length ? { mediaIds } : {}),
        ...(flags.replyTo ? { replyTo: flags.replyTo } : {}),
        ...(flags.quote ? { quote: flags.quote } : {}),
      });
      printJson(tweet);
      process.stderr.write(
        `posted tweet ${tweet.id}${connection.sandbox ? ' (to the local sandbox)' : ''}\n`,
      );
    } finally {
      await connection.close();
    }
  });
}

/**
 * X's rule for one post: up to 4 images, or 1 video or GIF alone. Checked on the files' first bytes before
 * anything is uploaded (URLs and stdin are not read twice: X checks those when the post is sent).
 */
async function checkMediaMix(inputs: readonly string[], givenIds: number): Promise<void> {
  if (inputs.length + givenIds <= 1) return;
  for (const input of inputs) {
    if (input === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(input)) continue;
    let head: Uint8Array;
    try {
      const file = await open(input, 'r');
      try {
        const buffer = Buffer.alloc(4096);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
        head = buffer.subarray(0, bytesRead);
      } finally {
        await file.close();
      }
    } catch {
      continue; // The upload itself says what is wrong with a file it cannot read.
    }
    const type = await sniffMediaType(head);
    if (type?.startsWith('video/') || type === 'image/gif') {
      throw new InvalidRequestError(
        `${input} is a ${type === 'image/gif' ? 'GIF' : 'video'}: X takes one video or GIF alone on a post, or up to 4 images. Post it with no other --media or --media-id.`,
      );
    }
  }
}
