// The streams area's state, apart from its routes so that the rule-counts route and the view can read it.
import type { SandboxContext } from '../context.js';
import { ActivitySubscriptions } from './activity-subscriptions.js';
import { ConnectionHistory } from './connection-history.js';
import { StreamHub } from './hub.js';
import { RuleSet } from './rules.js';
import { type StreamEvent, type StreamEventBody, StreamEventLog } from './stream-events.js';

/** The streams area's state: the hub of open connections and each app's rules. */
export interface StreamsState {
  readonly hub: StreamHub;
  /** Every connection, open and ended, for `/2/connections`. */
  readonly connections: ConnectionHistory;
  /** Each app's Activity subscriptions, which its activity stream carries. */
  readonly subscriptions: ActivitySubscriptions;
  /** Recent events, for `backfill_minutes` and `start_time`. */
  readonly log: StreamEventLog;
  rulesOf(appId: string): RuleSet;
  /** Told of every recorded event, after the open streams (the webhooks that activity subscriptions name). */
  readonly observers: Set<(event: StreamEvent) => void>;
  /** Records an event and sends it to the open streams it concerns; set once the stream routes are. */
  record?: (event: StreamEventBody) => number;
  /** Every app that has had a rule set, by app id. */
  ruleSets(): ReadonlyMap<string, RuleSet>;
}

export function streamsState(ctx: SandboxContext): StreamsState {
  return ctx.state('streams', () => {
    const rules = new Map<string, RuleSet>();
    return {
      hub: new StreamHub(),
      log: new StreamEventLog(),
      subscriptions: new ActivitySubscriptions(),
      connections: new ConnectionHistory(),
      observers: new Set(),
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
