// v1.1 GET application/rate_limit_status.json: the caller's current window of every v1.1 GET endpoint the
// sandbox limits, grouped by resource family (`statuses`, `friendships`…) as X groups them, optionally only the
// families named in `resources`. Reading it counts against its own limit only.
import type { FastifyInstance } from 'fastify';
import { parseOAuthHeader } from './auth/oauth1.js';
import type { SandboxInternals } from './internals.js';
import type { Usage } from './rate-limits.js';

/** `GET /1.1/statuses/show.json` → family `statuses`, endpoint `/statuses/show/:id` (X's names). */
function resourceOf(endpointKey: string): { family: string; endpoint: string } | undefined {
  const match = /^GET \/1\.1\/([a-z_]+)\/([a-z_/]+)\.json$/.exec(endpointKey);
  if (!match) return undefined;
  const [, family = '', rest = ''] = match;
  const showsOne = rest === 'show' && (family === 'statuses' || family === 'users');
  return { family, endpoint: `/${family}/${rest}${showsOne ? '/:id' : ''}` };
}

export function registerRateLimitStatusRoute(app: FastifyInstance, ctx: SandboxInternals): void {
  app.get('/1.1/application/rate_limit_status.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/application/rate_limit_status.json', auth);
    const wanted = (ctx.params(request)['resources'] ?? '').split(',').filter(Boolean);
    const resources: Record<string, Record<string, Usage>> = {};
    for (const key of ctx.rateLimiter.endpointKeys().sort()) {
      const resource = resourceOf(key);
      if (!resource || (wanted.length > 0 && !wanted.includes(resource.family))) continue;
      resources[resource.family] ??= {};
      resources[resource.family]![resource.endpoint] = ctx.rateLimiter.peek(key, auth);
    }
    // X names the caller's access token, or the app (by its consumer key) for app-only callers.
    const header = request.headers.authorization ?? '';
    const token =
      auth.kind === 'oauth1'
        ? parseOAuthHeader(header)?.get('oauth_token')
        : auth.kind === 'oauth2-user'
          ? header.replace(/^Bearer\s+/i, '')
          : undefined;
    const context = token ? { access_token: token } : { application: auth.app.consumerKey };
    return reply.send({ rate_limit_context: context, resources });
  });
}
