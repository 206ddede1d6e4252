// How the CLI prints results (JSON on stdout) and failures (one clear line on stderr, no secrets).

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The message of a failure as a user should read it: its class and message, never a stack. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
