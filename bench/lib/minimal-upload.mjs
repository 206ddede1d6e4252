// The baseline for uploads: a minimal hand-written client of X's chunked upload protocol, with nothing a
// library adds. node:http with keep-alive, OAuth 1.0a by hand, each chunk read from the file into a Buffer,
// multipart framed by hand, a fixed number of APPENDs in flight, no retries, no progress, no checks.

import { createHmac, randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import http from 'node:http';

const pct = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function oauthHeader(method, url, formParams, c) {
  const oauth = [
    ['oauth_consumer_key', c.consumerKey],
    ['oauth_nonce', randomUUID().replace(/-/g, '')],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(Math.floor(Date.now() / 1000))],
    ['oauth_token', c.accessToken],
    ['oauth_version', '1.0'],
  ];
  const params = [...url.searchParams, ...formParams, ...oauth]
    .map(([k, v]) => [pct(k), pct(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `${method}&${pct(`${url.origin}${url.pathname}`)}&${pct(params)}`;
  const key = `${pct(c.consumerSecret)}&${pct(c.accessTokenSecret)}`;
  const signature = createHmac('sha1', key).update(base).digest('base64');
  return `OAuth ${[...oauth, ['oauth_signature', signature]].map(([k, v]) => `${k}="${pct(v)}"`).join(', ')}`;
}

function post(agent, url, headers, parts) {
  return new Promise((resolve, reject) => {
    const length = parts.reduce((sum, p) => sum + p.length, 0);
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': length },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode >= 400) reject(new Error(`${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    for (const p of parts) req.write(p);
    req.end();
  });
}

/** Uploads `path` (an MP4) by INIT, APPENDs and FINALIZE; resolves when FINALIZE has answered. */
export async function minimalUpload(
  origin,
  credentials,
  path,
  api,
  { chunkSize = 4 << 20, inFlight = 4 } = {},
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight + 1 });
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const v1 = new URL('/1.1/media/upload.json', origin);
    const form = (pairs) => [Buffer.from(pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&'))];
    const formHeaders = (url, pairs) => ({
      'content-type': 'application/x-www-form-urlencoded',
      authorization: oauthHeader('POST', url, pairs, credentials),
    });
    let id;
    if (api === 'v1.1') {
      const init = [
        ['command', 'INIT'],
        ['total_bytes', String(size)],
        ['media_type', 'video/mp4'],
        ['media_category', 'tweet_video'],
      ];
      id = (await post(agent, v1, formHeaders(v1, init), form(init))).media_id_string;
    } else {
      const url = new URL('/2/media/upload/initialize', origin);
      const body = JSON.stringify({
        media_type: 'video/mp4',
        total_bytes: size,
        media_category: 'tweet_video',
      });
      const headers = {
        'content-type': 'application/json',
        authorization: oauthHeader('POST', url, [], credentials),
      };
      id = (await post(agent, url, headers, [Buffer.from(body)])).data.id;
    }
    const segments = Math.ceil(size / chunkSize);
    let next = 0;
    const boundary = `----minimal${randomUUID()}`;
    const field = (name, value) =>
      `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const append = async (index) => {
      const length = Math.min(chunkSize, size - index * chunkSize);
      const chunk = Buffer.allocUnsafe(length);
      await file.read(chunk, 0, length, index * chunkSize);
      const url = api === 'v1.1' ? v1 : new URL(`/2/media/upload/${id}/append`, origin);
      const fields =
        api === 'v1.1'
          ? field('command', 'APPEND') + field('media_id', id) + field('segment_index', index)
          : field('segment_index', index);
      const head = Buffer.from(
        `${fields}--${boundary}\r\ncontent-disposition: form-data; name="media"; filename="blob"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const headers = {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        authorization: oauthHeader('POST', url, [], credentials),
      };
      await post(agent, url, headers, [head, chunk, tail]);
    };
    await Promise.all(
      Array.from({ length: Math.min(inFlight, segments) }, async () => {
        while (next < segments) await append(next++);
      }),
    );
    if (api === 'v1.1') {
      const fin = [
        ['command', 'FINALIZE'],
        ['media_id', id],
      ];
      await post(agent, v1, formHeaders(v1, fin), form(fin));
    } else {
      const url = new URL(`/2/media/upload/${id}/finalize`, origin);
      await post(agent, url, { authorization: oauthHeader('POST', url, [], credentials) }, []);
    }
    return id;
  } finally {
    await file.close();
    agent.destroy();
  }
}
