// Routes under /__sandbox/ for tests in other processes and for humans: inspect state, move the clock,
// manage faults and users. No auth, no faults, no rate limits: they are not part of X.

import type { FastifyInstance } from 'fastify';
import { SandboxHttpError } from './errors.js';
import type { FaultKind, FaultRule } from './faults.js';
import type { SandboxInternals } from './internals.js';
import { v2User } from './users.js';

function adminError(status: number, message: string): SandboxHttpError {
  return new SandboxHttpError(
    status,
    { raw: { body: JSON.stringify({ error: message }), contentType: 'application/json; charset=utf-8' } },
    { forced: 'raw' },
  );
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw adminError(400, 'Expected a JSON object body');
  return body as Record<string, unknown>;
}

function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw adminError(400, `${name} must be a number`);
  return value;
}

/** A fault rule from JSON; `route` is a string there (`'*'`, a pattern, or a prefix ending in `*`). */
function faultFromJson(body: Record<string, unknown>): FaultRule {
  if (typeof body['route'] !== 'string') throw adminError(400, 'route must be a string');
  if (typeof body['kind'] !== 'string') throw adminError(400, 'kind must be a string');
  const rule: FaultRule = { route: body['route'], kind: body['kind'] as FaultKind };
  const status = optionalNumber(body, 'status');
  const delayMs = optionalNumber(body, 'delayMs');
  const afterBytes = optionalNumber(body, 'afterBytes');
  const probability = optionalNumber(body, 'probability');
  const times = optionalNumber(body, 'times');
  if (status !== undefined) rule.status = status;
  if (delayMs !== undefined) rule.delayMs = delayMs;
  if (afterBytes !== undefined) rule.afterBytes = afterBytes;
  if (probability !== undefined) rule.probability = probability;
  if (times !== undefined) rule.times = times;
  if (body['sequence'] !== undefined) {
    const sequence = body['sequence'];
    if (
      !Array.isArray(sequence) ||
      !sequence.every((step) => typeof step === 'boolean' || step === 0 || step === 1)
    ) {
      throw adminError(400, 'sequence must be an array of booleans or 0/1');
    }
    rule.sequence = sequence as Array<boolean | 0 | 1>;
  }
  return rule;
}

export async function registerAdminRoutes(app: FastifyInstance, ctx: SandboxInternals): Promise<void> {
  app.get('/__sandbox/health', async () => ({ ok: true, now: ctx.now() }));

  app.get('/__sandbox/clock', async () => ({ now: ctx.now() }));
  app.post('/__sandbox/clock', async (request) => {
    const body = objectBody(request.body);
    const advanceMs = optionalNumber(body, 'advanceMs');
    const set = optionalNumber(body, 'now');
    if (advanceMs !== undefined) ctx.clock.advance(advanceMs);
    if (set !== undefined) ctx.clock.set(set);
    return { now: ctx.now() };
  });

  app.get('/__sandbox/faults', async () => ({
    faults: ctx.faults.list().map((rule) => ({ ...rule, route: String(rule.route) })),
  }));
  app.post('/__sandbox/faults', async (request, reply) => {
    try {
      const id = ctx.faults.add(faultFromJson(objectBody(request.body)));
      return reply.code(201).send({ id });
    } catch (error) {
      if (error instanceof TypeError) throw adminError(400, error.message);
      throw error;
    }
  });
  app.delete('/__sandbox/faults', async () => {
    ctx.faults.clear();
    return { cleared: true };
  });
  app.delete<{ Params: { id: string } }>('/__sandbox/faults/:id', async (request) => {
    if (!ctx.faults.remove(request.params.id)) throw adminError(404, 'No such fault');
    return { removed: true };
  });

  app.post('/__sandbox/rate-limits/reset', async () => {
    ctx.rateLimiter.reset();
    return { reset: true };
  });

  app.get('/__sandbox/users', async () => ({
    users: [...ctx.store.users.values()].map((user) => v2User(user)),
  }));
  app.post('/__sandbox/users', async (request, reply) => {
    const body = request.body === undefined ? {} : objectBody(request.body);
    const screenName = typeof body['screen_name'] === 'string' ? body['screen_name'] : undefined;
    const name = typeof body['name'] === 'string' ? body['name'] : undefined;
    if (screenName !== undefined && ctx.store.userByUsername(screenName))
      throw adminError(409, 'Screen name taken');
    const user = ctx.store.createUser({
      ...(screenName !== undefined ? { screenName } : {}),
      ...(name !== undefined ? { name } : {}),
    });
    const defaultApp = ctx.store.apps.values().next().value;
    if (!defaultApp) throw adminError(500, 'No app');
    const token = ctx.store.issueAccessToken(defaultApp.consumerKey, user.id);
    return reply
      .code(201)
      .send({ user: v2User(user), access_token: token.token, access_token_secret: token.secret });
  });

  // Area inspectors (`media` is the media area's); registered last so the fixed routes above win.
  app.get<{ Params: { area: string; id: string } }>('/__sandbox/:area/:id', async (request) => {
    const inspector = ctx.inspectors[request.params.area];
    if (!inspector) throw adminError(404, `Nothing to inspect under ${request.params.area}`);
    const view = inspector(request.params.id);
    if (view === undefined) throw adminError(404, `Unknown ${request.params.area} id`);
    return view;
  });
}
