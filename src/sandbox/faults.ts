// Injected failures (errors, 429s, delays, resets, truncated bodies, stream stalls and drops) chosen per
// route by a seeded probability or a scripted sequence, so tests of retries are reproducible.

import type { FastifyRequest } from 'fastify';

/**
 * - `error`: an X-format error with `status` (default 503) before the route runs.
 * - `rate-limit`: a 429 (code 88 / problem) with `x-rate-limit-remaining: 0`.
 * - `delay`: waits `delayMs` before the route runs.
 * - `reset-request`: destroys the connection after `afterBytes` bytes of the request body arrived.
 * - `reset-response`: sends the headers and `afterBytes` bytes of the response, then destroys the connection.
 * - `truncate`: announces the full Content-Length, sends `afterBytes` bytes, then closes the connection.
 * - `stall`, `drop`: for streams only, taken by the streams area with `faults.take()`.
 */
export type FaultKind =
  | 'error'
  | 'rate-limit'
  | 'delay'
  | 'reset-request'
  | 'reset-response'
  | 'truncate'
  | 'stall'
  | 'drop';

export interface FaultRule {
  /**
   * Which requests: `'*'`; a route pattern with optional method (`'POST /2/media/upload/:id/append'`,
   * `'/2/tweets'`); a path prefix ending in `*` (`'/1.1/media/*'`); or a RegExp tested against
   * `'METHOD /path?query'`.
   */
  route: string | RegExp;
  kind: FaultKind;
  /** HTTP status for `error` (default 503). */
  status?: number;
  /**
   * For `error`: answer only once the whole request body has arrived, as a front end that reads a request
   * before passing it on would, so the client has sent every byte. Default: answer at once.
   */
  afterBody?: boolean;
  /** Wait for `delay` (ms, real time), or how long a `stall` lasts (default: until the client gives up). */
  delayMs?: number;
  /** For `rate-limit`: X's reset this many ms from now (default: the endpoint's own window reset). */
  resetAfterMs?: number;
  /** Bytes let through before a reset or truncation (request body for `reset-request`, response body otherwise). */
  afterBytes?: number;
  /** Chance (0–1) that a matching request gets the fault, drawn from the sandbox's seeded generator. */
  probability?: number;
  /** Scripted: the n-th matching request gets the fault when `sequence[n]` is true; none after the end. */
  sequence?: ReadonlyArray<boolean | 0 | 1>;
  /** At most this many injections, then the rule is spent. */
  times?: number;
}

/** A fault chosen for one request. */
export interface ActiveFault {
  ruleId: string;
  kind: FaultKind;
  status: number;
  delayMs: number | undefined;
  afterBytes: number;
  resetAfterMs: number | undefined;
  afterBody: boolean;
}

export interface FaultRuleState extends FaultRule {
  id: string;
  /** Matching requests seen so far. */
  seen: number;
  /** Faults injected so far. */
  fired: number;
}

export interface FaultController {
  /** Adds a rule; returns its id. */
  add(rule: FaultRule): string;
  remove(id: string): boolean;
  clear(): void;
  /** The rules with their counters. */
  list(): FaultRuleState[];
  /**
   * Evaluates the rules of the given kinds for a request (advancing their counters) and returns the
   * first that fires. The server's hook calls it for every request; streams call it for `stall`/`drop`.
   */
  take(request: FastifyRequest, kinds: readonly FaultKind[]): ActiveFault | undefined;
}

/** mulberry32: small, seedable, good enough to choose faults reproducibly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kinds the server's hook applies to any request; streams take `stall` and `drop` themselves. */
export const REQUEST_FAULT_KINDS: readonly FaultKind[] = [
  'error',
  'rate-limit',
  'delay',
  'reset-request',
  'reset-response',
  'truncate',
];

const FAULT_KINDS: ReadonlySet<string> = new Set<FaultKind>([...REQUEST_FAULT_KINDS, 'stall', 'drop']);

function validate(rule: FaultRule): void {
  if (!FAULT_KINDS.has(rule.kind)) throw new TypeError(`Unknown fault kind: ${String(rule.kind)}`);
  if (typeof rule.route !== 'string' && !(rule.route instanceof RegExp)) {
    throw new TypeError('A fault rule needs a route (string or RegExp)');
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new TypeError('Fault probability must be between 0 and 1');
  }
}

export function routeMatches(
  route: string | RegExp,
  method: string,
  pattern: string | undefined,
  path: string,
  url: string,
): boolean {
  if (route instanceof RegExp) {
    route.lastIndex = 0;
    return route.test(`${method} ${url}`);
  }
  if (route === '*') return true;
  let wanted = route.trim();
  const space = wanted.indexOf(' ');
  if (space > 0) {
    if (wanted.slice(0, space).toUpperCase() !== method) return false;
    wanted = wanted.slice(space + 1).trim();
  }
  if (wanted === '*') return true;
  if (wanted.endsWith('*')) return path.startsWith(wanted.slice(0, -1));
  return wanted === pattern || wanted === path;
}

export function createFaultController(seed: number, initial: readonly FaultRule[]): FaultController {
  const random = seededRandom(seed);
  const rules: FaultRuleState[] = [];
  let nextId = 1;

  const controller: FaultController = {
    add(rule) {
      validate(rule);
      const id = `fault-${nextId++}`;
      rules.push({ ...rule, id, seen: 0, fired: 0 });
      return id;
    },
    remove(id) {
      const index = rules.findIndex((rule) => rule.id === id);
      if (index < 0) return false;
      rules.splice(index, 1);
      return true;
    },
    clear() {
      rules.length = 0;
    },
    list() {
      return rules.map((rule) => ({ ...rule }));
    },
    take(request, kinds) {
      const path = request.url.split('?')[0] ?? '/';
      if (path.startsWith('/__sandbox/')) return undefined;
      for (const rule of rules) {
        if (!kinds.includes(rule.kind)) continue;
        if (!routeMatches(rule.route, request.method, request.routeOptions.url, path, request.url)) continue;
        if (rule.times !== undefined && rule.fired >= rule.times) continue;
        const index = rule.seen++;
        let fires = true;
        if (rule.sequence !== undefined) fires = Boolean(rule.sequence[index]);
        if (fires && rule.probability !== undefined) fires = random() < rule.probability;
        if (!fires) continue;
        rule.fired += 1;
        return {
          ruleId: rule.id,
          kind: rule.kind,
          status: rule.status ?? (rule.kind === 'rate-limit' ? 429 : 503),
          delayMs: rule.delayMs,
          afterBytes: rule.afterBytes ?? 0,
          resetAfterMs: rule.resetAfterMs,
          afterBody: rule.afterBody === true,
        };
      }
      return undefined;
    },
  };
  for (const rule of initial) controller.add(rule);
  return controller;
}
