// The sandbox's Spaces: read-only, seeded on first use with a few plausible ones (live, scheduled, ended,
// ticketed) hosted by the seeded users. Their posts are posts that link to the Space.
import type { SandboxContext, SandboxUser } from '../context.js';

export interface SandboxSpace {
  readonly id: string;
  readonly state: 'live' | 'scheduled' | 'ended';
  readonly title: string;
  readonly creatorId: string;
  readonly hostIds: readonly string[];
  readonly speakerIds: readonly string[];
  readonly invitedUserIds: readonly string[];
  readonly buyerIds: readonly string[];
  readonly topicIds: readonly string[];
  readonly isTicketed: boolean;
  readonly lang: string;
  readonly participantCount: number;
  readonly subscriberCount: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly scheduledStart?: number;
}

export interface SpaceTopic {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export const SPACE_TOPICS: readonly SpaceTopic[] = [
  { id: '848920371311001600', name: 'Technology', description: 'Technology and computing' },
  { id: '1280544921233227777', name: 'APIs', description: 'Building on web APIs' },
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function seed(ctx: SandboxContext): SandboxSpace[] {
  const users = [...ctx.store.users.values()];
  const first = users[0];
  if (!first) return [];
  const pick = (index: number): SandboxUser => users[index % users.length] ?? first;
  const ids = (from: number, count: number) =>
    Array.from({ length: count }, (_, offset) => pick(from + offset).id);
  const now = ctx.now();
  const base = {
    invitedUserIds: [],
    buyerIds: [],
    isTicketed: false,
    lang: 'en',
    subscriberCount: 0,
  };
  return [
    {
      ...base,
      id: '1YqKDqDXAbwKV',
      state: 'live',
      title: 'Building with the X API',
      creatorId: first.id,
      hostIds: [first.id],
      speakerIds: ids(1, 2),
      topicIds: SPACE_TOPICS.map((topic) => topic.id),
      participantCount: 42,
      createdAt: now - 40 * MINUTE,
      updatedAt: now - 5 * MINUTE,
      startedAt: now - 30 * MINUTE,
    },
    {
      ...base,
      id: '1OdJrBwXgqEJX',
      state: 'scheduled',
      title: 'Sandbox office hours',
      creatorId: pick(1).id,
      hostIds: [pick(1).id],
      speakerIds: [],
      invitedUserIds: [first.id],
      topicIds: [],
      participantCount: 0,
      subscriberCount: 17,
      createdAt: now - 2 * HOUR,
      updatedAt: now - 2 * HOUR,
      scheduledStart: now + 24 * HOUR,
    },
    {
      ...base,
      id: '1vAxRAVQjXwKl',
      state: 'ended',
      title: 'Media upload deep dive',
      creatorId: first.id,
      hostIds: [first.id, pick(3).id],
      speakerIds: ids(3, 1),
      topicIds: [SPACE_TOPICS[1]?.id ?? ''],
      participantCount: 0,
      createdAt: now - 30 * HOUR,
      updatedAt: now - 27 * HOUR,
      startedAt: now - 29 * HOUR,
      endedAt: now - 27 * HOUR,
    },
    {
      ...base,
      id: '1mnGeRkPzLXJX',
      state: 'live',
      title: 'Ticketed: rate limit tips',
      creatorId: pick(2).id,
      hostIds: [pick(2).id],
      speakerIds: [],
      buyerIds: ids(4, 6),
      topicIds: [],
      isTicketed: true,
      participantCount: 6,
      createdAt: now - 20 * MINUTE,
      updatedAt: now - MINUTE,
      startedAt: now - 15 * MINUTE,
    },
  ];
}

export class SpaceStore {
  readonly #spaces: Map<string, SandboxSpace>;

  constructor(ctx: SandboxContext) {
    this.#spaces = new Map(seed(ctx).map((space) => [space.id, space]));
  }

  get(id: string): SandboxSpace | undefined {
    return this.#spaces.get(id);
  }

  all(): SandboxSpace[] {
    return [...this.#spaces.values()];
  }
}

export function spaceStoreOf(ctx: SandboxContext): SpaceStore {
  return ctx.state('spaces', () => new SpaceStore(ctx));
}
