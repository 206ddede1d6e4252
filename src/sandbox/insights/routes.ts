// The insight operations: trends, usage and news.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { registerNewsRoutes } from './news.js';
import { registerTrendRoutes } from './trends.js';
import { registerUsageRoutes } from './usage.js';

export function registerInsightRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  registerTrendRoutes(app, ctx);
  registerUsageRoutes(app, ctx);
  registerNewsRoutes(app, ctx);
}
