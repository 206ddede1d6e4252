// A burst of mixed requests against a sandbox in another process: valid and malformed, signed and bearer, across
// the v2 operations, with chunked uploads and stream connects. Whatever it creates it deletes again (posts), or is
// state X keeps too (uploaded media), so memory that stays after it is memory the sandbox failed to let go.
import { Agent, request } from 'undici';
import { oauth1Header } from '../helpers/oauth1-signer.js';
import { png } from '../media/fixtures.js';

export interface Target {
  url: string;
  credentials: {
    consumerKey: string;
    consumerSecret: string;
    accessToken: string;
    accessTokenSecret: string;
    bearerToken: string;
  };
}

interface Call {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  auth?: 'user' | 'bearer' | 'wrong';
  json?: unknown;
  body?: string;
  contentType?: string;
}

const USER_ID = '2244994945';
const GETS: readonly string[] = [
  '/2/users/me?user.fields=created_at,public_metrics',
  '/2/users/by/username/XDevelopers',
  `/2/users/${USER_ID}/tweets?max_results=5`,
  `/2/users/${USER_ID}/mentions`,
  `/2/users/${USER_ID}/followers`,
  `/2/users/${USER_ID}/liked_tweets`,
  `/2/users/${USER_ID}/timelines/reverse_chronological`,
  '/2/tweets/search/recent?query=burst%20-is%3Areply',
  '/2/tweets/counts/recent?query=burst',
  '/2/dm_events',
  `/2/users/${USER_ID}/owned_lists`,
  '/2/trends/by/woeid/1',
  '/1.1/users/show.json?screen_name=XDevelopers',
];
const MALFORMED: readonly Call[] = [
  { path: '/2/users/by/username/XDevelopers?foo=bar', auth: 'bearer' },
  { path: '/2/users/me?user.fields=nope', auth: 'user' },
  { path: '/2/tweets/search/recent', auth: 'bearer' },
  { path: '/2/no/such/route', auth: 'bearer' },
  { path: '/2/users/me', auth: 'wrong' },
  { method: 'POST', path: '/2/tweets', auth: 'user', body: '{"text":', contentType: 'application/json' },
  { method: 'POST', path: '/2/tweets', auth: 'user', json: { text: 'x', nope: 1 } },
  { method: 'DELETE', path: '/2/tweets/not-an-id', auth: 'user' },
  { method: 'POST', path: '/2/media/upload/initialize', auth: 'user', json: { media_type: 'x/y' } },
];
const IMAGE = png(32, 32, 3_000);

export class Burst {
  readonly statuses = new Map<number, number>();
  readonly #target: Target;
  readonly #agent = new Agent({ connections: 32 });
  #n = 0;

  constructor(target: Target) {
    this.#target = target;
  }

  async #send(call: Call): Promise<{ status: number; body: string }> {
    const url = this.#target.url + call.path;
    const method = call.method ?? 'GET';
    const headers: Record<string, string> = {};
    const { credentials } = this.#target;
    if (call.auth === 'bearer') headers['authorization'] = `Bearer ${credentials.bearerToken}`;
    if (call.auth === 'wrong') headers['authorization'] = 'Bearer not-a-token';
    if (call.auth === 'user') {
      headers['authorization'] = oauth1Header(
        {
          consumerKey: credentials.consumerKey,
          consumerSecret: credentials.consumerSecret,
          token: credentials.accessToken,
          tokenSecret: credentials.accessTokenSecret,
        },
        { method, url },
      );
    }
    let body = call.body;
    if (call.json !== undefined) body = JSON.stringify(call.json);
    if (body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
    const response = await request(url, {
      method,
      headers,
      dispatcher: this.#agent,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.body.text();
    this.statuses.set(response.statusCode, (this.statuses.get(response.statusCode) ?? 0) + 1);
    return { status: response.statusCode, body: text };
  }

  /** Posts and deletes a post (two requests). */
  async #postAndDelete(): Promise<void> {
    const posted = await this.#send({
      method: 'POST',
      path: '/2/tweets',
      auth: 'user',
      json: { text: `burst post ${this.#n} #burst` },
    });
    const id = (JSON.parse(posted.body) as { data?: { id?: string } }).data?.id;
    if (id !== undefined) await this.#send({ method: 'DELETE', path: `/2/tweets/${id}`, auth: 'user' });
  }

  /** initialize, two appends and finalize of a small image (four requests). */
  async #upload(): Promise<void> {
    const init = await this.#send({
      method: 'POST',
      path: '/2/media/upload/initialize',
      auth: 'user',
      json: { media_type: 'image/png', total_bytes: IMAGE.length, media_category: 'tweet_image' },
    });
    const id = (JSON.parse(init.body) as { data?: { id?: string } }).data?.id;
    if (id === undefined) return;
    const half = Math.ceil(IMAGE.length / 2);
    for (const [index, part] of [IMAGE.subarray(0, half), IMAGE.subarray(half)].entries()) {
      await this.#send({
        method: 'POST',
        path: `/2/media/upload/${id}/append`,
        auth: 'user',
        json: { media: part.toString('base64'), segment_index: index },
      });
    }
    await this.#send({ method: 'POST', path: `/2/media/upload/${id}/finalize`, auth: 'user' });
  }

  /** Connects to the sample stream and hangs up once the answer's headers arrived (one request). */
  async #streamConnect(): Promise<void> {
    const abort = new AbortController();
    const response = await request(`${this.#target.url}/2/tweets/sample/stream`, {
      headers: { authorization: `Bearer ${this.#target.credentials.bearerToken}` },
      signal: abort.signal,
    });
    this.statuses.set(response.statusCode, (this.statuses.get(response.statusCode) ?? 0) + 1);
    abort.abort();
    await response.body.text().catch(() => undefined);
  }

  /** One step of the mix; returns how many requests it made. */
  async step(): Promise<number> {
    const n = this.#n++;
    // The burst is many times X's 15-minute windows: a fresh window now and then keeps most answers past the
    // limiter, and exercises dropping and re-creating its buckets.
    if (n % 1_000 === 999) {
      await request(`${this.#target.url}/__sandbox/rate-limits/reset`, {
        method: 'POST',
        dispatcher: this.#agent,
      }).then((response) => response.body.text());
    }
    const slot = n % 40;
    // Uploads are state X keeps (24 hours), so they are a small share: the burst is about what should not stay.
    if (slot === 0 && n % 80 === 0) {
      await this.#upload();
      return 4;
    }
    if (slot === 0 || slot === 1) {
      await this.#streamConnect();
      return 1;
    }
    if (slot < 8) {
      await this.#postAndDelete();
      return 2;
    }
    if (slot < 20) {
      await this.#send(MALFORMED[n % MALFORMED.length] as Call);
      return 1;
    }
    const path = GETS[n % GETS.length] as string;
    await this.#send({ path, auth: 'user' });
    return 1;
  }

  /** Runs about `total` requests with `concurrency` workers, stopping early at `deadline` (ms since epoch). */
  async run(total: number, deadline = Number.POSITIVE_INFINITY, concurrency = 16): Promise<number> {
    let sent = 0;
    const worker = async () => {
      while (sent < total && Date.now() < deadline) {
        const made = await this.step();
        sent += made;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return sent;
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
