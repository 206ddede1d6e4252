// JSON with integers beyond 2^53 written digit for digit, as X writes `id` and `next_cursor` in v1.1 bodies.
import { randomBytes } from 'node:crypto';

const MARKER = `\u0000${randomBytes(6).toString('hex')}:`;
const MARKER_PATTERN = new RegExp(`"\\\\u0000${MARKER.slice(1)}(-?[0-9]+)"`, 'g');

/** An integer that serializes as a bare JSON number with exactly these digits. */
export class ExactInteger {
  constructor(readonly digits: string) {
    if (!/^-?[0-9]+$/.test(digits)) throw new TypeError(`Not an integer: ${digits}`);
  }
  toJSON(): string {
    return MARKER + this.digits;
  }
}

export function exactInteger(digits: string): ExactInteger {
  return new ExactInteger(digits);
}

/** JSON.stringify, except that ExactInteger values become bare numbers. */
export function stringifyExact(value: unknown): string {
  const text = JSON.stringify(value);
  // Most bodies (every stream message but the activity stream's DM events) hold none: skip the regex for them.
  return text.includes('\\u0000') ? text.replace(MARKER_PATTERN, '$1') : text;
}
