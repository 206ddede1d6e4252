import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { oauth2UserToken } from '../helpers/oauth2-token.js';
import { png } from '../media/fixtures.js';
import { type Auth, call, userAuthOf } from '../tweets/signed-client.js';

type Json = Record<string, unknown>;
interface Sent {
  data: { dm_conversation_id: string; dm_event_id: string };
}
interface Events {
  data?: (Json & { id: string; event_type: string; text?: string })[];
  includes?: { users?: Json[]; media?: Json[]; tweets?: Json[] };
  meta: { result_count: number; next_token?: string; previous_token?: string };
}
interface Problem {
  status?: number;
  title: string;
  detail: string;
  errors?: { message: string; parameters: Record<string, string[]> }[];
}

let sb: Sandbox;
let alice: Auth;
let bob: Auth;
let carol: Auth;
let bobId: string;
let carolId: string;
const aliceId = '2244994945';

const userAuth = (created: { accessToken: string; accessTokenSecret: string }) =>
  userAuthOf(sb.credentials, created);

beforeAll(async () => {
  sb = await startSandbox();
  alice = { user: sb.credentials };
  const b = sb.createUser({ screenName: 'bob_dm' });
  const c = sb.createUser({ screenName: 'carol_dm' });
  bob = userAuth(b);
  carol = userAuth(c);
  bobId = b.user.id;
  carolId = c.user.id;
});
afterAll(() => sb.close());

const send = (as: Auth, to: string, json: unknown) =>
  call<Sent & Problem>(sb.url, 'POST', `/2/dm_conversations/with/${to}/messages`, { auth: as, json });
const events = (as: Auth, path: string, query: Record<string, string> = {}) =>
  call<Events>(sb.url, 'GET', path, { auth: as, query });

async function upload(category: string): Promise<string> {
  const response = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/media/upload', {
    auth: alice,
    multipart: {
      media_category: category,
      media: { bytes: png(64, 48), filename: 'p.png', type: 'image/png' },
    },
  });
  expect(response.status).toBe(200);
  return response.body.data.id;
}

describe('one-to-one DMs', () => {
  it('lands in dm_events and in both users conversation, with X id', async () => {
    const sent = await send(alice, bobId, { text: 'hello bob #sandbox' });
    expect(sent.status).toBe(201);
    const smaller = BigInt(aliceId) < BigInt(bobId) ? aliceId : bobId;
    const larger = smaller === aliceId ? bobId : aliceId;
    expect(sent.body.data.dm_conversation_id).toBe(`${smaller}-${larger}`);

    const mine = await events(alice, '/2/dm_events', { 'dm_event.fields': 'dm_conversation_id,created_at' });
    expect(mine.body.data?.[0]).toMatchObject({
      id: sent.body.data.dm_event_id,
      event_type: 'MessageCreate',
      text: 'hello bob #sandbox',
      dm_conversation_id: `${smaller}-${larger}`,
    });
    const theirs = await events(bob, `/2/dm_conversations/with/${aliceId}/dm_events`, {
      expansions: 'sender_id',
      'dm_event.fields': 'entities',
    });
    expect(theirs.body.data?.[0]).toMatchObject({
      sender_id: aliceId,
      entities: { hashtags: [{ tag: 'sandbox' }] },
    });
    expect(theirs.body.includes?.users).toEqual([
      expect.objectContaining({ id: aliceId, username: 'XDevelopers' }),
    ]);
    const byId = await events(bob, `/2/dm_conversations/${sent.body.data.dm_conversation_id}/dm_events`);
    expect(byId.body.data?.map((event) => event.id)).toContain(sent.body.data.dm_event_id);
    // A third user sees nothing of it.
    const outsider = await events(
      carol,
      `/2/dm_conversations/${sent.body.data.dm_conversation_id}/dm_events`,
    );
    expect(outsider.body).toEqual({ meta: { result_count: 0 } });
  });

  it('replies by conversation id and pages newest first', async () => {
    const first = await send(bob, aliceId, { text: 'one' });
    const conversation = first.body.data.dm_conversation_id;
    for (const text of ['two', 'three']) {
      const reply = await call<Sent>(sb.url, 'POST', `/2/dm_conversations/${conversation}/messages`, {
        auth: alice,
        json: { text },
      });
      expect(reply.status).toBe(201);
    }
    const page1 = await events(bob, `/2/dm_conversations/${conversation}/dm_events`, { max_results: '2' });
    expect(page1.body.data?.map((event) => event.text)).toEqual(['three', 'two']);
    const token = page1.body.meta.next_token ?? '';
    expect(token.length).toBeGreaterThanOrEqual(16);
    const page2 = await events(bob, `/2/dm_conversations/${conversation}/dm_events`, {
      max_results: '2',
      pagination_token: token,
    });
    expect(page2.body.data?.map((event) => event.text)).toEqual(['one', 'hello bob #sandbox']);
  });

  it('attaches a dm_image upload and serves it to the recipient', async () => {
    const mediaId = await upload('dm_image');
    const sent = await send(alice, bobId, { text: 'a picture', attachments: [{ media_id: mediaId }] });
    expect(sent.status).toBe(201);
    const got = await events(bob, `/2/dm_events/${sent.body.data.dm_event_id}`, {
      expansions: 'attachments.media_keys',
      'media.fields': 'width,height,type',
    });
    const event = (got.body as unknown as { data: Json }).data;
    expect(event['attachments']).toEqual({ media_keys: [`3_${mediaId}`] });
    expect(got.body.includes?.media).toEqual([
      { media_key: `3_${mediaId}`, type: 'photo', width: 64, height: 48 },
    ]);
    // The document lists only OAuth 2.0 user context for the download.
    const bobOAuth2 = { bearer: await oauth2UserToken(sb, bobId, ['dm.read', 'tweet.read', 'users.read']) };
    const download = await call(
      sb.url,
      'GET',
      `/2/dm_conversations/media/${sent.body.data.dm_event_id}/${mediaId}/picture.png`,
      { auth: bobOAuth2 },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.text.length).toBeGreaterThan(0);
  });

  it('refuses tweet media, unknown media and two attachments', async () => {
    const tweetImage = await upload('tweet_image');
    const wrong = await send(alice, bobId, { attachments: [{ media_id: tweetImage }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors?.[0]?.parameters).toEqual({ 'attachments.media_id': [tweetImage] });
    const unknown = await send(alice, bobId, { text: 'x', attachments: [{ media_id: '123' }] });
    expect(unknown.status).toBe(400);
    const a = await upload('dm_image');
    const b = await upload('dm_image');
    const two = await send(alice, bobId, { attachments: [{ media_id: a }, { media_id: b }] });
    expect(two.status).toBe(400);
  });

  it('answers X errors for an unknown recipient and a blocked one', async () => {
    const unknown = await send(alice, '999999999', { text: 'anyone?' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.parameters).toEqual({ participant_id: ['999999999'] });

    const blocked = await call<{ data: { blocked: boolean } }>(
      sb.url,
      'POST',
      `/2/users/${aliceId}/dm/block`,
      {
        auth: carol,
      },
    );
    expect(blocked.body).toEqual({ data: { blocked: true } });
    const refused = await send(alice, carolId, { text: 'hi carol' });
    expect(refused.status).toBe(403);
    expect(refused.body.title).toBe('Authorization Error');
    const back = await send(carol, aliceId, { text: 'hi alice' });
    expect(back.status).toBe(403);
    await call(sb.url, 'POST', `/2/users/${aliceId}/dm/unblock`, { auth: carol });
    expect((await send(alice, carolId, { text: 'hi carol' })).status).toBe(201);

    // An account block (v1.1 blocks/create) stops DMs too.
    await call(sb.url, 'POST', '/1.1/blocks/create.json', { auth: carol, form: { user_id: aliceId } });
    expect((await send(alice, carolId, { text: 'still there?' })).status).toBe(403);
    await call(sb.url, 'POST', '/1.1/blocks/destroy.json', { auth: carol, form: { user_id: aliceId } });
    expect((await send(alice, carolId, { text: 'still there?' })).status).toBe(201);
  });

  it('deletes an event for the caller only', async () => {
    const sent = await send(alice, bobId, { text: 'delete me' });
    const id = sent.body.data.dm_event_id;
    const deleted = await call(sb.url, 'DELETE', `/2/dm_events/${id}`, { auth: alice });
    expect(deleted.body).toEqual({ data: { deleted: true } });
    const gone = await call<{ errors: Json[] }>(sb.url, 'GET', `/2/dm_events/${id}`, { auth: alice });
    expect(gone.body.errors[0]).toMatchObject({ resource_type: 'dm_event', resource_id: id });
    const stillThere = await events(bob, `/2/dm_events/${id}`);
    expect((stillThere.body as unknown as { data: Json }).data).toMatchObject({ id, text: 'delete me' });
    expect((await call(sb.url, 'DELETE', `/2/dm_events/${id}`, { auth: alice })).status).toBe(404);
  });

  it('needs user context', async () => {
    const app = await call<Problem>(sb.url, 'GET', '/2/dm_events', {
      auth: { bearer: sb.credentials.bearerToken },
    });
    expect(app.status).toBe(403);
  });
});

describe('group DMs', () => {
  it('creates a group that every member reads, with a join event', async () => {
    const created = await call<Sent>(sb.url, 'POST', '/2/dm_conversations', {
      auth: alice,
      json: { conversation_type: 'Group', participant_ids: [bobId, carolId], message: { text: 'welcome' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.dm_conversation_id;
    expect(id).toMatch(/^[0-9]+$/);
    const seen = await events(carol, `/2/dm_conversations/${id}/dm_events`, {
      expansions: 'participant_ids',
      event_types: 'ParticipantsJoin',
    });
    expect(seen.body.data).toEqual([
      { id: expect.any(String), event_type: 'ParticipantsJoin', participant_ids: [bobId, carolId] },
    ]);
    const reply = await call<Sent>(sb.url, 'POST', `/2/dm_conversations/${id}/messages`, {
      auth: bob,
      json: { text: 'thanks' },
    });
    expect(reply.status).toBe(201);
    const all = await events(alice, `/2/dm_conversations/${id}/dm_events`);
    expect(all.body.data?.map((event) => event.text ?? event.event_type)).toEqual([
      'thanks',
      'welcome',
      'ParticipantsJoin',
    ]);
    const outsider = sb.createUser({ screenName: 'dave_dm' });
    const refused = await call(sb.url, 'POST', `/2/dm_conversations/${id}/messages`, {
      auth: userAuth(outsider),
      json: { text: 'let me in' },
    });
    expect(refused.status).toBe(403);
  });

  it('tells the web view about every message', async () => {
    const seen: unknown[] = [];
    const listener = (change: unknown) => seen.push(change);
    sb.context.events.on('dm', listener);
    const sent = await send(bob, carolId, { text: 'ping' });
    sb.context.events.off('dm', listener);
    expect(seen).toContainEqual(
      expect.objectContaining({ kind: 'message', eventId: sent.body.data.dm_event_id }),
    );
  });
});
