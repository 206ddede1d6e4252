// Stub so the server builds; the tweets area's owner replaces it with the real routes.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';

export async function registerTweetRoutes(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}
