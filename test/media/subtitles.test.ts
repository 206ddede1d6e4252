// Subtitles are media too: sniffed from their text, uploaded with the subtitles category, attached to a video.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../bench/lib/media-files.mjs';
import { PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let client: PeonyClient;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, mediaProcessing: { stepMs: 10, steps: 2, checkAfterSecs: 0 } });
  client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

describe('subtitles', () => {
  it('uploads an SRT file and attaches it to a video', async () => {
    const srt = Buffer.from(
      '1\n00:00:00,000 --> 00:00:01,500\nA peony opens.\n\n2\n00:00:01,500 --> 00:00:03,000\nIt is pink.\n',
    );
    const subtitles = await client.uploadMedia(srt);
    expect(subtitles.mediaType).toBe('text/srt');
    expect(subtitles.category).toBe('subtitles');
    const video = await client.uploadMedia(mp4(64 * 1024));
    // X's document types associated_subtitles as an object; XAPI.md and the sandbox send a list.
    const attached = (await client.v2.media.subtitles.post({
      id: video.mediaId,
      media_category: 'TweetVideo',
      subtitles: { id: subtitles.mediaId, language_code: 'EN', display_name: 'English' },
    })) as unknown as { data: { id: string; associated_subtitles: { subtitles: unknown[] } } };
    expect(attached.data.id).toBe(video.mediaId);
    expect(attached.data.associated_subtitles.subtitles).toHaveLength(1);
  });
});
