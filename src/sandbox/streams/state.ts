// The streams area's state, apart from its routes so that the rule-counts route and the view can read it.
import type { SandboxContext } from '../context.js';
import { StreamHub } from './hub.js';
import { RuleSet } from './rules.js';

/** The streams area's state: the hub of open connections and each app's rules. */
export interface StreamsState {
  readonly hub: StreamHub;
  rulesOf(appId: string): RuleSet;
  /** Every app that has had a rule set, by app id. */
  ruleSets(): ReadonlyMap<string, RuleSet>;
}

export function streamsState(ctx: SandboxContext): StreamsState {
  return ctx.state('streams', () => {
    const rules = new Map<string, RuleSet>();
    return {
      hub: new StreamHub(),
      rulesOf(appId: string) {
        let set = rules.get(appId);
        if (!set) {
          set = new RuleSet(() => ctx.nextId());
          rules.set(appId, set);
        }
        return set;
      },
      ruleSets: () => rules,
    };
  });
}
