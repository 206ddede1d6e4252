// X Activity subscriptions as a bot manages them: create, list page by page, retag, delete one and many; who
// may do which (the document lets any credential create and list, only the app bearer change or delete).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

let sb: Sandbox;
let bearer: Auth;

beforeEach(async () => {
  sb = await startSandbox();
  bearer = { bearer: sb.credentials.bearerToken };
});
afterEach(() => sb.close());

interface Subscription {
  subscription_id: string;
  event_type: string;
  filter: Record<string, string>;
  tag?: string;
  created_at: string;
  updated_at: string;
}

const create = (json: unknown, auth: Auth = bearer) =>
  call<{ data: { subscription: Subscription } }>(sb.url, 'POST', '/2/activity/subscriptions', { json, auth });

describe('activity subscriptions', () => {
  it('creates, lists page by page, retags and deletes them', async () => {
    const made: Subscription[] = [];
    for (const [index, type] of ['post.create', 'like.create', 'follow.follow'].entries()) {
      const answer = await create({ event_type: type, filter: { user_id: sb.user.id }, tag: `t${index}` });
      expect(answer.status).toBe(200);
      made.push(answer.body.data.subscription);
    }
    // A user's token may create one too, for the app it belongs to.
    const byUser = await create(
      { event_type: 'post.delete', filter: { user_id: sb.user.id } },
      { user: sb.credentials },
    );
    expect(byUser.body.data.subscription).toMatchObject({
      event_type: 'post.delete',
      filter: { user_id: sb.user.id },
    });

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await call<{ data: Subscription[]; meta: { next_token?: string } }>(
        sb.url,
        'GET',
        '/2/activity/subscriptions',
        { query: { max_results: '3', ...(token ? { pagination_token: token } : {}) }, auth: bearer },
      );
      seen.push(...page.body.data.map((entry) => entry.event_type));
      token = page.body.meta.next_token;
    } while (token !== undefined);
    expect(seen).toEqual(['post.create', 'like.create', 'follow.follow', 'post.delete']);

    const retagged = await call<{ data: { subscription: Subscription; total_subscriptions: number } }>(
      sb.url,
      'PUT',
      `/2/activity/subscriptions/${made[0]?.subscription_id}`,
      { json: { tag: 'renamed' }, auth: bearer },
    );
    expect(retagged.body.data).toMatchObject({ subscription: { tag: 'renamed' }, total_subscriptions: 4 });

    const one = await call(sb.url, 'DELETE', `/2/activity/subscriptions/${made[1]?.subscription_id}`, {
      auth: bearer,
    });
    expect(one.body).toEqual({ data: { deleted: true } });
    const again = await call(sb.url, 'DELETE', `/2/activity/subscriptions/${made[1]?.subscription_id}`, {
      auth: bearer,
    });
    expect(again.status).toBe(404);
    const many = await call(sb.url, 'DELETE', '/2/activity/subscriptions', {
      query: { ids: `${made[2]?.subscription_id},${made[1]?.subscription_id}` },
      auth: bearer,
    });
    expect(many.body).toEqual({
      data: [{ subscription_id: made[2]?.subscription_id, deleted: true }],
      errors: [
        { subscription_id: made[1]?.subscription_id, reason: 'not_found', message: expect.any(String) },
      ],
      meta: { total_subscriptions: 2 },
    });
  });

  it('refuses filters naming nobody or an unknown user, and changes by a user token', async () => {
    expect((await create({ event_type: 'post.create', filter: {} })).status).toBe(400);
    const unknown = await create({ event_type: 'post.create', filter: { user_id: '1' } });
    expect([unknown.status, unknown.text.includes('filter.user_id')]).toEqual([400, true]);
    const made = await create({ event_type: 'post.create', filter: { user_id: sb.user.id } });
    const asUser = await call(
      sb.url,
      'DELETE',
      `/2/activity/subscriptions/${made.body.data.subscription.subscription_id}`,
      {
        auth: { user: sb.credentials },
      },
    );
    expect(asUser.status).toBe(403);
    // Another app neither sees nor deletes it.
    const other = sb.createApp();
    const theirs = await call(
      sb.url,
      'DELETE',
      `/2/activity/subscriptions/${made.body.data.subscription.subscription_id}`,
      {
        auth: { bearer: other.bearerToken },
      },
    );
    expect(theirs.status).toBe(404);
  });
});
