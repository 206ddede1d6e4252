// Seeds the users that exist when the sandbox starts with followers and friends, so v1.1 id cursors
// have several pages to walk (with a small `count`).

/** Users created to fill the graph: all follow each seeded user; the seeded user follows the first 12. */
export const CROWD_SIZE = 25;
export const FRIENDS_PER_USER = 12;

import type { SandboxContext } from '../context.js';

export function seedFollowGraph(ctx: SandboxContext): void {
  const seeded = [...ctx.store.users.values()];
  if (seeded.length === 0) return;
  const crowd = Array.from({ length: CROWD_SIZE }, (_, index) =>
    ctx.store.createUser({
      screenName: `sandbox_crowd_${String(index + 1).padStart(2, '0')}`,
      name: `Sandbox Crowd ${index + 1}`,
    }),
  );
  for (const user of seeded) {
    for (const member of crowd) ctx.store.follow(member.id, user.id);
    for (const member of crowd.slice(0, FRIENDS_PER_USER)) ctx.store.follow(user.id, member.id);
  }
}
