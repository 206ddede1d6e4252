// How the CLI prints results (JSON on stdout) and failures (one clear line on stderr, no secrets).

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Makes stdout closing under us (its reader went away: `peony stream | head -n 1`) a quiet end rather than an
 * unhandled EPIPE: what is left to print is not wanted. `onClosed` lets a long-running command stop cleanly.
 * Returns what stops listening.
 */
export function whenStdoutCloses(onClosed: () => void = () => {}): () => void {
  const listener = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    onClosed();
  };
  process.stdout.on('error', listener);
  return () => process.stdout.off('error', listener);
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
