import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { send, sendSigned } from './helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ now: Date.UTC(2024, 0, 15, 10, 30, 0) });
});
afterAll(async () => {
  await sb.close();
});

const bearer = () => ({ authorization: `Bearer ${sb.credentials.bearerToken}` });

describe('account and user endpoints', () => {
  it('verify_credentials returns the caller as a v1.1 user object', async () => {
    const follower = sb.createUser({ screenName: 'a_follower' });
    const before = sb.user.followers.size;
    sb.context.store.follow(follower.user.id, sb.user.id);
    expect(sb.user.followers.size).toBe(before + 1);
    const response = await sendSigned(sb, { path: '/1.1/account/verify_credentials.json' });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({
      id: 2244994945,
      id_str: '2244994945',
      screen_name: 'XDevelopers',
      name: 'X Developers',
      followers_count: sb.user.followers.size,
      friends_count: sb.user.friends.size,
      protected: false,
      created_at: expect.stringMatching(/^Mon Jan 15 10:30:\d\d \+0000 2024$/),
    });
  });

  it('users/show by screen_name (case-insensitive) or user_id; 404 code 50; 403 code 38 without either', async () => {
    const byName = await send(sb, {
      path: '/1.1/users/show.json?screen_name=xdevelopers',
      headers: bearer(),
    });
    expect(byName.json()).toMatchObject({ id_str: '2244994945' });
    const byId = await send(sb, { path: '/1.1/users/show.json?user_id=2244994945', headers: bearer() });
    expect(byId.json()).toMatchObject({ screen_name: 'XDevelopers' });
    const missing = await send(sb, {
      path: '/1.1/users/show.json?screen_name=nobody_here',
      headers: bearer(),
    });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ errors: [{ code: 50, message: 'User not found.' }] });
    const none = await send(sb, { path: '/1.1/users/show.json', headers: bearer() });
    expect(none.status).toBe(403);
    expect(none.json()).toMatchObject({ errors: [{ code: 38 }] });
  });

  it('/2/users/me with user.fields', async () => {
    const response = await sendSigned(sb, {
      path: '/2/users/me?user.fields=created_at,public_metrics,protected',
    });
    expect(response.json()).toEqual({
      data: {
        id: '2244994945',
        name: 'X Developers',
        username: 'XDevelopers',
        created_at: expect.stringMatching(/^2024-01-15T10:30:/),
        protected: false,
        public_metrics: {
          followers_count: sb.user.followers.size,
          following_count: sb.user.friends.size,
          tweet_count: sb.user.statusesCount,
          post_count: sb.user.statusesCount,
          listed_count: 0,
        },
      },
    });
  });

  it('refuses an unknown user.fields value with invalid-request', async () => {
    const response = await sendSigned(sb, { path: '/2/users/me?user.fields=shoe_size' });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({
      type: 'https://api.x.com/2/problems/invalid-request',
      title: 'Invalid Request',
      errors: [{ parameters: { 'user.fields': ['shoe_size'] } }],
    });
  });

  it('/2/users/:id and /2/users/by/username: found, not found (200 + errors), invalid (400)', async () => {
    const found = await send(sb, { path: '/2/users/2244994945', headers: bearer() });
    expect(found.json()).toEqual({
      data: { id: '2244994945', name: 'X Developers', username: 'XDevelopers' },
    });
    const notFound = await send(sb, { path: '/2/users/by/username/ghost', headers: bearer() });
    expect(notFound.status).toBe(200);
    expect(notFound.json()).toMatchObject({
      errors: [
        {
          title: 'Not Found Error',
          resource_type: 'user',
          parameter: 'username',
          value: 'ghost',
          type: 'https://api.x.com/2/problems/resource-not-found',
        },
      ],
    });
    const badId = await send(sb, { path: '/2/users/abc', headers: bearer() });
    expect(badId.status).toBe(400);
    expect(badId.json()).toMatchObject({ type: 'https://api.x.com/2/problems/invalid-request' });
    const badName = await send(sb, {
      path: '/2/users/by/username/way_too_long_for_x_names',
      headers: bearer(),
    });
    expect(badName.status).toBe(400);
  });
});
