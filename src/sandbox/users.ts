// Users as X renders them (v1.1 user objects, v2 user objects) and the account/user lookup endpoints.

import type { FastifyInstance } from 'fastify';
import type { SandboxInternals } from './server.js';

export async function registerUserRoutes(_app: FastifyInstance, _ctx: SandboxInternals): Promise<void> {}
