// The filtered stream's rules (GET and POST /2/tweets/search/stream/rules): list, add (or dry-run), delete.

import type { RequestOptions } from '../api/endpoint.js';
import type { V2PathNode } from '../api/typed-path.js';
import type { components } from '../generated/x-api.js';
import { InvalidRequestError } from '../http/errors.js';
import type { PartialError } from '../types.js';

/** A rule as X lists it: id, value and the tag given when it was added. */
export type StreamRule = components['schemas']['GetRulesResponseData'];

export interface NewStreamRule {
  /** The rule, in X's query syntax (`cat has:images -is:retweet`). */
  readonly value: string;
  readonly tag?: string;
}

export interface AddStreamRulesResult {
  /** The rules created (or, in a dry run, that would be). */
  readonly data: readonly StreamRule[];
  readonly meta: {
    readonly sent: string;
    readonly summary: { created: number; not_created: number; valid: number; invalid: number };
  };
  /** Rules not created, such as duplicates of existing ones (X's `DuplicateRule`). */
  readonly errors?: readonly PartialError[];
}

export interface DeleteStreamRulesResult {
  readonly meta: { readonly sent: string; readonly summary: { deleted: number; not_deleted: number } };
  /** Ids or values that matched no rule. */
  readonly errors?: readonly PartialError[];
}

export interface StreamRuleOptions extends RequestOptions {
  /** Checks the rules (syntax, duplicates, limits) without changing anything. */
  readonly dryRun?: boolean;
}

/** What the rule helpers need of a client: the v2 endpoint tree. */
export interface RulesClient {
  readonly v2: V2PathNode;
}

/** X caps an app's rules (1000 on most tiers, 25 000 at most), so collecting them all is bounded. */
const MAX_RULES = 25_000;

/** Every rule of the app (or those with the given ids), following X's pages. */
export async function getStreamRules(
  client: RulesClient,
  filter: { readonly ids?: readonly string[] } = {},
  options?: RequestOptions,
): Promise<StreamRule[]> {
  return client.v2.tweets.search.stream.rules
    .paginate({ ids: filter.ids, max_results: 1000 }, { ...options, strategy: 'pagination_token' })
    .toArray({ limit: MAX_RULES });
}

/**
 * Adds rules. Duplicates of existing rules are reported in `errors` while the others are created; an invalid
 * rule fails the whole request with a BadRequestError naming it.
 */
export async function addStreamRules(
  client: RulesClient,
  rules: ReadonlyArray<NewStreamRule | string>,
  options: StreamRuleOptions = {},
): Promise<AddStreamRulesResult> {
  if (rules.length === 0)
    throw new InvalidRequestError(
      'streamRules.add() needs at least one rule, e.g. streamRules.add(["peony"]).',
    );
  const add = rules.map((rule) =>
    typeof rule === 'string' ? { value: rule } : { value: rule.value, tag: rule.tag },
  );
  const result = await client.v2.tweets.search.stream.rules.post({ add }, withDryRun(options));
  return { ...result, data: result.data ?? [] } as AddStreamRulesResult;
}

/** Deletes rules by id or by value; unknown ones are reported in `errors`. */
export async function deleteStreamRules(
  client: RulesClient,
  target: { readonly ids?: readonly string[]; readonly values?: readonly string[] },
  options: StreamRuleOptions = {},
): Promise<DeleteStreamRulesResult> {
  const ids = target.ids ?? [];
  const values = target.values ?? [];
  if (ids.length === 0 && values.length === 0) {
    throw new InvalidRequestError(
      'streamRules.delete() needs the ids or the values of the rules to delete, e.g. { ids: [...] }.',
    );
  }
  const remove = {
    ...(ids.length > 0 ? { ids: [...ids] } : {}),
    ...(values.length > 0 ? { values: [...values] } : {}),
  };
  // X's document types `meta.summary` loosely; X sends the counts shown in DeleteStreamRulesResult.
  const result = await client.v2.tweets.search.stream.rules.post({ delete: remove }, withDryRun(options));
  return result as DeleteStreamRulesResult;
}

function withDryRun(options: StreamRuleOptions): RequestOptions {
  const { dryRun, ...rest } = options;
  if (!dryRun) return rest;
  const query = rest.query === true || rest.query === undefined ? {} : rest.query;
  return { ...rest, query: { ...query, dry_run: true } };
}

/** The rule helpers as methods (`client.streamRules`), sent through the app client `app()` gives. */
export interface StreamRules {
  get(filter?: { readonly ids?: readonly string[] }, options?: RequestOptions): Promise<StreamRule[]>;
  add(
    rules: ReadonlyArray<NewStreamRule | string>,
    options?: StreamRuleOptions,
  ): Promise<AddStreamRulesResult>;
  delete(
    target: { readonly ids?: readonly string[]; readonly values?: readonly string[] },
    options?: StreamRuleOptions,
  ): Promise<DeleteStreamRulesResult>;
}

export function bindStreamRules(app: () => RulesClient): StreamRules {
  return {
    get: (filter, options) => getStreamRules(app(), filter, options),
    add: (rules, options) => addStreamRules(app(), rules, options),
    delete: (target, options) => deleteStreamRules(app(), target, options),
  };
}
