// One app's filtered-stream rules: add (with X's duplicate, invalid, length and cap reports), delete, list, match.
import {
  type MatchableTweet,
  matchesQuery,
  parseQuery,
  QueryError,
  type QueryNode,
} from '../tweets/query.js';

const PROBLEMS = 'https://api.x.com/2/problems/';

export interface StreamRule {
  readonly id: string;
  readonly value: string;
  readonly tag?: string;
  readonly query: QueryNode;
}

export interface RuleLimits {
  /** Characters per rule: 512 on the Basic tier, 1024 on Pro; the sandbox default is 512. */
  readonly maxRuleLength: number;
  /** Rules per app. */
  readonly maxRules: number;
}

export const DEFAULT_RULE_LIMITS: RuleLimits = { maxRuleLength: 512, maxRules: 1000 };

export interface RuleError {
  value?: string;
  id?: string;
  title: string;
  type: string;
  detail?: string;
  details?: string[];
}

export interface AddOutcome {
  /** 200 when the request was accepted (even with duplicates), 400 when any rule was invalid or over the cap. */
  readonly status: 200 | 400;
  readonly created: StreamRule[];
  readonly errors: RuleError[];
  readonly summary: { created: number; not_created: number; valid: number; invalid: number };
}

export interface DeleteOutcome {
  readonly errors: RuleError[];
  readonly summary: { deleted: number; not_deleted: number };
}

export interface RuleInput {
  readonly value: string;
  readonly tag?: string;
}

export class RuleSet {
  readonly #rules = new Map<string, StreamRule>();

  constructor(
    private readonly nextId: () => string,
    private readonly limits: RuleLimits = DEFAULT_RULE_LIMITS,
  ) {}

  get size(): number {
    return this.#rules.size;
  }

  /** In creation order, optionally only the given ids. */
  list(ids?: readonly string[]): StreamRule[] {
    const all = [...this.#rules.values()];
    return ids ? all.filter((rule) => ids.includes(rule.id)) : all;
  }

  /**
   * X's behaviour: an invalid or too-long rule fails the whole request (nothing created); a duplicate
   * (of a kept rule or earlier in the same request) is reported and skipped while the others are created.
   */
  add(inputs: readonly RuleInput[], dryRun: boolean): AddOutcome {
    const invalid: RuleError[] = [];
    const duplicates: RuleError[] = [];
    const accepted: StreamRule[] = [];
    const seen = new Map<string, string>();
    for (const rule of this.#rules.values()) seen.set(rule.value, rule.id);
    for (const input of inputs) {
      if ([...input.value].length > this.limits.maxRuleLength) {
        invalid.push({
          value: input.value,
          title: 'RuleLengthExceeded',
          detail: `Rule length exceeds the max allowed (${this.limits.maxRuleLength}).`,
          type: `${PROBLEMS}rule-length`,
        });
        continue;
      }
      let query: QueryNode;
      try {
        query = parseQuery(input.value);
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
        invalid.push({
          value: input.value,
          details: [error.message],
          title: 'UnprocessableEntity',
          type: `${PROBLEMS}invalid-rules`,
        });
        continue;
      }
      const existingId = seen.get(input.value);
      if (existingId !== undefined) {
        duplicates.push({
          value: input.value,
          id: existingId,
          title: 'DuplicateRule',
          type: `${PROBLEMS}duplicate-rules`,
        });
        continue;
      }
      const rule: StreamRule = {
        id: this.nextId(),
        value: input.value,
        ...(input.tag !== undefined ? { tag: input.tag } : {}),
        query,
      };
      seen.set(rule.value, rule.id);
      accepted.push(rule);
    }
    const notCreated = invalid.length + duplicates.length;
    if (invalid.length > 0) {
      return {
        status: 400,
        created: [],
        errors: invalid,
        summary: {
          created: 0,
          not_created: inputs.length,
          valid: inputs.length - invalid.length,
          invalid: invalid.length,
        },
      };
    }
    if (this.#rules.size + accepted.length > this.limits.maxRules) {
      return {
        status: 400,
        created: [],
        errors: [
          {
            title: 'RulesCapExceeded',
            detail: `Rule creation would exceed the maximum of ${this.limits.maxRules} rules for this app.`,
            type: `${PROBLEMS}rule-cap`,
          },
        ],
        summary: { created: 0, not_created: inputs.length, valid: accepted.length, invalid: notCreated },
      };
    }
    if (!dryRun) for (const rule of accepted) this.#rules.set(rule.id, rule);
    return {
      status: 200,
      created: accepted,
      errors: duplicates,
      summary: {
        created: accepted.length,
        not_created: notCreated,
        valid: accepted.length,
        invalid: notCreated,
      },
    };
  }

  /** Deletes by ids and/or values; unknown ones are reported in `errors` and counted in not_deleted. */
  delete(target: { ids?: readonly string[]; values?: readonly string[] }, dryRun: boolean): DeleteOutcome {
    const toDelete = new Set<string>();
    const errors: RuleError[] = [];
    for (const id of target.ids ?? []) {
      if (this.#rules.has(id)) toDelete.add(id);
      else errors.push(notFound(id));
    }
    for (const value of target.values ?? []) {
      const rule = [...this.#rules.values()].find((candidate) => candidate.value === value);
      if (rule) toDelete.add(rule.id);
      else errors.push(notFound(value));
    }
    if (!dryRun) for (const id of toDelete) this.#rules.delete(id);
    return { errors, summary: { deleted: toDelete.size, not_deleted: errors.length } };
  }

  deleteAll(dryRun: boolean): DeleteOutcome {
    const count = this.#rules.size;
    if (!dryRun) this.#rules.clear();
    return { errors: [], summary: { deleted: count, not_deleted: 0 } };
  }

  matching(tweet: MatchableTweet): StreamRule[] {
    return [...this.#rules.values()].filter((rule) => matchesQuery(rule.query, tweet));
  }
}

function notFound(value: string): RuleError {
  return {
    value,
    details: ['Rule does not exist'],
    title: 'Invalid Request',
    type: `${PROBLEMS}invalid-request`,
  };
}
