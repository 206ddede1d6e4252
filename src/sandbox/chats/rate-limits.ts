// Rate limits of the Chats operations, per 15 minutes. UNCONFIRMED: X publishes no Chats rows; the sandbox takes
// the DM figures (sending as DMs send, reading as DMs read) and v2 media's for chat media uploads.
import type { RateLimitOverride } from '../rate-limit-rule.js';

const SEND: RateLimitOverride = { user: 200, app: 0 };
const READ: RateLimitOverride = { user: 300, app: 0 };
const MEDIA: RateLimitOverride = { user: 1875, app: 0 };

export const CHAT_RATE_LIMITS: Record<string, RateLimitOverride> = {
  'GET /2/chat/conversations': READ,
  'GET /2/chat/conversations/:id': READ,
  'GET /2/chat/conversations/:id/events': READ,
  'POST /2/chat/conversations/group/initialize': SEND,
  'POST /2/chat/conversations/group': SEND,
  'POST /2/chat/conversations/:id/members': SEND,
  'POST /2/chat/conversations/:id/keys': SEND,
  'POST /2/chat/conversations/:id/messages': SEND,
  'POST /2/chat/conversations/:id/read': READ,
  'POST /2/chat/conversations/:id/typing': READ,
  'GET /2/users/public_keys': READ,
  'GET /2/users/:id/public_keys': READ,
  'POST /2/users/:id/public_keys': SEND,
  'POST /2/chat/media/upload/initialize': MEDIA,
  'POST /2/chat/media/upload/:id/append': MEDIA,
  'POST /2/chat/media/upload/:id/finalize': MEDIA,
  'GET /2/chat/media/:id/:media_hash_key': READ,
};
