// Snowflake-like tweet ids: decimal strings that grow with time, so max_id/since_id windows work as on X.

/** X's snowflake epoch (2010-11-04T01:42:54.657Z). */
const TWITTER_EPOCH_MS = 1288834974657n;
const SEQUENCE_BITS = 22n;

export type IdGenerator = () => string;

/** Ids strictly increase even when the sandbox clock stands still or moves backwards. */
export function createIdGenerator(now: () => number): IdGenerator {
  let last = 0n;
  return () => {
    const sinceEpoch = BigInt(Math.max(0, Math.floor(now()))) - TWITTER_EPOCH_MS;
    let next = (sinceEpoch > 0n ? sinceEpoch : 0n) << SEQUENCE_BITS;
    if (next <= last) next = last + 1n;
    last = next;
    return next.toString();
  };
}

const ID_PATTERN = /^[0-9]{1,19}$/;

/** True for a decimal id within the unsigned 64-bit range X uses. */
export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value) && BigInt(value) < 2n ** 64n;
}

export function compareIds(a: string, b: string): number {
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
