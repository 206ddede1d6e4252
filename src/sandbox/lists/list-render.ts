// v2 List objects with the requested `list.fields`; `expansions=owner_id` adds `owner_id` and the owner.
import type { SandboxUser } from '../context.js';
import { iso, renderV2User } from '../tweets/v2-render.js';
import type { TweetWorld } from '../tweets/world.js';
import type { SandboxList } from './list-store.js';

type Json = Record<string, unknown>;

export function renderList(
  list: SandboxList,
  fields: ReadonlySet<string>,
  expansions: ReadonlySet<string>,
): Json {
  const out: Json = { id: list.id, name: list.name };
  if (fields.has('created_at')) out['created_at'] = iso(list.createdAt);
  if (fields.has('description')) out['description'] = list.description;
  if (fields.has('follower_count')) out['follower_count'] = list.followers.size;
  if (fields.has('member_count')) out['member_count'] = list.members.size;
  if (fields.has('private')) out['private'] = list.private;
  if (expansions.has('owner_id') || fields.has('owner_id')) out['owner_id'] = list.ownerId;
  return out;
}

export function renderLists(
  lists: readonly SandboxList[],
  fields: ReadonlySet<string>,
  expansions: ReadonlySet<string>,
  userFields: ReadonlySet<string>,
  world: TweetWorld,
): { data: Json[]; includes?: Json } {
  const owners = new Map<string, Json>();
  if (expansions.has('owner_id')) {
    for (const list of lists) {
      const owner: SandboxUser | undefined = owners.has(list.ownerId) ? undefined : world.user(list.ownerId);
      if (owner) owners.set(owner.id, renderV2User(owner, userFields, world));
    }
  }
  return {
    data: lists.map((list) => renderList(list, fields, expansions)),
    ...(owners.size > 0 ? { includes: { users: [...owners.values()] } } : {}),
  };
}
