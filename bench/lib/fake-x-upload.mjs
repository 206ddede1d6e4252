// A lean, strict fake X for the upload benchmarks, in a process of its own: X's chunked upload on v1.1
// (INIT, APPEND, FINALIZE, STATUS on /1.1/media/upload.json) and v2 (initialize, append, finalize, STATUS), with
// the bodies docs/XAPI.md records; a v2 APPEND may be multipart or JSON with base64 media, as X's OpenAPI allows
// (bodies read by bench/lib/fake-x-upload-bodies.mjs). Not the sandbox (peony/sandbox): its multipart parsing,
// spooling every segment to disk and hashing at FINALIZE cost more CPU than either client on this 2-core machine
// and moved a 256 MiB transfer between 0.9 and 1.7 s from run to run, for both clients alike. Here each APPEND's
// bytes are counted, not kept, so the transfer times are the clients' own. It stays strict where a client could
// cheat: an OAuth header on every request, multipart framing checked to the last byte (the media part last, its
// closing delimiter exact), JSON media checked to be base64, segment indexes 0–999 of a known id, an MP4 head in
// segment 0, and FINALIZE refusing segments that do not add up to INIT's total_bytes, as X does.
// As a script, argv: [share] of an upload's v2 APPENDs that answer 503 once their whole body has arrived (evenly
// spread: at 0.2, every fifth), as the sandbox's `afterBody` fault does, and [MB/s] of a link that APPEND bodies
// share (0: no limit); it prints one JSON line {url, credentials} and runs until killed.

import { once } from 'node:events';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { Refusal, readAppend, readJsonAppend } from './fake-x-upload-bodies.mjs';

const credentials = {
  consumerKey: 'bench-consumer-key',
  consumerSecret: 'bench-consumer-secret',
  accessToken: '2244994945-bench-access-token',
  accessTokenSecret: 'bench-access-token-secret',
};
let appendFailures = 0;
// A link of this many bytes per millisecond shared by every APPEND body (0: loopback's own speed). Bodies are read
// no faster than that: a paused request fills the socket, and TCP holds the client back, as a real link would.
let linkBytesPerMs = 0;
let linkFreeAt = 0;

/** Holds `req` back for as long as `bytes` take on the link. */
function throttle(req, bytes) {
  if (linkBytesPerMs === 0) return;
  const now = performance.now();
  linkFreeAt = Math.max(linkFreeAt, now) + bytes / linkBytesPerMs;
  const wait = linkFreeAt - now;
  if (wait >= 1) {
    req.pause();
    setTimeout(() => req.resume(), wait);
  }
}
const MAX_V1_BYTES = 512 * 1024 * 1024;
const MAX_V2_BYTES = 17179869184;

/**
 * Whether the `attempt`-th v2 APPEND of an upload (0-based, retries counted) answers 503: evenly spread at the rate
 * `appendFailures` (at 0.2, every fifth). Every upload meets the same schedule: with failures drawn at random
 * (seeded, one stream across the run) the number that fell on one upload varied by about ±4 around 16 of its
 * ~80 APPENDs, ±5% of its time, which moved the ratio of a median of seven more than the clients did.
 */
const failsAt = (attempt) =>
  Math.floor((attempt + 1) * appendFailures) > Math.floor(attempt * appendFailures);

/** id → { totalBytes, mediaType, segments: Map<index, size> } */
const uploads = new Map();
let nextId = 1880028106020515840n;

function send(res, status, body) {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function refuse(res, path, status, message) {
  if (path.startsWith('/1.1/')) send(res, status, { request: path, error: message });
  else send(res, status, { title: 'Invalid Request', detail: message, type: 'about:blank', status });
}

/** The fields of a small urlencoded or JSON body, and of the query. */
function smallFields(req, body, query) {
  const fields = Object.fromEntries(query);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded'))
    Object.assign(fields, Object.fromEntries(new URLSearchParams(body.toString('latin1'))));
  // A JSON body may be empty where the command takes no fields (FINALIZE, as X's official SDK sends it).
  else if (type.startsWith('application/json') && body.length > 0)
    Object.assign(fields, JSON.parse(body.toString('utf8')));
  return fields;
}

function init(api, fields) {
  const totalBytes = Number(fields.total_bytes);
  const max = api === 'v1.1' ? MAX_V1_BYTES : MAX_V2_BYTES;
  if (!Number.isSafeInteger(totalBytes) || totalBytes < 1 || totalBytes > max)
    throw new Refusal(400, 'total_bytes must be a positive integer within the limit.');
  if (typeof fields.media_type !== 'string' || !fields.media_type.includes('/'))
    throw new Refusal(400, 'media_type is required.');
  const id = String(nextId++);
  uploads.set(id, { totalBytes, mediaType: fields.media_type, segments: new Map(), appends: 0 });
  return { id, media_key: `7_${id}`, expires_after_secs: 86400 };
}

function uploadOf(id) {
  const upload = uploads.get(String(id));
  if (!upload) throw new Refusal(400, 'Invalid or expired media_id.');
  return upload;
}

function finalize(id) {
  const upload = uploadOf(id);
  let sum = 0;
  for (let i = 0; i < upload.segments.size; i++) {
    const size = upload.segments.get(i);
    if (size === undefined) throw new Refusal(400, 'Segments do not add up to provided total file size.');
    sum += size;
  }
  if (sum !== upload.totalBytes)
    throw new Refusal(400, 'Segments do not add up to provided total file size.');
  return mediaAnswer(id, upload, { state: 'pending', check_after_secs: 1 });
}

/** STATUS: processing is over as soon as it is asked about. */
function status(id) {
  const upload = uploadOf(id);
  return {
    ...mediaAnswer(id, upload, { state: 'succeeded', progress_percent: 100 }),
    video: { video_type: upload.mediaType },
  };
}

/** The media object FINALIZE and STATUS answer with (v2's `data`; v1.1 renames its id). */
function mediaAnswer(id, upload, processing) {
  return {
    id: String(id),
    media_key: `7_${id}`,
    size: upload.totalBytes,
    expires_after_secs: 86400,
    processing_info: processing,
  };
}

const v1 = (data) => {
  const { id, ...rest } = data;
  return { media_id: id, media_id_string: id, ...rest };
};

function recordSegment(id, fields, mediaBytes, firstMedia) {
  const upload = uploadOf(id);
  const index = Number(fields.segment_index);
  if (!Number.isInteger(index) || index < 0 || index > 999)
    throw new Refusal(400, 'SegmentIndex must be between 0 and 999.');
  if (mediaBytes < 1) throw new Refusal(400, 'media is required.');
  if (mediaBytes > 5 * 1024 * 1024) throw new Refusal(400, 'A segment exceeds 5 MB.');
  if (index === 0 && firstMedia?.toString('latin1', 4, 8) !== 'ftyp')
    throw new Refusal(400, 'media type unrecognized.');
  upload.segments.set(index, mediaBytes);
}

function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  const auth = req.headers.authorization ?? '';
  const fail = (error) =>
    error instanceof Refusal
      ? refuse(res, path, error.status, error.message)
      : refuse(res, path, 500, String(error));
  if (!auth.startsWith('OAuth ') || !auth.includes('oauth_signature=')) {
    req.resume();
    req.on('end', () => refuse(res, path, 401, 'Could not authenticate you.'));
    return;
  }
  const v2Append = /^\/2\/media\/upload\/(\d+)\/append$/.exec(path);
  const v1Post = path === '/1.1/media/upload.json' && req.method === 'POST';
  const type = req.headers['content-type'] ?? '';
  // Multipart bodies are read as they arrive whatever their command: an APPEND's media is counted, not kept.
  if (v2Append || (v1Post && type.startsWith('multipart/form-data'))) {
    const read = v2Append && type.startsWith('application/json') ? readJsonAppend : readAppend;
    read(req, throttle, (error, parsed) => {
      if (error) return fail(error);
      try {
        const fields = { ...Object.fromEntries(url.searchParams), ...parsed.fields };
        if (!v2Append && fields.command !== 'APPEND') return v1Command(req, res, fields);
        const upload = v2Append ? uploads.get(v2Append[1]) : undefined;
        if (upload && appendFailures > 0 && failsAt(upload.appends++)) {
          send(res, 503, {
            title: 'Service Unavailable',
            detail: 'Service Unavailable',
            type: 'about:blank',
            status: 503,
          });
          return;
        }
        recordSegment(v2Append ? v2Append[1] : fields.media_id, fields, parsed.mediaBytes, parsed.firstMedia);
        if (v2Append) send(res, 200, { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } });
        else send(res, 204);
      } catch (caught) {
        fail(caught);
      }
    });
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const fields = smallFields(req, Buffer.concat(chunks), url.searchParams);
      if (path === '/1.1/media/upload.json') return v1Command(req, res, fields);
      if (req.method === 'POST' && path === '/2/media/upload/initialize')
        return send(res, 200, { data: init('v2', fields) });
      const v2Finalize = /^\/2\/media\/upload\/(\d+)\/finalize$/.exec(path);
      if (req.method === 'POST' && v2Finalize) return send(res, 200, { data: finalize(v2Finalize[1]) });
      if (req.method === 'GET' && path === '/2/media/upload')
        return send(res, 200, { data: status(fields.media_id) });
      throw new Refusal(404, `no such route: ${req.method} ${path}`);
    } catch (error) {
      fail(error);
    }
  });
}

/** v1.1's commands other than APPEND, whose fields came in the query, a form or a multipart body. */
function v1Command(req, res, fields) {
  if (req.method === 'GET' && fields.command === 'STATUS') return send(res, 200, v1(status(fields.media_id)));
  if (req.method === 'POST' && fields.command === 'INIT') return send(res, 202, v1(init('v1.1', fields)));
  if (req.method === 'POST' && fields.command === 'FINALIZE')
    return send(res, 200, v1(finalize(fields.media_id)));
  throw new Refusal(400, 'command must be INIT, APPEND, FINALIZE or STATUS.');
}

/**
 * Starts the fake on a free port of 127.0.0.1. `appendFailures` is the share of each upload's v2 APPENDs that
 * answer 503 once their whole body has arrived (evenly spread: at 0.2, every fifth); `linkMBps`, the speed of a link all APPEND bodies share (0: no limit).
 * Resolves with its origin, the credentials to sign with, how many connections it has accepted, and close().
 */
export async function startFakeUploadServer({ appendFailures: failures = 0, linkMBps = 0 } = {}) {
  appendFailures = failures;
  linkBytesPerMs = (linkMBps * 1e6) / 1e3;
  const server = http.createServer({ keepAliveTimeout: 60_000 }, handle);
  let connections = 0;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    credentials,
    get connections() {
      return connections;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

// Run as a script: print {url, credentials} and serve until killed.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fake = await startFakeUploadServer({
    appendFailures: Number(process.argv[2] ?? 0),
    linkMBps: Number(process.argv[3] ?? 0),
  });
  process.stdout.write(`${JSON.stringify({ url: fake.url, credentials: fake.credentials })}\n`);
  const stop = () => fake.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
