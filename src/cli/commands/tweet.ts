// `peony tweet <text>`: posts a tweet (to the sandbox when no credentials are set).

import type { Command } from 'commander';
import { connect } from '../connect.js';
import { printJson } from '../output.js';

export function registerTweet(program: Command): void {
  program
    .command('tweet')
    .description('post a tweet (v2), printing its id and text')
    .argument('<text>', 'the text to post')
    .option('--reply-to <id>', 'id of the post to answer')
    .option('--quote <id>', 'id of the post to quote')
    .option('--media-id <id...>', 'media ids already uploaded')
    .action(async (text: string, flags: { replyTo?: string; quote?: string; mediaId?: string[] }) => {
      const connection = await connect();
      try {
        const tweet = await connection.client.tweet({
          text,
          ...(flags.replyTo ? { replyTo: flags.replyTo } : {}),
          ...(flags.quote ? { quote: flags.quote } : {}),
          ...(flags.mediaId ? { mediaIds: flags.mediaId } : {}),
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
