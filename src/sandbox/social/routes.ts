// The social area: likes, reposts and quotes, follows (and v1.1 friendships), mutes and blocks, bookmarks, mentions and the home
// timeline, user lookups and search, post search and counts, hidden replies and analytics.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { registerBookmarkRoutes } from './bookmarks-routes.js';
import { registerFollowRoutes } from './follows-routes.js';
import { registerFriendshipRoutes } from './friendships-v1.js';
import { registerLikeRoutes } from './likes-routes.js';
import { registerPostRoutes } from './posts-routes.js';
import { registerRepostRoutes } from './reposts-routes.js';
import { registerSearchRoutes } from './search-routes.js';
import { registerTimelineRoutes } from './timelines-routes.js';
import { registerUserLookupRoutes } from './users-routes.js';
import { registerV1ReadRoutes } from './v1-reads.js';

export async function registerSocialRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  registerLikeRoutes(app, ctx);
  registerRepostRoutes(app, ctx);
  registerFollowRoutes(app, ctx);
  registerFriendshipRoutes(app, ctx);
  registerBookmarkRoutes(app, ctx);
  registerTimelineRoutes(app, ctx);
  registerV1ReadRoutes(app, ctx);
  registerUserLookupRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  registerPostRoutes(app, ctx);
}
