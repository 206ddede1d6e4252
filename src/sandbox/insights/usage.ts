// `GET /2/usage/tweets`: the posts each app pulled per day, counted from the sandbox's real answers (every
// successful v2 read whose `data` holds posts), against one project's monthly cap.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { listParam } from '../v2-kit/fields.js';
import { guard } from '../v2-kit/guard.js';

/** UNCONFIRMED: one project per sandbox, with a Pro-tier-like cap. */
export const PROJECT_ID = '1700000000000000001';
export const PROJECT_CAP = 1_000_000;
const DAY = 86_400_000;

/** app id → UTC day (`2026-11-29`) → posts pulled. */
type UsageCounts = Map<string, Map<string, number>>;

function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function postsIn(payload: string): number {
  if (!payload.includes('"edit_history_tweet_ids"')) return 0;
  try {
    const data = (JSON.parse(payload) as { data?: unknown }).data;
    const items = Array.isArray(data) ? data : data === undefined ? [] : [data];
    return items.filter(
      (item) => typeof item === 'object' && item !== null && 'edit_history_tweet_ids' in item,
    ).length;
  } catch {
    return 0;
  }
}

export function registerUsageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const counts = ctx.state<UsageCounts>('usage', () => new Map());
  const startedAt = ctx.now();

  app.addHook('onSend', async (request, reply, payload) => {
    const app = request.sandboxAuth?.app;
    if (request.method !== 'GET' || !app || reply.statusCode !== 200 || typeof payload !== 'string') {
      return payload;
    }
    const pulled = postsIn(payload);
    if (pulled > 0) {
      const days = counts.get(app.id) ?? new Map<string, number>();
      counts.set(app.id, days);
      const day = dayOf(ctx.now());
      days.set(day, (days.get(day) ?? 0) + pulled);
    }
    return payload;
  });

  app.get('/2/usage/tweets', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/usage/tweets', { need: 'app', scopes: [] });
    const params = ctx.params(request);
    const days = params['days'] === undefined ? 7 : Number(params['days']);
    const dates = Array.from({ length: days }, (_, index) => dayOf(ctx.now() - (days - 1 - index) * DAY));
    const perApp = [...counts].map(([appId, byDay]) => ({
      client_app_id: appId,
      usage: dates.map((date) => ({ date: `${date}T00:00:00.000Z`, usage: String(byDay.get(date) ?? 0) })),
      usage_result_count: dates.length,
    }));
    const total = (date: string) =>
      [...counts.values()].reduce((sum, byDay) => sum + (byDay.get(date) ?? 0), 0);
    const resetDay = new Date(startedAt).getUTCDate();
    const sinceReset = [...counts.values()].reduce(
      (sum, byDay) =>
        sum +
        [...byDay].reduce(
          (inner, [date, count]) =>
            cycleOf(date, resetDay) === cycleOf(dayOf(ctx.now()), resetDay) ? inner + count : inner,
          0,
        ),
      0,
    );
    const all: Record<string, unknown> = {
      project_id: PROJECT_ID,
      project_cap: String(PROJECT_CAP),
      project_usage: String(sinceReset),
      cap_reset_day: resetDay,
      daily_project_usage: {
        project_id: PROJECT_ID,
        usage: dates.map((date) => ({ date: `${date}T00:00:00.000Z`, usage: String(total(date)) })),
      },
      daily_client_app_usage: perApp,
    };
    const fields = listParam(params, 'usage.fields');
    const data =
      fields.size === 0 ? all : Object.fromEntries(Object.entries(all).filter(([name]) => fields.has(name)));
    return { data };
  });
}

/** The billing cycle a day falls in: cycles start on `resetDay` of each month. */
function cycleOf(date: string, resetDay: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const start =
    day >= resetDay ? new Date(Date.UTC(year, month - 1, 1)) : new Date(Date.UTC(year, month - 2, 1));
  return start.toISOString().slice(0, 7);
}
