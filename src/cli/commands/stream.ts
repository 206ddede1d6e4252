// `peony stream [--rule <value>...] [--sample] [--max-reconnects <n>]`: one JSON line per tweet on stdout until
// Ctrl-C, reconnecting as X asks, up to --max-reconnects failures in a row. Rules given with --rule are added
// first and removed again when the command stops, however it stops.

import type { Command } from 'commander';
import type { TweetStream, TweetStreamOptions } from '../../entry/types.js';
import { AbortError, ConflictError, InvalidRequestError, type PeonyClient, PeonyError } from '../../index.js';
import { type ConnectOptions, connectAppOnly } from '../connect.js';
import { inFlags, whenStdoutCloses } from '../output.js';

export interface StreamFlags {
  rule?: string[];
  sample?: boolean;
  tweetFields?: string[];
  userFields?: string[];
  expansions?: string[];
  /** A whole number of 0 or more, or `unlimited`. */
  maxReconnects?: string;
}

/**
 * Failed reconnects in a row before the command gives up. A bound by default, in a terminal as in a script
 * (one behaviour wherever it runs): a wrong PEONY_BASE_URL or a long outage ends with exit code 1 after about
 * 14 s of network failures (X's waits: 250 ms, 500 ms … 2.5 s) instead of retrying for ever unseen; a
 * connection that delivers anything, keep-alives included, starts the count over.
 */
export const DEFAULT_MAX_RECONNECTS = 10;

export interface StreamIo extends ConnectOptions {
  /** Stops the stream (the command wires Ctrl-C here). */
  readonly signal?: AbortSignal;
  /** Receives each tweet as one line of JSON. Default: stdout. */
  readonly print?: (line: string) => void;
  /** Told when a connection is open (tests post their tweets then). */
  readonly onConnect?: (client: PeonyClient) => void;
  /** Milliseconds without a byte before reconnecting (default: the library's 90 s). */
  readonly stallTimeoutMs?: number;
  /** Waits between reconnects (tests make them instant). Default: real time. */
  readonly sleep?: TweetStreamOptions['sleep'];
}

export function registerStream(program: Command): void {
  program
    .command('stream')
    .description(
      'print tweets from the filtered stream (or the sample stream) as JSON lines, until Ctrl-C or until --max-reconnects reconnects in a row have failed (exit code 1)',
    )
    .option('--rule <value...>', 'filtered-stream rules to add first (removed again when it stops)')
    .option('--sample', 'the sample stream (about 1% of all tweets) instead of the filtered stream')
    .option('--tweet-fields <field...>', 'tweet.fields to ask for, e.g. created_at author_id')
    .option('--user-fields <field...>', 'user.fields to ask for')
    .option('--expansions <name...>', 'expansions to ask for, e.g. author_id')
    .option(
      '--max-reconnects <n>',
      `failed reconnects in a row before giving up with exit code 1 (default: ${DEFAULT_MAX_RECONNECTS}; "unlimited" never gives up)`,
    )
    .action(async (flags: StreamFlags) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // `peony stream | head -n 1`: once the reader has gone, stop as on Ctrl-C (the rules added are removed).
      const release = whenStdoutCloses(stop);
      try {
        await runStream(flags, { signal: controller.signal });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        release();
      }
    });
}

/** The command's work, callable in-process: resolves with the number of tweets printed once stopped. */
export async function runStream(flags: StreamFlags, io: StreamIo = {}): Promise<number> {
  if (flags.sample && flags.rule?.length) {
    throw new InvalidRequestError('--rule is for the filtered stream; leave it out with --sample.');
  }
  const maxReconnects = parseMaxReconnects(flags.maxReconnects);
  const warn = io.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const print = io.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const connection = await connectAppOnly({ ...io, warn });
  const { client } = connection;
  const addedRuleIds: string[] = [];
  let printed = 0;
  let stream: TweetStream | undefined;
  try {
    if (flags.rule?.length) {
      const added = await client.streamRules.add(flags.rule, io.signal ? { signal: io.signal } : {});
      addedRuleIds.push(...added.data.map((rule) => rule.id));
      for (const error of added.errors ?? []) warn(`rule "${String(error.value)}" not added: ${error.title}`);
    }
    const options: TweetStreamOptions = {
      signal: io.signal,
      stallTimeoutMs: io.stallTimeoutMs,
      maxReconnects,
      sleep: io.sleep,
      // Names from the command line go to X as typed; X answers a wrong one with a clear 400.
      tweetFields: flags.tweetFields as TweetStreamOptions['tweetFields'],
      userFields: flags.userFields as TweetStreamOptions['userFields'],
      expansions: flags.expansions as TweetStreamOptions['expansions'],
      onConnect: ({ connection: n }) => {
        warn(
          `${n === 1 ? 'connected' : 'reconnected'} to the ${flags.sample ? 'sample' : 'filtered'} stream`,
        );
        io.onConnect?.(client);
      },
      onReconnect: ({ delayMs, error }) =>
        warn(
          `stream lost (${inFlags(error.message)}); reconnecting${delayMs > 0 ? ` in ${delayMs} ms` : ''}`,
        ),
    };
    stream = flags.sample ? client.sampleStream(options) : client.filteredStream(options);
    for await (const tweet of stream) {
      print(JSON.stringify(tweet));
      printed += 1;
    }
    return printed;
  } catch (error) {
    // Ctrl-C is how this command is meant to end, whatever it was doing at the time.
    if (error instanceof ConflictError && !flags.sample) {
      throw new InvalidRequestError(
        `The app has no stream rules (X answered ${error.status} to ${error.request.method} ${error.request.url}); give one with --rule <value>, e.g. --rule "peony has:images".`,
      );
    }
    if (stream?.reconnectsExhausted && error instanceof Error) {
      const times = `${maxReconnects} reconnect${maxReconnects === 1 ? '' : 's'}`;
      throw new PeonyError(
        `The ${flags.sample ? 'sample' : 'filtered'} stream gave up after ${times} in a row (--max-reconnects ${maxReconnects}); the last attempt failed with ${error.name}: ${error.message} Run it again once X is reachable, or give a higher --max-reconnects ("unlimited" never gives up).`,
        { cause: error },
      );
    }
    if (!(error instanceof AbortError && io.signal?.aborted)) throw error;
    warn(`stopped after ${printed} tweet${printed === 1 ? '' : 's'}`);
    return printed;
  } finally {
    if (addedRuleIds.length > 0) {
      // Not under the stop signal: it has fired, and the rules should still go.
      await client.streamRules.delete({ ids: addedRuleIds }).then(
        () => warn(`removed the ${addedRuleIds.length} rule(s) this run added`),
        (error: unknown) =>
          warn(`could not remove the rules this run added (${addedRuleIds.join(', ')}): ${String(error)}`),
      );
    }
    await connection.close();
  }
}

/** `--max-reconnects`: a whole number of 0 or more, or `unlimited`; absent, the default bound. */
function parseMaxReconnects(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RECONNECTS;
  if (value === 'unlimited') return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(value)) {
    throw new InvalidRequestError(
      `--max-reconnects takes a whole number of 0 or more, or "unlimited"; got "${value}".`,
    );
  }
  return Number(value);
}
