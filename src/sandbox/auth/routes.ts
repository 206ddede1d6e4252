// Every token endpoint: app-only bearer, 3-legged OAuth 1.0a, OAuth 2.0 PKCE.

import type { FastifyInstance } from 'fastify';
import type { SandboxInternals } from '../internals.js';
import { registerAppOnlyRoutes } from './app-only.js';
import { registerPkceRoutes } from './pkce.js';
import { registerThreeLeggedRoutes } from './three-legged.js';

export async function registerAuthRoutes(app: FastifyInstance, ctx: SandboxInternals): Promise<void> {
  await registerAppOnlyRoutes(app, ctx);
  await registerThreeLeggedRoutes(app, ctx);
  await registerPkceRoutes(app, ctx);
}
