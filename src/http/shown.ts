// How a refused value is quoted in a message: text in quotes, so that "30000" read from an environment variable
// is not shown as the number 30000 it looks like.

export function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
