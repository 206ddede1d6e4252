// Rate limits of the DM, list, media-lookup, spaces, trends, usage and news operations, per 15 minutes
// unless said. From X's published per-endpoint table as we know it; rows marked UNCONFIRMED there are our
// guesses where X publishes no number (see docs/SANDBOX.md).
import type { RateLimitOverride } from './rate-limit-rule.js';

const DM_SEND: RateLimitOverride = { user: 200, app: 0, user24h: 1000, app24h: 15_000 };
const DM_READ: RateLimitOverride = { user: 300, app: 0 };
const LIST_WRITE: RateLimitOverride = { user: 300, app: 0 };
const LIST_FOLLOW: RateLimitOverride = { user: 50, app: 0 };
const SPACES: RateLimitOverride = { user: 300, app: 300 };

export const MESSAGING_RATE_LIMITS: Record<string, RateLimitOverride> = {
  'POST /2/dm_conversations': DM_SEND,
  'POST /2/dm_conversations/with/:participant_id/messages': DM_SEND,
  'POST /2/dm_conversations/:dm_conversation_id/messages': DM_SEND,
  'GET /2/dm_events': DM_READ,
  'GET /2/dm_events/:event_id': DM_READ,
  'DELETE /2/dm_events/:event_id': DM_READ,
  'GET /2/dm_conversations/with/:participant_id/dm_events': DM_READ,
  'GET /2/dm_conversations/:id/dm_events': DM_READ,
  'GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id': DM_READ,
  'POST /2/users/:id/dm/block': { user: 50, app: 0 },
  'POST /2/users/:id/dm/unblock': { user: 50, app: 0 },
  'POST /2/lists': LIST_WRITE,
  'PUT /2/lists/:id': LIST_WRITE,
  'DELETE /2/lists/:id': LIST_WRITE,
  'GET /2/lists/:id': { user: 75, app: 75 },
  'GET /2/lists/:id/members': { user: 900, app: 900 },
  'POST /2/lists/:id/members': LIST_WRITE,
  'DELETE /2/lists/:id/members/:user_id': LIST_WRITE,
  'GET /2/lists/:id/followers': { user: 180, app: 180 },
  'GET /2/lists/:id/tweets': { user: 900, app: 900 },
  'GET /2/users/:id/owned_lists': { user: 15, app: 15 },
  'GET /2/users/:id/followed_lists': { user: 15, app: 15 },
  'POST /2/users/:id/followed_lists': LIST_FOLLOW,
  'DELETE /2/users/:id/followed_lists/:list_id': LIST_FOLLOW,
  'GET /2/users/:id/list_memberships': { user: 75, app: 75 },
  'GET /2/users/:id/pinned_lists': { user: 15, app: 0 },
  'POST /2/users/:id/pinned_lists': LIST_FOLLOW,
  'DELETE /2/users/:id/pinned_lists/:list_id': LIST_FOLLOW,
  'GET /2/media': { user: 300, app: 300 },
  'GET /2/media/:media_key': { user: 300, app: 300 },
  'GET /2/media/analytics': { user: 300, app: 0 },
  'GET /2/spaces': SPACES,
  'GET /2/spaces/:id': SPACES,
  'GET /2/spaces/by/creator_ids': SPACES,
  'GET /2/spaces/search': SPACES,
  'GET /2/spaces/:id/buyers': SPACES,
  'GET /2/spaces/:id/tweets': SPACES,
  'GET /2/trends/by/woeid/:woeid': { user: 75, app: 75 },
  'GET /2/users/personalized_trends': { user: 10, app: 0 },
  'GET /2/usage/tweets': { user: 0, app: 50 },
  'GET /2/news/:id': { user: 300, app: 300 },
  'GET /2/news/search': { user: 300, app: 300 },
};
