// The CLI's commands with each kind of argument a user gives, good and bad: what is printed, what reaches the
// server, and the one line that says what to change when an argument is wrong.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { childEnv } from '../helpers/child-coverage.js';
import { CLI_MAIN, runCli, sandboxEnv } from '../helpers/run-cli.js';

const peony = runCli;
const PNG = 'examples/media/peony.png';

let sandbox: Sandbox;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  env = sandboxEnv(sandbox);
  dir = await mkdtemp(join(tmpdir(), 'peony-cli-args-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** A failed run: exit code 1, nothing on stdout, and `message` in the one line on stderr. */
function expectRefusal(run: { code: number | null; stdout: string; stderr: string }, message: string) {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
}

describe('peony get|post|put|delete', { timeout: 90_000 }, () => {
  it('sends JSON or form bodies, prints the status line with --include, and deletes', async () => {
    const posted = await peony(['post', '2/tweets', 'text=sent raw', '--json', '--include'], env);
    expect(posted.code, posted.stderr).toBe(0);
    const [head, body] = posted.stdout.trim().split('\n');
    expect(JSON.parse(head ?? '')).toMatchObject({ method: 'POST', status: 201 });
    const { data } = JSON.parse(body ?? '') as { data: { id: string; text: string } };
    expect(data.text).toBe('sent raw');
    const form = await peony(['post', '1.1/statuses/update.json', 'status=sent as a form', '--form'], env);
    expect(form.code, form.stderr).toBe(0);
    expect(JSON.parse(form.stdout)).toMatchObject({ text: 'sent as a form' });
    const deleted = await peony(['delete', `/2/tweets/${data.id}`], env);
    expect(JSON.parse(deleted.stdout)).toEqual({ data: { deleted: true } });
    // X answers a read of a deleted post with 200 and an errors array, printed as sent.
    const gone = JSON.parse((await peony(['get', `2/tweets/${data.id}`], env)).stdout) as object;
    expect(gone).not.toHaveProperty('data');
    expect(gone).toHaveProperty('errors');
  });

  it('reaches the upload host with upload/1.1/ paths', async () => {
    const uploaded = JSON.parse((await peony(['upload', PNG], env)).stdout) as { media_id: string };
    const status = await peony(
      ['get', 'upload/1.1/media/upload.json', 'command=STATUS', `media_id=${uploaded.media_id}`],
      env,
    );
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ media_id_string: uploaded.media_id });
  });

  it('sends JSON values with name:=value (a boolean, an object), text with name=value', async () => {
    const list = await peony(['post', '2/lists', 'name=flowers', 'private:=true'], env);
    expect(list.code, list.stderr).toBe(0);
    const { id } = (JSON.parse(list.stdout) as { data: { id: string } }).data;
    const read = await peony(['get', `2/lists/${id}`, 'list.fields=private'], env);
    expect(JSON.parse(read.stdout)).toMatchObject({ data: { id, name: 'flowers', private: true } });

    const poll = await peony(
      ['post', '2/tweets', 'text=Which flower?', 'poll:={"options":["peony","tulip"],"duration_minutes":60}'],
      env,
    );
    expect(poll.code, poll.stderr).toBe(0);
    const tweet = (JSON.parse(poll.stdout) as { data: { id: string } }).data.id;
    const polled = await peony(['get', `2/tweets/${tweet}`, 'expansions=attachments.poll_ids'], env);
    const options = (JSON.parse(polled.stdout) as { includes: { polls: { options: { label: string }[] }[] } })
      .includes.polls[0]?.options;
    expect(options?.map((option) => option.label)).toEqual(['peony', 'tulip']);

    // An object has no place in a query or a form: the flag that sends it as JSON is named, not the option.
    expectRefusal(
      await peony(['post', '1.1/statuses/update', 'poll:={"options":["a"]}'], env),
      'a query or form parameter must be a string, number, bigint, boolean or an array of them (post or put it with --json to send it as JSON).',
    );
    expectRefusal(
      await peony(['post', '2/lists', 'name=x', 'private:=yes'], env),
      'peony: InvalidRequestError: private:= takes a JSON value (true, 5, "text", [...], {...}); got "yes".',
    );
  });

  it('names the path prefixes and the name=value form when either is wrong', async () => {
    expectRefusal(
      await peony(['get', 'users/me'], env),
      'Paths start with 2/, 1.1/ or upload/1.1/ (e.g. 2/users/me); got "users/me".',
    );
    expectRefusal(
      await peony(['get', '2/users/me', 'user.fields'], env),
      'Parameters are name=value; got "user.fields".',
    );
  });
});

describe('peony sandbox', { timeout: 90_000 }, () => {
  it('refuses a --port, --admin-token or --host it cannot use, in one line that names the flag', async () => {
    expectRefusal(
      await peony(['sandbox', '--port', 'abc']),
      'peony: InvalidRequestError: --port must be an integer from 0 to 65535; got "abc".',
    );
    expectRefusal(
      await peony(['sandbox', '--admin-token', ' ']),
      'peony: InvalidRequestError: --admin-token must not be empty.',
    );
    // 192.0.2.1 is a documentation address: no machine has it, so listening on it fails at once.
    expectRefusal(
      await peony(['sandbox', '--port', '0', '--host', '192.0.2.1']),
      'peony: InvalidRequestError: --host 192.0.2.1 is not an address of this machine; leave it out for 127.0.0.1',
    );
  });
});

describe('peony upload', { timeout: 90_000 }, () => {
  it('reads standard input with -, for a direct message, over the v1.1 endpoints', async () => {
    const run = await peony(['upload', '-', '--dm', '--api', 'v1.1'], env, await readFile(PNG));
    expect(run.code, run.stderr).toBe(0);
    // Not a terminal: one line per phase instead of a bar.
    expect(run.stderr).toMatch(/^stdin: uploading\n(.*\n)*stdin: done\n$/);
    const media = JSON.parse(run.stdout) as { media_id: string; media_type: string; size: number };
    expect(media).toMatchObject({ media_type: 'image/png', size: 2874, category: 'dm_image' });
    expect(await sandbox.inspect.media(media.media_id)).toMatchObject({ category: 'dm_image' });
  });

  it('refuses - at a terminal at once, saying to pipe the media in, instead of waiting for bytes', async () => {
    // `script` (util-linux, in every Debian) gives the command a terminal; its input pipe stays open and silent.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_MAIN)} upload -`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: childEnv(env),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const [code] = (await once(child, 'close')) as [number | null];
    child.stdin.end();
    expect(out).toContain(
      'peony: InvalidRequestError: - reads the media from standard input, which is a terminal here',
    );
    expect(out).toContain('peony upload - < photo.png');
    expect(code, out).toBe(1);
  });

  it('refuses an unknown --api and a --chunk-size or --concurrency that is not a positive whole number', async () => {
    expectRefusal(await peony(['upload', PNG, '--api', 'v3'], env), '--api is v2 or v1.1; got "v3".');
    expectRefusal(
      await peony(['upload', PNG, '--chunk-size', 'lots'], env),
      '--chunk-size must be a positive whole number; got "lots".',
    );
    expectRefusal(
      await peony(['upload', PNG, '--concurrency', '0'], env),
      '--concurrency must be a positive whole number; got "0".',
    );
    // Over the library's limit: its message names the option, which the CLI says as the flag.
    const tooBig = await peony(['upload', PNG, '--chunk-size', String(6 * 1024 * 1024)], env);
    expectRefusal(
      tooBig,
      '--chunk-size must be a whole number of bytes from 1 to 5242880 (5 MB); got 6291456.',
    );
    expect(tooBig.stderr).not.toContain('chunkSize');
  });

  it('names what is wrong with a --resume file before sending anything', async () => {
    const good = {
      api: 'v2',
      mediaId: '1880000000000000000',
      mediaType: 'video/mp4',
      category: 'tweet_video',
      totalBytes: 1_000_000,
      chunkSize: 262_144,
      sentSegments: [0, 1],
    };
    const cases: Array<[string, unknown]> = [
      ['not a JSON object', [good]],
      ['"api" is not "v2" or "v1.1"', { ...good, api: 'v3' }],
      ['no numeric "mediaId"', { ...good, mediaId: 'media-1' }],
      ['no "mediaType" or "category"', { ...good, category: undefined }],
      // The file's field, as the file spells it: not the --chunk-size flag, which the checkpoint overrides.
      ['"chunkSize" is not 1 to 5 MB', { ...good, chunkSize: 6 * 1024 * 1024 }],
      ['"sentSegments" is not a list of segment numbers', { ...good, sentSegments: [0, 4] }],
      ['"expiresAt" is not a time', { ...good, expiresAt: 'tomorrow' }],
    ];
    for (const [problem, checkpoint] of cases) {
      const file = join(dir, 'checkpoint.json');
      await writeFile(file, JSON.stringify(checkpoint));
      const run = await peony(['upload', PNG, '--resume', file], env);
      expectRefusal(run, `--resume ${file} is not a checkpoint peony wrote (${problem}); start the upload`);
      expect(run.stderr).not.toContain('--chunk-size');
    }
    const torn = join(dir, 'torn.json');
    await writeFile(torn, '{"api": "v2", "med');
    expectRefusal(
      await peony(['upload', PNG, '--resume', torn], env),
      `--resume needs the checkpoint file an interrupted upload wrote; cannot read ${torn} (`,
    );
  });
});

describe('peony tweet', { timeout: 90_000 }, () => {
  it('replies and quotes', async () => {
    const first = JSON.parse((await peony(['tweet', 'the first'], env)).stdout) as { id: string };
    const reply = await peony(['tweet', 'a reply', '--reply-to', first.id], env);
    expect(reply.code, reply.stderr).toBe(0);
    const quote = await peony(['tweet', 'a quote', '--quote', first.id], env);
    expect(quote.code, quote.stderr).toBe(0);
    for (const [run, type] of [
      [reply, 'replied_to'],
      [quote, 'quoted'],
    ] as const) {
      const { id } = JSON.parse(run.stdout) as { id: string };
      const read = await peony(['get', `2/tweets/${id}`, 'tweet.fields=referenced_tweets'], env);
      expect(JSON.parse(read.stdout)).toMatchObject({
        data: { referenced_tweets: [{ type, id: first.id }] },
      });
    }
  });

  it('counts the media of a post and ties --resume to one file, before uploading anything', async () => {
    expectRefusal(
      await peony(['tweet', 'five', '--media-id', '1', '2', '3', '--media', PNG, PNG], env),
      'A post takes at most 4 media (4 images, or 1 GIF or video); got 5.',
    );
    expectRefusal(
      await peony(['tweet', 'two', '--media', PNG, PNG, '--resume', join(dir, 'any.json')], env),
      '--resume continues one upload: give exactly one --media with it.',
    );
    // A file it cannot read is left to the upload, which names it.
    const missing = await peony(['tweet', 'gone', '--media', join(dir, 'gone.png'), PNG], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No file at ${join(dir, 'gone.png')}`);
  });
});

describe('credentials from the environment', { timeout: 90_000 }, () => {
  it('with only a base URL, uses the sandbox default credentials there and says so', async () => {
    const run = await peony(['tweet', 'default credentials'], { PEONY_BASE_URL: sandbox.url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `No PEONY_* credentials set: using the sandbox's default credentials against ${sandbox.url}.`,
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ text: 'default credentials' });
  });

  it('refuses to stream with user tokens alone, naming the app-only variables', async () => {
    expectRefusal(
      await peony(['stream', '--rule', 'x'], {
        PEONY_BASE_URL: sandbox.url,
        PEONY_ACCESS_TOKEN: 'a',
        PEONY_ACCESS_TOKEN_SECRET: 'b',
      }),
      'This command needs app-only credentials: set PEONY_BEARER_TOKEN, or PEONY_CONSUMER_KEY and PEONY_CONSUMER_SECRET.',
    );
  });
});
