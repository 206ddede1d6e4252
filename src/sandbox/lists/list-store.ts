// The sandbox's lists: owned by a user, with members and followers (both kept on the list, so each side
// reads the same set), and each user's pinned lists.
import type { SandboxContext } from '../context.js';

export interface SandboxList {
  readonly id: string;
  readonly ownerId: string;
  readonly createdAt: number;
  name: string;
  description: string;
  private: boolean;
  /** Insertion order is the order X lists them in. */
  readonly members: Set<string>;
  readonly followers: Set<string>;
}

export interface ListInput {
  name?: string;
  description?: string;
  private?: boolean;
}

/** X's documented caps. UNCONFIRMED: the pinned-list cap of 5 is from X's help pages, not the API docs. */
export const LIST_LIMITS = { owned: 1000, members: 5000, pinned: 5 } as const;

export class ListStore {
  readonly #lists = new Map<string, SandboxList>();
  readonly #pinned = new Map<string, Set<string>>();

  constructor(private readonly ctx: SandboxContext) {}

  create(ownerId: string, input: ListInput): SandboxList {
    const list: SandboxList = {
      id: this.ctx.nextId(),
      ownerId,
      createdAt: this.ctx.now(),
      name: input.name ?? '',
      description: input.description ?? '',
      private: input.private ?? false,
      members: new Set(),
      followers: new Set(),
    };
    this.#lists.set(list.id, list);
    this.#changed(list.id);
    return list;
  }

  get(id: string): SandboxList | undefined {
    return this.#lists.get(id);
  }

  /** A public list, or a private one seen by its owner. */
  visible(id: string, viewerId: string | undefined): SandboxList | undefined {
    const list = this.#lists.get(id);
    return list && (!list.private || list.ownerId === viewerId) ? list : undefined;
  }

  update(list: SandboxList, input: ListInput): void {
    if (input.name !== undefined) list.name = input.name;
    if (input.description !== undefined) list.description = input.description;
    if (input.private !== undefined) list.private = input.private;
    this.#changed(list.id);
  }

  delete(list: SandboxList): void {
    this.#lists.delete(list.id);
    for (const pinned of this.#pinned.values()) pinned.delete(list.id);
    this.#changed(list.id);
  }

  setMember(list: SandboxList, userId: string, member: boolean): void {
    if (member) list.members.add(userId);
    else list.members.delete(userId);
    this.#changed(list.id);
  }

  setFollower(list: SandboxList, userId: string, following: boolean): void {
    if (following) list.followers.add(userId);
    else list.followers.delete(userId);
    this.#changed(list.id);
  }

  setPinned(userId: string, listId: string, pinned: boolean): void {
    const set = this.#pinned.get(userId) ?? new Set<string>();
    this.#pinned.set(userId, set);
    if (pinned) set.add(listId);
    else set.delete(listId);
    this.#changed(listId);
  }

  /** Newest first, as X lists a user's lists. */
  #where(test: (list: SandboxList) => boolean): SandboxList[] {
    return [...this.#lists.values()].filter(test).reverse();
  }

  ownedBy(userId: string, viewerId: string | undefined): SandboxList[] {
    return this.#where((list) => list.ownerId === userId && (!list.private || viewerId === userId));
  }

  followedBy(userId: string, viewerId: string | undefined): SandboxList[] {
    return this.#where((list) => list.followers.has(userId) && (!list.private || list.ownerId === viewerId));
  }

  membershipsOf(userId: string, viewerId: string | undefined): SandboxList[] {
    return this.#where((list) => list.members.has(userId) && (!list.private || list.ownerId === viewerId));
  }

  pinnedBy(userId: string): SandboxList[] {
    return [...(this.#pinned.get(userId) ?? [])].flatMap((id) => {
      const list = this.#lists.get(id);
      return list ? [list] : [];
    });
  }

  #changed(listId: string): void {
    this.ctx.events.emit('list', { listId });
  }
}

export function listStoreOf(ctx: SandboxContext): ListStore {
  return ctx.state('lists', () => new ListStore(ctx));
}
