// Who may subscribe to which X Activity event. Public events (profile, post, like, follow, news, spaces) may be
// subscribed with any credential of the app; private ones need the authorisation of the user they concern: a
// user-context token (OAuth 2.0 or OAuth 1.0a) of the very user `filter.user_id` names.
import { type AuthResult, invalidRequest, unsupportedAuthentication } from '../context.js';
import { forbidden } from '../v2-kit/problems.js';

/**
 * X's changelog calls `dm.*`, `chat.*` and `post.mention.create` private events (user authorisation); the
 * document makes `mute.*` and `block.*` actor-only (`filter.user_id` must be the authenticated user).
 * UNCONFIRMED for `post.mention.create`: the OpenAPI document itself does not mark it private.
 */
export function isPrivateEvent(eventType: string): boolean {
  return /^(dm|chat|mute|block)\./.test(eventType) || eventType === 'post.mention.create';
}

/** The OAuth 2.0 scope the document asks of a user token for each event family. */
export function scopeForEvent(eventType: string): string {
  if (/^(dm|chat)\./.test(eventType)) return 'dm.read';
  if (eventType.startsWith('like.')) return 'like.read';
  if (eventType.startsWith('mute.')) return 'mute.read';
  if (eventType.startsWith('block.')) return 'block.read';
  return 'tweet.read';
}

/**
 * Refuses a subscription to a private event unless the caller is the user it filters on: the app bearer is X's
 * `unsupported-authentication` 403, another user's id the `not-authorized-for-resource` 403 on
 * `filter.user_id`, no `user_id` at all a 400 (UNCONFIRMED: X shows none of these answers for this operation;
 * they are the document's problems for the same refusals elsewhere). Mute and block take no `direction`.
 */
export function checkSubscriber(
  auth: AuthResult,
  eventType: string,
  filter: { user_id?: string; direction?: string },
): void {
  if (!isPrivateEvent(eventType)) return;
  if (auth.user === undefined) {
    throw unsupportedAuthentication('v2', 'OAuth 1.0a User Context, OAuth 2.0 User Context');
  }
  if (filter.user_id === undefined) {
    throw invalidRequest(`A \`${eventType}\` subscription needs \`filter.user_id\`: the authorising user.`, {
      'filter.user_id': [''],
    });
  }
  if (filter.user_id !== auth.user.id) {
    throw forbidden(`You may subscribe to \`${eventType}\` events of the authenticated user only.`, {
      type: 'user',
      id: filter.user_id,
      parameter: 'filter.user_id',
    });
  }
  if (/^(mute|block)\./.test(eventType) && filter.direction !== undefined) {
    throw invalidRequest(`\`filter.direction\` is not supported for \`${eventType}\` events.`, {
      'filter.direction': [filter.direction],
    });
  }
}
