// The sandbox's Communities: read-only, a dozen seeded ones (X has no API to create them), enough for search
// and its pages. Fixed ids and dates, so a test can name them.

export interface SandboxCommunity {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** X's values as its web app shows them (UNCONFIRMED: the document types both as free strings). */
  readonly access: 'Public' | 'Closed';
  readonly joinPolicy: 'Open' | 'RestrictedJoinRequestsRequireAdminApproval';
  readonly memberCount: number;
  readonly createdAt: string;
}

const SEEDS: readonly [name: string, description: string, members: number][] = [
  ['X API Developers', 'Building bots, tools and research on the X API.', 48210],
  ['TypeScript', 'Types for JavaScript: questions, tips and releases.', 91544],
  ['Node.js', 'Server-side JavaScript, streams and the event loop.', 67302],
  ['Open Source Maintainers', 'Keeping projects alive: triage, releases, funding.', 12877],
  ['Rust Developers', 'Fearless concurrency, crates and the borrow checker.', 55012],
  ['Photography', 'Share your shots and how you took them.', 130455],
  ['Street Photography', 'Candid moments from streets around the world.', 22019],
  ['Cycling', 'Road, gravel and commuting by bike.', 40388],
  ['Chess', 'Openings, endgames and the games of the day.', 77651],
  ['Board Games', 'Tabletop games old and new.', 18234],
  ['Home Cooking', 'Recipes and weeknight dinners.', 60120],
  ['Sourdough Bakers', 'Starters, hydration and crumb shots.', 9342],
];

/** First seeded id; the others follow it. */
const FIRST_ID = 1_500_000_000_000_000_000n;

export const COMMUNITIES: readonly SandboxCommunity[] = SEEDS.map(([name, description, members], index) => ({
  id: String(FIRST_ID + BigInt(index)),
  name,
  description,
  // Every fourth is closed and asks admins to approve joins, so both values occur.
  access: index % 4 === 3 ? 'Closed' : 'Public',
  joinPolicy: index % 4 === 3 ? 'RestrictedJoinRequestsRequireAdminApproval' : 'Open',
  memberCount: members,
  createdAt: new Date(Date.UTC(2022, 0, 1 + index * 30)).toISOString(),
}));

export function communityById(id: string): SandboxCommunity | undefined {
  return COMMUNITIES.find((community) => community.id === id);
}

/**
 * Communities whose name or description holds every word of the query (case-insensitive), largest first.
 * UNCONFIRMED: X does not say how it matches or orders community search.
 */
export function searchCommunities(query: string): SandboxCommunity[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  return COMMUNITIES.filter((community) => {
    const text = `${community.name} ${community.description}`.toLowerCase();
    return words.every((word) => text.includes(word));
  }).sort((a, b) => b.memberCount - a.memberCount);
}

/**
 * The document's Community with the requested `community.fields`; `id`, `name` and `created_at` always
 * (UNCONFIRMED: twitter-api-v2 types those three as always present).
 */
export function renderCommunity(
  community: SandboxCommunity,
  fields: ReadonlySet<string>,
): Record<string, unknown> {
  return {
    id: community.id,
    name: community.name,
    created_at: community.createdAt,
    ...(fields.has('description') ? { description: community.description } : {}),
    ...(fields.has('access') ? { access: community.access } : {}),
    ...(fields.has('join_policy') ? { join_policy: community.joinPolicy } : {}),
    ...(fields.has('member_count') ? { member_count: community.memberCount } : {}),
  };
}
