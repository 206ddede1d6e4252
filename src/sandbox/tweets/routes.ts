// The tweets area: v1.1 statuses, timelines and follower ids; v2 tweets, user tweets and recent search.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { seedFollowGraph } from './follow-graph.js';
import { registerV1TweetRoutes } from './v1-routes.js';
import { registerV2TweetRoutes } from './v2-routes.js';

export async function registerTweetRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  seedFollowGraph(ctx);
  await registerV1TweetRoutes(app, ctx);
  await registerV2TweetRoutes(app, ctx);
}
