// Private X Activity events (DMs, chat, mentions, mutes, blocks) need the authorisation of the user they concern:
// the app's bearer is refused with X's problem, the user's own OAuth 2.0 or OAuth 1.0a token is accepted and
// its events then reach the activity stream, and no user may subscribe to another user's private events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { documentValidator, pointer } from '../../../src/sandbox/openapi/schema-validator.js';
import { oauth2UserToken } from '../helpers/oauth2-token.js';
import { type Auth, call } from '../tweets/signed-client.js';
import { type OpenStream, openStream } from './stream-reader.js';

let sb: Sandbox;
let bearer: Auth;
const streams: OpenStream[] = [];

beforeEach(async () => {
  sb = await startSandbox();
  bearer = { bearer: sb.credentials.bearerToken };
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await sb.close();
});

const problem = pointer(['components', 'schemas', 'Problem']);
const create = (json: unknown, auth: Auth) =>
  call<Record<string, unknown>>(sb.url, 'POST', '/2/activity/subscriptions', { json, auth });
const listed = async () => {
  const answer = await call<{ data?: { event_type: string }[] }>(sb.url, 'GET', '/2/activity/subscriptions', {
    auth: bearer,
  });
  return (answer.body.data ?? []).map((entry) => entry.event_type);
};

describe('private activity events', () => {
  // XAPI.md's `unsupported-authentication` problem, which the document's Problem union does not list.
  it('refuses the app bearer with X’s unsupported-authentication problem, and keeps nothing', async () => {
    for (const event_type of [
      'dm.received',
      'dm.sent',
      'chat.received',
      'post.mention.create',
      'mute.mute',
    ]) {
      const answer = await create({ event_type, filter: { user_id: sb.user.id } }, bearer);
      expect([event_type, answer.status]).toEqual([event_type, 403]);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({
        type: 'https://api.x.com/2/problems/unsupported-authentication',
        title: 'Unsupported Authentication',
        status: 403,
        detail: expect.stringContaining('OAuth 2.0 User Context'),
      });
    }
    expect(await listed()).toEqual([]);
    // Public events stay open to the bearer.
    expect(
      (await create({ event_type: 'post.create', filter: { user_id: sb.user.id } }, bearer)).status,
    ).toBe(200);
  });

  it('accepts the user’s own OAuth 2.0 and OAuth 1.0a tokens, and streams what they subscribed to', async () => {
    const bob = sb.createUser({ screenName: 'private_bob' });
    const asBob: Auth = {
      user: { ...sb.credentials, accessToken: bob.accessToken, accessTokenSecret: bob.accessTokenSecret },
    };
    const aliceOAuth2 = await oauth2UserToken(sb, sb.user.id, ['dm.read', 'tweet.read', 'users.read']);
    const byOAuth2 = await create(
      { event_type: 'dm.received', filter: { user_id: sb.user.id }, tag: 'alice' },
      { bearer: aliceOAuth2 },
    );
    expect(byOAuth2.status).toBe(200);
    expect(byOAuth2.body).toMatchObject({
      data: { subscription: { event_type: 'dm.received', filter: { user_id: sb.user.id }, tag: 'alice' } },
    });
    const byOAuth1 = await create(
      { event_type: 'post.mention.create', filter: { user_id: bob.user.id }, tag: 'bob' },
      asBob,
    );
    expect(byOAuth1.status).toBe(200);
    expect(await listed()).toEqual(['dm.received', 'post.mention.create']);

    const activity = await openStream(sb.url, '/2/activity/stream', sb.credentials.bearerToken);
    streams.push(activity);
    await call(sb.url, 'POST', `/2/dm_conversations/with/${sb.user.id}/messages`, {
      json: { text: 'hello alice' },
      auth: asBob,
    });
    await call(sb.url, 'POST', '/2/tweets', {
      json: { text: 'hi @private_bob' },
      auth: { user: sb.credentials },
    });
    await activity.waitFor(() => activity.messages().length === 2);
    const events = activity.messages().map((message) => {
      const data = (message as { data: { event_type: string; tag: string } }).data;
      return [data.event_type, data.tag];
    });
    expect(events).toEqual([
      ['dm.received', 'alice'],
      ['post.mention.create', 'bob'],
    ]);
  });

  it('refuses a user subscribing to another user’s private events, or without the scope for them', async () => {
    const bob = sb.createUser({ screenName: 'private_other' });
    const others = await create(
      { event_type: 'dm.sent', filter: { user_id: bob.user.id } },
      { user: sb.credentials },
    );
    expect(others.status).toBe(403);
    expect(others.body).toMatchObject({
      type: 'https://api.x.com/2/problems/not-authorized-for-resource',
      resource_id: bob.user.id,
      parameter: 'filter.user_id',
    });
    expect(documentValidator().check(problem, others.body)).toEqual([]);
    const noScope = await oauth2UserToken(sb, sb.user.id, ['tweet.read', 'users.read']);
    const unscoped = await create(
      { event_type: 'dm.sent', filter: { user_id: sb.user.id } },
      { bearer: noScope },
    );
    expect([unscoped.status, unscoped.text.includes('dm.read')]).toEqual([403, true]);
    // Keyword-only or directed mute/block subscriptions name no authorising user: refused.
    const keyword = await create(
      { event_type: 'dm.received', filter: { keyword: 'hi' } },
      { user: sb.credentials },
    );
    expect([keyword.status, keyword.text.includes('filter.user_id')]).toEqual([400, true]);
    const directed = await create(
      { event_type: 'block.block', filter: { user_id: sb.user.id, direction: 'outbound' } },
      { user: sb.credentials },
    );
    expect([directed.status, directed.text.includes('filter.direction')]).toEqual([400, true]);
    expect(await listed()).toEqual([]);
  });
});
