// `peony stream` in-process against the sandbox: tweets as JSON lines, rules added then removed, Ctrl-C clean.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStream } from '../../src/cli/commands/stream.js';
import { PeonyClient } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { getStreamRules } from '../../src/stream/index.js';
import { childEnv } from '../helpers/child-coverage.js';
import { CLI_MAIN, runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

let sb: Sandbox;
let poster: PeonyClient;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, keepAliveMs: 50 });
  poster = new PeonyClient({ ...sb.credentials, baseUrl: sb.url });
});
afterAll(async () => {
  await sb.close();
  await poster.close();
});

/** A port on 127.0.0.1 that refuses connections: it was listened on, then closed. */
async function refusedPort(): Promise<number> {
  const closed = createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const { port } = closed.address() as AddressInfo;
  closed.close();
  await once(closed, 'close');
  return port;
}

/** `peony stream --rule <rule>` as a child process; `connected` resolves once it says it is connected. */
function spawnStream(rule: string) {
  const child = spawn(process.execPath, [CLI_MAIN, 'stream', '--rule', rule], {
    env: childEnv({ PEONY_BASE_URL: sb.url, PEONY_BEARER_TOKEN: sb.credentials.bearerToken }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stderr: '' };
  const connected = new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      output.stderr += chunk.toString();
      if (output.stderr.includes('connected to the filtered stream')) resolve();
    });
  });
  const exited = once(child, 'close') as Promise<[number | null, string | null]>;
  return { child, output, connected, exited };
}

describe('peony stream', () => {
  it('adds the --rule rules, prints each matching tweet as a JSON line, and on Ctrl-C removes them and ends', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    const notes: string[] = [];
    const printed = await runStream(
      { rule: ['peony', 'tulip'], tweetFields: ['author_id'] },
      {
        env: { PEONY_BASE_URL: sb.url, PEONY_BEARER_TOKEN: sb.credentials.bearerToken },
        signal: stop.signal,
        warn: (line) => notes.push(line),
        print: (line) => {
          lines.push(line);
          if (lines.length === 2) stop.abort(); // Ctrl-C
        },
        onConnect: () => {
          void (async () => {
            await poster.tweet('a peony');
            await poster.tweet('a daisy, matching nothing');
            await poster.tweet('a tulip');
          })();
        },
      },
    );
    expect(printed).toBe(2);
    const tweets = lines.map((line) => JSON.parse(line) as { data: { text: string; author_id: string } });
    expect(tweets.map((t) => t.data.text)).toEqual(['a peony', 'a tulip']);
    expect(tweets[0]?.data.author_id).toBe(sb.user.id);
    expect(notes).toContain('connected to the filtered stream');
    expect(notes).toContain('stopped after 2 tweets');
    await using app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
    expect(await getStreamRules(app)).toEqual([]);
  });

  it('works with the consumer pair alone, and reports the 409 of an app without rules', async () => {
    const run = runStream(
      {},
      {
        env: {
          PEONY_BASE_URL: sb.url,
          PEONY_CONSUMER_KEY: sb.credentials.consumerKey,
          PEONY_CONSUMER_SECRET: sb.credentials.consumerSecret,
          // User tokens are left aside for streams.
          PEONY_ACCESS_TOKEN: sb.credentials.accessToken,
          PEONY_ACCESS_TOKEN_SECRET: sb.credentials.accessTokenSecret,
        },
        warn: () => {},
      },
    );
    // X's 409 becomes advice on what to type.
    await expect(run).rejects.toThrow(/no stream rules .*--rule <value>/);
  });

  it('streams the sample stream with --sample, and refuses --rule with it', async () => {
    const stop = new AbortController();
    const lines: string[] = [];
    await runStream(
      { sample: true },
      {
        env: { PEONY_BASE_URL: sb.url, PEONY_BEARER_TOKEN: sb.credentials.bearerToken },
        signal: stop.signal,
        warn: () => {},
        print: (line) => {
          lines.push(line);
          stop.abort();
        },
        onConnect: () => void Promise.resolve(poster.tweet('sampled')),
      },
    );
    expect(JSON.parse(lines[0] ?? '{}').data.text).toBe('sampled');
    await expect(runStream({ sample: true, rule: ['x'] })).rejects.toThrow(
      /--rule is for the filtered stream/,
    );
  });

  it('without any credentials, says loudly that it streams from a local sandbox', async () => {
    const notes: string[] = [];
    const stop = new AbortController();
    await runStream(
      { sample: true },
      { env: {}, signal: stop.signal, warn: (line) => notes.push(line), onConnect: () => stop.abort() },
    );
    expect(notes.join('\n')).toContain('NO CREDENTIALS SET: using a local X sandbox');
    expect(notes).toContain('stopped after 0 tweets');
  });

  it('says why a connection was lost in the words of the shell (PEONY_BASE_URL), not the library', async () => {
    const port = await refusedPort();
    const notes: string[] = [];
    const stop = new AbortController();
    await runStream(
      { sample: true },
      {
        env: { PEONY_BASE_URL: `http://127.0.0.1:${port}`, PEONY_BEARER_TOKEN: sb.credentials.bearerToken },
        signal: stop.signal,
        warn: (line) => {
          notes.push(line);
          if (line.startsWith('stream lost')) stop.abort(); // Ctrl-C after the first lost connection
        },
      },
    );
    const lost = notes.find((line) => line.startsWith('stream lost'));
    expect(lost).toContain('ECONNREFUSED');
    expect(lost).toContain('Check the network and PEONY_BASE_URL.');
    expect(lost).not.toMatch(/client's|baseUrl/);
  });

  it('says a long wait before reconnecting in minutes and seconds, not as a count of milliseconds', async () => {
    const fault = sb.faults.add({
      route: 'GET /2/tweets/sample/stream',
      kind: 'rate-limit',
      resetAfterMs: 90_000,
    });
    const notes: string[] = [];
    const stop = new AbortController();
    try {
      await runStream(
        { sample: true },
        {
          env: { PEONY_BASE_URL: sb.url, PEONY_BEARER_TOKEN: sb.credentials.bearerToken },
          signal: stop.signal,
          sleep: async () => {},
          warn: (line) => {
            notes.push(line);
            if (line.startsWith('stream lost')) stop.abort(); // Ctrl-C after the first lost connection
          },
        },
      );
    } finally {
      sb.faults.remove(fault);
    }
    // X's reset is 90 s away, in whole seconds: the wait is about a minute and a half.
    expect(notes.find((line) => line.startsWith('stream lost'))).toMatch(
      /; reconnecting in 1 min (29|30|31) s$/,
    );
  });

  it('stops cleanly when the reader of its output goes away (peony stream | head -n 1), removing its rules', async () => {
    const { child, output, connected, exited } = spawnStream('piped');
    // What `head -n 1` does: read one line, then close the pipe.
    const firstLine = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.includes(10)) {
          child.stdout.destroy();
          resolve();
        }
      });
    });
    await connected;
    await poster.tweet('piped 1');
    await firstLine;
    // The next line it writes finds the pipe closed.
    await poster.tweet('piped 2');
    const [code] = await exited;
    const { stderr } = output;
    expect(stderr).not.toContain('EPIPE');
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/stopped after \d+ tweets?/);
    expect(stderr).toContain('removed the 1 rule(s) this run added');
    await using app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
    expect(await getStreamRules(app)).toEqual([]);
  });

  it('on SIGTERM (a supervisor) or SIGHUP (its terminal closed) stops as on Ctrl-C, removing its rules', async () => {
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const { child, output, connected, exited } = spawnStream(`hung up ${signal}`);
      await connected;
      child.kill(signal);
      const [code, killedBy] = await exited;
      const { stderr } = output;
      expect({ signal, code, killedBy }, stderr).toEqual({ signal, code: 0, killedBy: null });
      expect(stderr).toContain('removed the 1 rule(s) this run added');
      await using app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
      expect(await getStreamRules(app)).toEqual([]);
    }
  });

  it('at a terminal that goes away (its window closed: SIGHUP, then EIO on every write) still removes its rules', async () => {
    // Under `script`, as in progress.test.ts: a pseudo-terminal whose other end this test then closes.
    const terminal = spawn(
      'script',
      ['-qec', `exec '${process.execPath}' '${CLI_MAIN}' stream --rule 'window closed'`, '/dev/null'],
      {
        env: childEnv({ PEONY_BASE_URL: sb.url, PEONY_BEARER_TOKEN: sb.credentials.bearerToken }),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let screen = '';
    const connected = new Promise<void>((resolve) => {
      terminal.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
        if (screen.includes('connected to the filtered stream')) resolve();
      });
    });
    await connected;
    await using app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
    expect((await getStreamRules(app)).map((rule) => rule.value)).toEqual(['window closed']);
    terminal.kill('SIGKILL');
    // Asked four times a second, not a hundred: X's rate limits on these endpoints hold in the sandbox too.
    const removed = async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      return (await getStreamRules(app)).length === 0;
    };
    await waitFor(removed, 'the rule to be removed', 10_000);
    const connections = (await app.v2('connections').get()) as { meta: { result_count: number } };
    expect(connections.meta.result_count).toBe(0);
  });

  it('gives up after --max-reconnects failed reconnects in a row, exiting 1 with what failed and what to do', async () => {
    const port = await refusedPort();
    const started = Date.now();
    const run = await runCli(['stream', '--sample', '--max-reconnects', '2'], {
      PEONY_BASE_URL: `http://127.0.0.1:${port}`,
      PEONY_BEARER_TOKEN: sb.credentials.bearerToken,
    });
    // Two reconnects, 250 ms then 500 ms apart, then the end: not X's reconnecting forever.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr.match(/^stream lost .*ECONNREFUSED/gm)).toHaveLength(2);
    const last = run.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^peony: .*gave up after 2 reconnects in a row/);
    expect(last).toContain('ECONNREFUSED');
    expect(last).toContain('PEONY_BASE_URL');
    expect(last).toContain('--max-reconnects');
    expect(run.stderr).not.toContain(sb.credentials.bearerToken);
  }, 20_000);

  it('removes the rules it added when it gives up, as on Ctrl-C', async () => {
    const fault = sb.faults.add({ route: 'GET /2/tweets/search/stream', kind: 'drop', delayMs: 10 });
    try {
      const run = await runCli(['stream', '--rule', 'given up', '--max-reconnects', '1'], {
        PEONY_BASE_URL: sb.url,
        PEONY_BEARER_TOKEN: sb.credentials.bearerToken,
      });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain('removed the 1 rule(s) this run added');
      expect(run.stderr).toMatch(/gave up after 1 reconnect in a row/);
    } finally {
      sb.faults.remove(fault);
    }
    await using app = new PeonyClient({ bearerToken: sb.credentials.bearerToken, baseUrl: sb.url });
    expect(await getStreamRules(app)).toEqual([]);
  }, 20_000);

  it('is bounded by default: 10 reconnects in a row, said in --help; --max-reconnects unlimited lifts it', async () => {
    const help = await runCli(['stream', '--help']);
    expect(help.stdout).toMatch(/--max-reconnects <n>[\s\S]*default: 10/);
    const port = await refusedPort();
    const run = await runCli(['stream', '--sample'], {
      PEONY_BASE_URL: `http://127.0.0.1:${port}`,
      PEONY_BEARER_TOKEN: sb.credentials.bearerToken,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr.match(/^stream lost/gm)).toHaveLength(10);
    expect(run.stderr).toMatch(/gave up after 10 reconnects in a row \(--max-reconnects 10\)/);
    // Unlimited: still reconnecting after the 11th loss, until Ctrl-C.
    const notes: string[] = [];
    const stop = new AbortController();
    const printed = await runStream(
      { sample: true, maxReconnects: 'unlimited' },
      {
        env: { PEONY_BASE_URL: `http://127.0.0.1:${port}`, PEONY_BEARER_TOKEN: sb.credentials.bearerToken },
        signal: stop.signal,
        sleep: async () => {},
        warn: (line) => {
          notes.push(line);
          if (notes.filter((n) => n.startsWith('stream lost')).length === 11) stop.abort();
        },
      },
    );
    expect(printed).toBe(0);
    expect(notes.at(-1)).toBe('stopped after 0 tweets');
  }, 40_000);

  it('refuses a --max-reconnects that is not a whole number or "unlimited", before connecting', async () => {
    for (const value of ['-1', '2.5', 'many', '']) {
      await expect(runStream({ sample: true, maxReconnects: value }, { env: {} })).rejects.toThrow(
        /--max-reconnects takes a whole number of 0 or more, or "unlimited"/,
      );
    }
  });
});
