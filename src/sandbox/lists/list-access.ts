// Shared by the list routes: finding a list for a reader or its owner, and rendering pages of users.
import type { AuthResult, RequestParams, SandboxContext } from '../context.js';
import { renderV2User } from '../tweets/v2-render.js';
import type { TweetWorld } from '../tweets/world.js';
import { listParam } from '../v2-kit/fields.js';
import { callerOf } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { forbidden, invalidValue, listBody, notFoundProblem } from '../v2-kit/problems.js';
import type { ListStore, SandboxList } from './list-store.js';

export const LIST_READ = { need: 'any', scopes: ['list.read', 'tweet.read', 'users.read'] } as const;
export const LIST_WRITE = { need: 'user', scopes: ['list.write', 'tweet.read', 'users.read'] } as const;

/** A list the caller may read; a private list of someone else is "not found", as X hides it. */
export function readableList(lists: ListStore, auth: AuthResult, id: string): SandboxList {
  const list = lists.visible(id, auth.user?.id);
  if (!list) throw notFoundProblem(id, 'id', 'list');
  return list;
}

/** A list the caller owns. UNCONFIRMED: X's 403 wording for someone else's list. */
export function ownedList(lists: ListStore, auth: AuthResult, id: string): SandboxList {
  const caller = callerOf(auth);
  const list = lists.visible(id, caller.id);
  if (!list) throw notFoundProblem(id, 'id', 'list');
  if (list.ownerId !== caller.id) {
    throw forbidden('You are not allowed to modify a List you do not own.', {
      type: 'list',
      id,
      parameter: 'id',
    });
  }
  return list;
}

/** A user id that must exist (list members, users whose lists are read). */
export function requireUser(ctx: SandboxContext, parameter: string, id: string): void {
  if (!ctx.store.users.has(id)) throw notFoundProblem(id, parameter, 'user');
}

/** The `list_id` of a JSON body (the document layer has checked its pattern). */
export function listIdOf(body: unknown): string {
  const id = (body as { list_id?: unknown } | null)?.list_id;
  if (typeof id !== 'string') throw invalidValue('list_id', '', 'The `list_id` field is required.');
  return id;
}

/** A page of users (members, followers) with `user.fields`. */
export function userPage(params: RequestParams, ids: Iterable<string>, world: TweetWorld) {
  const users = [...ids].flatMap((id) => {
    const user = world.user(id);
    return user ? [user] : [];
  });
  const page = offsetPage(users, params, 100);
  const fields = listParam(params, 'user.fields');
  return listBody(
    page.items.map((user) => renderV2User(user, fields, world)),
    { meta: page.meta },
  );
}
