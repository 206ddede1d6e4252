// The token endpoints: app-only bearer, 3-legged OAuth 1.0a, OAuth 2.0 PKCE.

import type { FastifyInstance } from 'fastify';
import type { SandboxInternals } from '../server.js';

export async function registerAuthRoutes(_app: FastifyInstance, _ctx: SandboxInternals): Promise<void> {}
