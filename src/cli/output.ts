// How the CLI prints results (JSON on stdout) and failures (one clear line on stderr, no secrets).

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Each field of a library object with its printed (snake_case, as X spells it) name and value. Every field
 * is named, so a field added to the type is a compile error until it is given its printed name.
 */
export type PrintedFields<T> = { readonly [K in keyof Required<T>]: readonly [string, unknown] };

/** The object printed for `fields`: the printed names of the fields that have a value. */
export function printedObject<T>(fields: PrintedFields<T>): Record<string, unknown> {
  const named: ReadonlyArray<readonly [string, unknown]> = Object.values(fields);
  return Object.fromEntries(named.filter(([, value]) => value !== undefined));
}

/** A reader that went away (EPIPE), or a terminal that was closed under us (EIO). */
const GONE = new Set(['EPIPE', 'EIO']);

/**
 * Makes stdout closing under us (its reader went away: `peony stream | head -n 1`; its terminal closed) a quiet
 * end rather than an uncaught EPIPE or EIO: what is left to print is not wanted. `onClosed` lets a long-running
 * command stop cleanly. Stderr gone the same way is ignored (nothing can be said any more), so that a warning
 * written after a terminal hung up does not kill the command before its clean-up (the rules a stream added).
 * Returns what stops listening.
 */
export function whenStdoutCloses(onClosed: () => void = () => {}): () => void {
  const onStdout = (error: NodeJS.ErrnoException) => {
    if (!GONE.has(error.code ?? '')) throw error;
    onClosed();
  };
  const onStderr = (error: NodeJS.ErrnoException) => {
    if (!GONE.has(error.code ?? '')) throw error;
  };
  process.stdout.on('error', onStdout);
  process.stderr.on('error', onStderr);
  return () => {
    process.stdout.off('error', onStdout);
    process.stderr.off('error', onStderr);
  };
}

/** The message of a failure as a user should read it: its class and message, never a stack. */
/** The library's option names, as the CLI's flags and commands say them. */
const IN_FLAGS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /[Pp]ass error\.checkpoint as options\.resume to continue it\.?/g,
    'run the same command again with --resume <checkpoint file> to continue it.',
  ],
  [/error\.checkpoint as options\.resume/g, '--resume <checkpoint file>'],
  [/\boptions\.resume\b/g, '--resume'],
  // A quoted "chunkSize" is the checkpoint file's field, not the option: it stays as the file spells it.
  [/(?<!")\bchunkSize\b(?!")/g, '--chunk-size'],
  // Not where a flag already says it: the CLI's own messages name --concurrency themselves.
  [/(?<!-)\bconcurrency\b/g, '--concurrency'],
  [/\baltText\b/g, '--alt'],
  [
    /\(pass \{ json: true \} to send nested objects as JSON\)/g,
    '(post or put it with --json to send it as JSON)',
  ],
  [/\bPeonyClient: baseUrl is\b/g, 'PEONY_BASE_URL is'],
  [/\bthe client['’]s baseUrl\b/g, 'PEONY_BASE_URL'],
  [/\bprocessingTimeoutMs\b/g, 'the processing time limit'],
  // The reset's time is in the message already; the shell has no option to wait for it.
  [/, or create the client with waitOnRateLimit: true/g, ''],
  [/raise the client's or the request's timeout/g, 'check the network and try again'],
  // The time limits no flag sets: say what happened and what the user can check.
  [/within its totalTimeout of (\d+) ms/g, 'within $1 ms'],
  [/; raise totalTimeout if this is expected\./g, '; check the network and try again.'],
  [/,? or raise the client's timeout\./g, '.'],
];

/** Rewrites a library message in the CLI's words (flags, not options). */
export function inFlags(message: string): string {
  return IN_FLAGS.reduce((text, [pattern, words]) => text.replace(pattern, words), message);
}

export function describeFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${inFlags(error.message)}` : String(error);
}
