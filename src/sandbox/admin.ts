// Routes under /__sandbox/ for tests and humans: inspect state, move the clock, manage faults.

import type { FastifyInstance } from 'fastify';
import type { SandboxInternals } from './server.js';

export async function registerAdminRoutes(_app: FastifyInstance, _ctx: SandboxInternals): Promise<void> {}
