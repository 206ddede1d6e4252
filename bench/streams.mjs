// Filtered-stream throughput: messages of X's shape written by a local node:http server as fast as the
// socket takes them, read by peony (stall watch, keep-alive handling and reconnects all on), by twitter-api-v2,
// by X's official SDK (xdk, compared, never judged) and by a raw floor (node:http, indexOf('\r\n'), JSON.parse,
// nothing else). Rounds alternate; best kept.

import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { TwitterApi } from 'twitter-api-v2';
import { PeonyClient } from '../dist/index.js';
import { timed } from './lib/measure.mjs';

const KEEP_ALIVE_EVERY = 1000;

function message(i) {
  const id = String(1_800_000_000_000_000_000n + BigInt(i));
  return JSON.stringify({
    data: {
      id,
      text: `Message ${i} from the benchmark stream: a tweet of ordinary length, with a link https://t.co/abcdef${i % 10} and a #tag.`,
      edit_history_tweet_ids: [id],
    },
    matching_rules: [{ id: '1797654321098765432', tag: 'bench' }],
  });
}

/** A server that sends `count` messages (and a keep-alive every thousand) to each GET, then ends. */
async function startStreamServer(count) {
  const lines = Array.from({ length: 1000 }, (_, i) => `${message(i)}\r\n`);
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    const pump = () => {
      while (sent < count) {
        let batch = '';
        for (let i = 0; i < 200 && sent < count; i++, sent++) {
          batch += lines[sent % 1000];
          if (sent % KEEP_ALIVE_EVERY === KEEP_ALIVE_EVERY - 1) batch += '\r\n';
        }
        if (!res.write(batch)) return res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => {});
    req.socket.on('error', () => {});
    pump();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const READERS = {
  async peony(origin, count) {
    const client = new PeonyClient({ bearerToken: 'bench', baseUrl: origin });
    let seen = 0;
    for await (const tweet of client.filteredStream()) {
      if (tweet.data.id.length > 0) seen++;
      if (seen === count) break;
    }
    await client.close();
  },
  async 'twitter-api-v2'(origin, count) {
    const agent = new http.Agent({ keepAlive: true });
    const client = new TwitterApi('bench', { httpAgent: agent });
    const maker = client._requestMaker;
    const sendStream = maker.sendStream.bind(maker);
    maker.sendStream = (params) =>
      sendStream({ ...params, url: params.url.replace(/^https:\/\/api\.(x|twitter)\.com/, origin) });
    const stream = await client.v2.searchStream();
    await new Promise((resolve) => {
      let seen = 0;
      stream.on('data event content', (tweet) => {
        if (tweet.data.id.length > 0) seen++;
        if (seen === count) resolve();
      });
    });
    stream.close();
    agent.destroy();
  },
  // X's SDK: `stream.posts()` and its 'data' events, as its docs show. It reads until the server ends the
  // response (right after the last message): stopping it early goes through an abort that its default error
  // listener logs. Its first 'data' event is its own "Stream connected" notice, without `data`.
  async xdk(origin, count, sent = count) {
    const { Client } = await import('@xdevplatform/xdk');
    const client = new Client({ baseUrl: origin, bearerToken: 'bench' });
    const stream = await client.stream.posts();
    let seen = 0;
    stream.on('data', (event) => {
      if (event.data?.id.length > 0) seen++;
    });
    await new Promise((resolve) => stream.on('close', resolve));
    if (seen !== sent) throw new Error(`xdk read ${seen} of the ${sent} messages sent`);
  },
  async 'raw floor'(origin, count) {
    await new Promise((resolve, reject) => {
      const req = http.get(`${origin}/2/tweets/search/stream`, (res) => {
        let seen = 0;
        let pending = '';
        res.setEncoding('utf8');
        res.on('data', (text) => {
          pending += text;
          let start = 0;
          for (let end = pending.indexOf('\r\n'); end !== -1; end = pending.indexOf('\r\n', start)) {
            if (end > start && JSON.parse(pending.slice(start, end)).data.id.length > 0) seen++;
            start = end + 2;
            if (seen === count) {
              req.destroy();
              resolve();
              return;
            }
          }
          pending = pending.slice(start);
        });
      });
      req.on('error', reject);
    });
  },
};

/** A reader that stops short of its count would hang the benchmark: fail it instead. */
function bounded(name, run, ms = 60_000) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not read its messages within ${ms} ms`)), ms);
  });
  return Promise.race([run, limit]).finally(() => clearTimeout(timer));
}

// X's SDK reads in a process of its own: loaded beside the others, it moved peony's figure by about 5%.
const OWN_PROCESS = new Set(['xdk']);

/** One reader's messages/s, measured by this script in a fresh process (its server in there too). */
async function inOwnProcess(name, count, rounds) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [new URL(import.meta.url).pathname, name, String(count), String(rounds)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout).perSecond[name];
}

export async function benchStreams({ count = 100_000, rounds = 5, only } = {}) {
  const names = only ? [only] : Object.keys(READERS).filter((name) => !OWN_PROCESS.has(name));
  const server = await startStreamServer(count);
  const best = Object.fromEntries(names.map((n) => [n, Number.POSITIVE_INFINITY]));
  try {
    for (const name of names) await bounded(name, READERS[name](server.url, Math.min(count, 10_000), count));
    for (let round = 0; round < rounds; round++) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const ms = await timed(() => bounded(name, READERS[name](server.url, count)));
        best[name] = Math.min(best[name], ms);
      }
    }
  } finally {
    await server.close();
  }
  const perSecond = Object.fromEntries(names.map((n) => [n, (count / best[n]) * 1000]));
  if (!only) for (const name of OWN_PROCESS) perSecond[name] = await inOwnProcess(name, count, rounds);
  return { count, perSecond };
}

// argv: [reader] [count] [rounds]; prints the result as JSON.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [only, count, rounds] = process.argv.slice(2);
  const result = await benchStreams({
    ...(only ? { only } : {}),
    ...(count ? { count: Number(count) } : {}),
    rounds: rounds ? Number(rounds) : 3,
  });
  console.log(JSON.stringify(result));
}
