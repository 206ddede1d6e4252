// How the CLI prints results (JSON on stdout) and failures (one clear line on stderr, no secrets).

import { ApiError, PeonyError } from '../index.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The message of a failure as a user should read it; stack traces only for bugs. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return `${error.name}: ${error.message}`;
  if (error instanceof PeonyError) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
