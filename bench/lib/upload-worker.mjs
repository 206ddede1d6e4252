// One upload in a fresh process, reporting its wall time and the peak RSS above the process's baseline.
// argv: <peony|twitter-api-v2> <v1.1|v2> <file> <sandbox JSON>

import { readFile } from 'node:fs/promises';
import { PeonyClient } from '../../dist/index.js';
import { peakRssDuring, timed } from './measure.mjs';
import { localTwitterApi } from './twitter-api-v2-local.mjs';

const [who, api, file, sandboxJson] = process.argv.slice(2);
const { url, credentials } = JSON.parse(sandboxJson);
let ms = 0;
let mediaId = '';
let close = async () => {};
let upload;
if (who === 'peony') {
  const client = new PeonyClient({ ...credentials, baseUrl: url });
  close = () => client.close();
  upload = async () => {
    mediaId = (await client.uploadMedia(file, { api })).mediaId;
  };
} else {
  const { client, close: closeAgent } = localTwitterApi(url, credentials);
  close = async () => closeAgent();
  upload = async () => {
    // Its v1.1 upload takes a path; its v2 upload takes only a Buffer, so the file is read whole first.
    mediaId =
      api === 'v1.1'
        ? await client.v1.uploadMedia(file, { mimeType: 'video/mp4', target: 'tweet' })
        : await client.v2.uploadMedia(await readFile(file), {
            media_type: 'video/mp4',
            media_category: 'tweet_video',
          });
  };
}
// The first upload in a process also pays for loading code (peony: undici's multipart and Node's web
// streams, ~40 MB once); the second shows what each further upload costs.
const coldRss = await peakRssDuring(async () => {
  ms = await timed(upload);
});
const warmRss = await peakRssDuring(upload);
await close();
process.stdout.write(`${JSON.stringify({ ms, peakRss: coldRss, warmRss, mediaId })}\n`);
