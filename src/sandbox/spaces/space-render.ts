// v2 Space objects with `space.fields`; expansions add their id fields and the users or topics they name.
import { iso, renderV2User } from '../tweets/v2-render.js';
import type { TweetWorld } from '../tweets/world.js';
import { type SandboxSpace, SPACE_TOPICS } from './space-store.js';

type Json = Record<string, unknown>;

const USER_EXPANSIONS = [
  ['creator_id', (space: SandboxSpace) => [space.creatorId]],
  ['host_ids', (space: SandboxSpace) => space.hostIds],
  ['speaker_ids', (space: SandboxSpace) => space.speakerIds],
  ['invited_user_ids', (space: SandboxSpace) => space.invitedUserIds],
] as const;

export function renderSpace(
  space: SandboxSpace,
  fields: ReadonlySet<string>,
  expansions: ReadonlySet<string>,
): Json {
  const out: Json = { id: space.id, state: space.state };
  const times: [string, number | undefined][] = [
    ['created_at', space.createdAt],
    ['updated_at', space.updatedAt],
    ['started_at', space.startedAt],
    ['ended_at', space.endedAt],
    ['scheduled_start', space.scheduledStart],
  ];
  for (const [name, at] of times) if (fields.has(name) && at !== undefined) out[name] = iso(at);
  if (fields.has('title')) out['title'] = space.title;
  if (fields.has('lang')) out['lang'] = space.lang;
  if (fields.has('is_ticketed')) out['is_ticketed'] = space.isTicketed;
  if (fields.has('participant_count')) out['participant_count'] = space.participantCount;
  if (fields.has('subscriber_count')) out['subscriber_count'] = space.subscriberCount;
  // An id field is sent when named in `space.fields` (as X's reference allows) or implied by its expansion.
  const wants = (name: string) => fields.has(name) || expansions.has(name);
  if (wants('creator_id')) out['creator_id'] = space.creatorId;
  for (const [name, ids] of USER_EXPANSIONS) {
    if (name !== 'creator_id' && wants(name) && ids(space).length > 0) out[name] = [...ids(space)];
  }
  if (wants('topic_ids') && space.topicIds.length > 0) out['topic_ids'] = [...space.topicIds];
  return out;
}

export function renderSpaces(
  spaces: readonly SandboxSpace[],
  fields: ReadonlySet<string>,
  expansions: ReadonlySet<string>,
  userFields: ReadonlySet<string>,
  world: TweetWorld,
): { data: Json[]; includes?: Json } {
  const users = new Map<string, Json>();
  const topics = new Map<string, Json>();
  for (const space of spaces) {
    for (const [name, ids] of USER_EXPANSIONS) {
      if (!expansions.has(name)) continue;
      for (const id of ids(space)) {
        const user = users.has(id) ? undefined : world.user(id);
        if (user) users.set(id, renderV2User(user, userFields, world));
      }
    }
    if (expansions.has('topic_ids')) {
      for (const topic of SPACE_TOPICS)
        if (space.topicIds.includes(topic.id)) topics.set(topic.id, { ...topic });
    }
  }
  const includes: Json = {};
  if (users.size > 0) includes['users'] = [...users.values()];
  if (topics.size > 0) includes['topics'] = [...topics.values()];
  return {
    data: spaces.map((space) => renderSpace(space, fields, expansions)),
    ...(Object.keys(includes).length > 0 ? { includes } : {}),
  };
}
