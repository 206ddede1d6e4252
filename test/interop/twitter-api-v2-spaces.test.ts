// twitter-api-v2's Spaces lookups against the sandbox's seeded Spaces, through the document-checking proxy. The
// id fields (`creator_id`, `host_ids`, `speaker_ids`, `invited_user_ids`, `topic_ids`) are asked for in
// `space.fields`, as X's API reference and the library allow, as well as through expansions.
import http from 'node:http';
import type { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { sandboxClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let app: TwitterApi;

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  agent = new http.Agent({ keepAlive: true });
  app = sandboxClient(sb, agent, sb.credentials.bearerToken, proxy.url);
});
afterAll(async () => {
  agent?.destroy();
  await proxy?.close();
  await sb?.close();
});

describe('twitter-api-v2 Spaces lookups against the sandbox', () => {
  it('reads the id fields of a Space from space.fields, and the users they name from expansions', async () => {
    const { data: live } = await app.v2.space('1YqKDqDXAbwKV', {
      'space.fields': ['title', 'creator_id', 'host_ids', 'speaker_ids', 'topic_ids', 'participant_count'],
    });
    expect(live).toMatchObject({
      id: '1YqKDqDXAbwKV',
      state: 'live',
      title: 'Building with the X API',
      creator_id: sb.user.id,
      host_ids: [sb.user.id],
      participant_count: 42,
    });
    expect(live.speaker_ids).toHaveLength(2);
    expect(live.topic_ids?.length).toBeGreaterThan(0);

    const scheduled = await app.v2.spacesByCreators([live.creator_id ?? ''], {
      'space.fields': ['invited_user_ids'],
    });
    expect(scheduled.data.map((space) => space.id)).toContain('1YqKDqDXAbwKV');

    const found = await app.v2.searchSpaces({
      query: 'office hours',
      state: 'scheduled',
      'space.fields': ['invited_user_ids', 'creator_id'],
      expansions: ['invited_user_ids'],
      'user.fields': ['username'],
    });
    expect(found.data?.[0]?.invited_user_ids).toEqual([sb.user.id]);
    expect(found.includes?.users?.map((user) => user.username)).toEqual(['XDevelopers']);
    expect(proxy.violations()).toEqual([]);
  });
});
