// Uploads in a fresh process, reporting per upload the transfer time (start of the call to FINALIZE's answer)
// and the CPU the process spent on it, then the process's peak RSS.
// argv: <peony|minimal|twitter-api-v2|xdk> <v1.1|v2 (xdk: v2 only)> <file> <server JSON: {url, credentials}> [uploads, default 2]
//       [warm-up file: uploaded first in 64 KiB chunks, unmeasured, so one-time costs that grow with the number
//        of answers parsed rather than the file's size are paid before the measured uploads]

// Each process loads only its contestant's code: a client's modules loaded beside another's change what that
// other one is measured at (with X's SDK loaded too, the minimal client's steady upload took 1.7× the time).

import { readFile } from 'node:fs/promises';
import { timed } from './measure.mjs';

const [who, api, file, serverJson, count = '2', warmUpFile] = process.argv.slice(2);
const { url, credentials } = JSON.parse(serverJson);
// Both baselines send 4 MiB chunks with 4 in flight, so that the comparison is of the clients' own costs.
const CHUNK = 4 << 20;
const IN_FLIGHT = 4;
let close = async () => {};
let upload;
if (who === 'peony') {
  const { PeonyClient } = await import('../../dist/index.js');
  const client = new PeonyClient({ ...credentials, baseUrl: url });
  close = () => client.close();
  // PEONY_BENCH_RETRIES: the segment retry budget for a run with injected faults (uploadMedia's default is 3).
  const retries = process.env.PEONY_BENCH_RETRIES;
  upload = (path = file, chunkSize = CHUNK) =>
    client.uploadMedia(path, {
      api,
      chunkSize,
      concurrency: IN_FLIGHT,
      waitForProcessing: false,
      ...(retries === undefined ? {} : { retries: Number(retries) }),
    });
} else if (who === 'minimal') {
  const { minimalUpload } = await import('./minimal-upload.mjs');
  upload = (path = file, chunkSize = CHUNK) =>
    minimalUpload(url, credentials, path, api, { chunkSize, inFlight: IN_FLIGHT });
} else if (who === 'xdk') {
  // X's official SDK has v2's initialize/append/finalize only (no v1.1 upload).
  if (api !== 'v2') throw new Error('the xdk contestant uploads with v2 only');
  const [{ localXdk }, { xdkUpload }] = await Promise.all([
    import('./xdk-local.mjs'),
    import('./xdk-upload.mjs'),
  ]);
  const client = localXdk(url, credentials);
  upload = (path = file, chunkSize = CHUNK) => xdkUpload(client, path, { chunkSize, inFlight: IN_FLIGHT });
} else {
  // twitter-api-v2 waits for processing inside its call; its transfer ends when FINALIZE answers.
  const { localTwitterApi } = await import('./twitter-api-v2-local.mjs');
  let finalized;
  const { client, close: closeAgent } = localTwitterApi(url, credentials, (params) => {
    if (/FINALIZE|\/finalize/.test(`${params.url} ${JSON.stringify(params.body ?? {})}`))
      finalized = process.hrtime.bigint();
  });
  close = async () => closeAgent();
  upload = async () => {
    const started = process.hrtime.bigint();
    // Its v1.1 upload takes a path; its v2 upload takes only a Buffer, so the file is read whole first.
    // Its own chunk sizes (1 MB): with 4 MiB chunks its multipart building takes a minute for 256 MiB.
    if (api === 'v1.1') {
      await client.v1.uploadMedia(file, {
        mimeType: 'video/mp4',
        target: 'tweet',
        maxConcurrentUploads: IN_FLIGHT,
      });
    } else {
      const media = await readFile(file);
      await client.v2.uploadMedia(media, { media_type: 'video/mp4', media_category: 'tweet_video' });
    }
    return Number(finalized - started) / 1e6;
  };
}

if (warmUpFile) await upload(warmUpFile, 64 * 1024);
const uploads = [];
for (let i = 0; i < Number(count); i++) {
  const cpu = process.cpuUsage();
  let reported;
  const ms = await timed(async () => {
    reported = await upload();
  });
  const used = process.cpuUsage(cpu);
  uploads.push({ ms: typeof reported === 'number' ? reported : ms, cpuMs: (used.user + used.system) / 1000 });
}
await close();
process.stdout.write(`${JSON.stringify({ uploads, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
