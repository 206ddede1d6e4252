// Every DM, list, media-lookup, spaces, trends, usage and news operation, with valid requests (fields,
// expansions, pagination) and invalid ones (missing required, bad enum, out of range, unknown parameter, bad
// body), each answer checked against X's document: status, content type and body schema.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { openApiDocument, routeKey } from '../../../src/sandbox/openapi/document.js';
import { documentValidator, pointer } from '../../../src/sandbox/openapi/schema-validator.js';
import { png } from '../media/fixtures.js';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: unknown;
}

let sb: Sandbox;
let user: Record<string, string>;
let app: Record<string, string>;
let otherId: string;
const checked = new Set<string>();
const violations: string[] = [];

async function hit(
  method: string,
  route: string,
  path: string,
  options: { body?: unknown; form?: FormData; as?: Record<string, string>; status?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.as ?? user) };
  let body: string | FormData | undefined = options.form;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(sb.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  const key = routeKey(method, route);
  const operation = openApiDocument().byRoute.get(key);
  const where = `${method} ${path} → ${response.status}`;
  if (!operation) throw new Error(`${key} is not an operation of the document`);
  checked.add(key);
  if (options.status !== undefined && response.status !== options.status) {
    violations.push(`${where}: expected ${options.status}: ${text.slice(0, 200)}`);
  }
  const status = operation.responses[String(response.status)] ? String(response.status) : 'default';
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0] ?? '';
  const content = operation.responses[status] ?? {};
  if (!(contentType in content)) {
    violations.push(`${where}: content type ${contentType} not in [${Object.keys(content).join(', ')}]`);
    return { status: response.status, body: text };
  }
  if (!contentType.includes('json')) return { status: response.status, body: text };
  const parsed = JSON.parse(text) as unknown;
  const at = pointer([
    'paths',
    operation.path,
    method.toLowerCase(),
    'responses',
    status,
    'content',
    contentType,
    'schema',
  ]);
  for (const issue of documentValidator().check(at, parsed)) {
    violations.push(`${where}: ${issue.path} ${issue.message}`);
  }
  return { status: response.status, body: parsed };
}

const data = (answer: Answer) => (answer.body as { data: Json }).data;

beforeAll(async () => {
  sb = await startSandbox();
  const token = 'conformance-messaging';
  sb.context.store.oauth2AccessTokens.set(token, {
    token,
    clientId: sb.credentials.clientId,
    userId: sb.user.id,
    scopes: new Set([
      'dm.read',
      'dm.write',
      'tweet.read',
      'tweet.write',
      'users.read',
      'list.read',
      'list.write',
      'space.read',
      'media.write',
    ]),
    expiresAt: sb.context.now() + 3_600_000,
  });
  user = { authorization: `Bearer ${token}` };
  app = { authorization: `Bearer ${sb.credentials.bearerToken}` };
  otherId = sb.createUser({ screenName: 'conformance_other' }).user.id;
});
afterAll(() => sb.close());

describe("messaging, lists, media lookup, spaces and insights against X's document", () => {
  beforeEach(() => {
    violations.length = 0;
  });

  it('valid requests', async () => {
    const me = sb.user.id;
    const form = new FormData();
    form.append('media_category', 'dm_image');
    form.append('media', new Blob([png(20, 20)], { type: 'image/png' }), 'a.png');
    const upload = data(await hit('POST', '/2/media/upload', '/2/media/upload', { form, status: 200 }));
    const mediaId = String(upload['id']);
    const mediaKey = String(upload['media_key']);

    const sent = data(
      await hit(
        'POST',
        '/2/dm_conversations/with/:participant_id/messages',
        `/2/dm_conversations/with/${otherId}/messages`,
        {
          body: { text: 'hi #x https://x.com/a/status/1', attachments: [{ media_id: mediaId }] },
          status: 201,
        },
      ),
    );
    const conversation = String(sent['dm_conversation_id']);
    const event = String(sent['dm_event_id']);
    const dmQuery =
      'dm_event.fields=attachments,created_at,dm_conversation_id,entities,event_type,id,text&expansions=attachments.media_keys,participant_ids,referenced_posts,sender_id&user.fields=created_at,public_metrics&media.fields=width,height,url';
    await hit(
      'POST',
      '/2/dm_conversations/:dm_conversation_id/messages',
      `/2/dm_conversations/${conversation}/messages`,
      {
        body: { text: 'again' },
        status: 201,
      },
    );
    const group = data(
      await hit('POST', '/2/dm_conversations', '/2/dm_conversations', {
        body: {
          conversation_type: 'Group',
          participant_ids: [otherId, '1000000001'],
          message: { text: 'group' },
        },
        status: 201,
      }),
    );
    const firstPage = await hit('GET', '/2/dm_events', `/2/dm_events?${dmQuery}&max_results=1`, {
      status: 200,
    });
    const next = (firstPage.body as { meta: { next_token: string } }).meta.next_token;
    await hit('GET', '/2/dm_events', `/2/dm_events?${dmQuery}&pagination_token=${next}`, { status: 200 });
    await hit('GET', '/2/dm_events/:event_id', `/2/dm_events/${event}?${dmQuery}`, { status: 200 });
    await hit('GET', '/2/dm_events/:event_id', '/2/dm_events/1', { status: 200 });
    await hit(
      'GET',
      '/2/dm_conversations/with/:participant_id/dm_events',
      `/2/dm_conversations/with/${otherId}/dm_events?${dmQuery}&max_results=5`,
      { status: 200 },
    );
    await hit(
      'GET',
      '/2/dm_conversations/:id/dm_events',
      `/2/dm_conversations/${group['dm_conversation_id']}/dm_events?${dmQuery}&event_types=ParticipantsJoin`,
      { status: 200 },
    );
    await hit(
      'GET',
      '/2/dm_conversations/media/:dm_id/:media_id/:resource_id',
      `/2/dm_conversations/media/${event}/${mediaId}/a.png`,
      { status: 200 },
    );
    await hit('DELETE', '/2/dm_events/:event_id', `/2/dm_events/${event}`, { status: 200 });
    await hit('DELETE', '/2/dm_events/:event_id', `/2/dm_events/${event}`, { status: 404 });
    await hit('POST', '/2/users/:id/dm/block', `/2/users/${otherId}/dm/block`, { status: 200 });
    await hit(
      'POST',
      '/2/dm_conversations/with/:participant_id/messages',
      `/2/dm_conversations/with/${otherId}/messages`,
      { body: { text: 'blocked' }, status: 403 },
    );
    await hit('POST', '/2/users/:id/dm/unblock', `/2/users/${otherId}/dm/unblock`, { status: 200 });
    await hit(
      'POST',
      '/2/dm_conversations/with/:participant_id/messages',
      '/2/dm_conversations/with/999999/messages',
      { body: { text: 'nobody' }, status: 400 },
    );

    const listQuery =
      'list.fields=created_at,description,follower_count,id,member_count,name,private&expansions=owner_id&user.fields=created_at';
    const list = String(
      data(
        await hit('POST', '/2/lists', '/2/lists', {
          body: { name: 'probe', description: 'd', private: false },
          status: 201,
        }),
      )['id'],
    );
    await hit('GET', '/2/lists/:id', `/2/lists/${list}?${listQuery}`, { as: app, status: 200 });
    await hit('GET', '/2/lists/:id', `/2/lists/1?${listQuery}`, { as: app, status: 200 });
    await hit('PUT', '/2/lists/:id', `/2/lists/${list}`, { body: { name: 'renamed' }, status: 200 });
    await hit('POST', '/2/lists/:id/members', `/2/lists/${list}/members`, {
      body: { user_id: otherId },
      status: 200,
    });
    await hit('POST', '/2/lists/:id/members', `/2/lists/${list}/members`, {
      body: { user_id: '1000000001' },
      status: 200,
    });
    const members = await hit(
      'GET',
      '/2/lists/:id/members',
      `/2/lists/${list}/members?user.fields=created_at&max_results=1`,
      { as: app, status: 200 },
    );
    const memberToken = (members.body as { meta: { next_token: string } }).meta.next_token;
    await hit(
      'GET',
      '/2/lists/:id/members',
      `/2/lists/${list}/members?max_results=1&pagination_token=${memberToken}`,
      { as: app, status: 200 },
    );
    await hit('POST', '/2/users/:id/followed_lists', `/2/users/${me}/followed_lists`, {
      body: { list_id: list },
      status: 200,
    });
    await hit('GET', '/2/lists/:id/followers', `/2/lists/${list}/followers?user.fields=public_metrics`, {
      as: app,
      status: 200,
    });
    await hit(
      'GET',
      '/2/lists/:id/tweets',
      `/2/lists/${list}/tweets?tweet.fields=created_at,author_id&expansions=author_id`,
      { as: app, status: 200 },
    );
    await hit('GET', '/2/users/:id/owned_lists', `/2/users/${me}/owned_lists?${listQuery}`, {
      as: app,
      status: 200,
    });
    await hit('GET', '/2/users/:id/followed_lists', `/2/users/${me}/followed_lists?${listQuery}`, {
      as: app,
      status: 200,
    });
    await hit('GET', '/2/users/:id/list_memberships', `/2/users/${otherId}/list_memberships?${listQuery}`, {
      as: app,
      status: 200,
    });
    await hit('POST', '/2/users/:id/pinned_lists', `/2/users/${me}/pinned_lists`, {
      body: { list_id: list },
      status: 200,
    });
    await hit('POST', '/2/users/:id/pinned_lists', `/2/users/${otherId}/pinned_lists`, {
      body: { list_id: list },
      status: 403,
    });
    await hit('GET', '/2/users/:id/pinned_lists', `/2/users/${me}/pinned_lists?${listQuery}`, {
      status: 200,
    });
    await hit('DELETE', '/2/users/:id/pinned_lists/:list_id', `/2/users/${me}/pinned_lists/${list}`, {
      status: 200,
    });
    await hit('DELETE', '/2/users/:id/followed_lists/:list_id', `/2/users/${me}/followed_lists/${list}`, {
      status: 200,
    });
    await hit('DELETE', '/2/lists/:id/members/:user_id', `/2/lists/${list}/members/${otherId}`, {
      status: 200,
    });
    await hit('DELETE', '/2/lists/:id', `/2/lists/${list}`, { status: 200 });
    await hit('DELETE', '/2/lists/:id', `/2/lists/${list}`, { status: 404 });

    const mediaQuery =
      'media.fields=alt_text,duration_ms,height,media_key,preview_image_url,type,url,variants,width';
    await hit('GET', '/2/media', `/2/media?media_keys=${mediaKey},3_1&${mediaQuery}`, {
      as: app,
      status: 200,
    });
    await hit('GET', '/2/media/:media_key', `/2/media/${mediaKey}?${mediaQuery}`, { as: app, status: 200 });
    await hit('GET', '/2/media/:media_key', `/2/media/3_1?${mediaQuery}`, { as: app, status: 200 });
    await hit(
      'GET',
      '/2/media/analytics',
      `/2/media/analytics?media_keys=${mediaKey}&start_time=2026-11-20T00:00:00Z&end_time=2026-11-22T00:00:00Z&granularity=daily`,
      { status: 200 },
    );

    const spaceQuery =
      'space.fields=created_at,ended_at,id,is_ticketed,lang,participant_count,scheduled_start,started_at,state,subscriber_count,title,updated_at&expansions=creator_id,host_ids,invited_user_ids,speaker_ids,topic_ids&user.fields=created_at&topic.fields=id,name,description';
    const spaces = await hit('GET', '/2/spaces/search', `/2/spaces/search?query=a&${spaceQuery}`, {
      as: app,
      status: 200,
    });
    const space = String((spaces.body as { data: Json[] }).data[0]?.['id']);
    await hit('GET', '/2/spaces', `/2/spaces?ids=${space},AAAAAAAAAAAAA&${spaceQuery}`, {
      as: app,
      status: 200,
    });
    await hit('GET', '/2/spaces/:id', `/2/spaces/${space}?${spaceQuery}`, { as: app, status: 200 });
    await hit('GET', '/2/spaces/by/creator_ids', `/2/spaces/by/creator_ids?user_ids=${me}&${spaceQuery}`, {
      as: app,
      status: 200,
    });
    await hit('GET', '/2/spaces/:id/tweets', `/2/spaces/${space}/tweets?tweet.fields=created_at`, {
      as: app,
      status: 200,
    });
    await hit('GET', '/2/spaces/:id/buyers', `/2/spaces/${space}/buyers?user.fields=created_at`, {
      status: 200,
    });

    await hit('POST', '/2/tweets', '/2/tweets', { body: { text: 'trending #conformance' }, status: 201 });
    await hit('GET', '/2/tweets', `/2/tweets?ids=${event}`, { as: app });
    await hit(
      'GET',
      '/2/trends/by/woeid/:woeid',
      '/2/trends/by/woeid/1?max_trends=5&trend.fields=trend_name,tweet_count',
      { as: app, status: 200 },
    );
    await hit(
      'GET',
      '/2/users/personalized_trends',
      '/2/users/personalized_trends?personalized_trend.fields=category,post_count,trend_name,trending_since',
      { status: 200 },
    );
    await hit('GET', '/2/usage/tweets', '/2/usage/tweets?days=3', { as: app, status: 200 });
    await hit(
      'GET',
      '/2/news/search',
      '/2/news/search?query=sandbox&news.fields=category,cluster_posts_results,disclaimer,hook,id,name,summary,updated_at',
      { as: app, status: 200 },
    );
    await hit('GET', '/2/news/:id', '/2/news/1860000000000000001?news.fields=summary', {
      as: app,
      status: 200,
    });
    expect(violations).toEqual([]);
  });

  it("invalid requests answer the document's errors", async () => {
    const bad: [string, string, string, unknown?][] = [
      ['GET', '/2/dm_events', '/2/dm_events?max_results=0'],
      ['GET', '/2/dm_events', '/2/dm_events?event_types=Nope'],
      ['GET', '/2/dm_events', '/2/dm_events?foo=bar'],
      ['GET', '/2/dm_events/:event_id', '/2/dm_events/abc'],
      [
        'POST',
        '/2/dm_conversations',
        '/2/dm_conversations',
        { conversation_type: 'Group', message: { text: 'x' } },
      ],
      [
        'POST',
        '/2/dm_conversations/with/:participant_id/messages',
        '/2/dm_conversations/with/1/messages',
        { text: '' },
      ],
      ['POST', '/2/lists', '/2/lists', { name: 'x'.repeat(26) }],
      ['POST', '/2/lists', '/2/lists', { description: 'no name' }],
      ['PUT', '/2/lists/:id', '/2/lists/1', { colour: 'red' }],
      ['GET', '/2/lists/:id', '/2/lists/1?list.fields=nope'],
      ['GET', '/2/lists/:id/members', '/2/lists/1/members?max_results=101'],
      ['GET', '/2/users/:id/owned_lists', '/2/users/2244994945/owned_lists?pagination_token=short'],
      ['POST', '/2/users/:id/followed_lists', '/2/users/1/followed_lists', { list_id: 'abc' }],
      ['GET', '/2/media', '/2/media'],
      ['GET', '/2/media/:media_key', '/2/media/abc'],
      ['GET', '/2/media/analytics', '/2/media/analytics?media_keys=3_1&start_time=2026-11-20T00:00:00Z'],
      ['GET', '/2/spaces/search', '/2/spaces/search?query=a&state=bogus'],
      ['GET', '/2/spaces/search', '/2/spaces/search'],
      ['GET', '/2/spaces/:id', '/2/spaces/not-a-space-id!'],
      ['GET', '/2/spaces', '/2/spaces?ids=a&space.fields=colour'],
      ['GET', '/2/trends/by/woeid/:woeid', '/2/trends/by/woeid/1?max_trends=51'],
      ['GET', '/2/usage/tweets', '/2/usage/tweets?days=91'],
      ['GET', '/2/news/search', '/2/news/search?query=a&max_age_hours=0'],
      ['GET', '/2/news/:id', '/2/news/abc'],
    ];
    for (const [method, route, path, body] of bad) {
      const as = route.startsWith('/2/usage') ? app : user;
      await hit(method, route, path, { ...(body !== undefined ? { body } : {}), as, status: 400 });
    }
    expect(violations).toEqual([]);
  });

  it('covers every operation of the areas', () => {
    const areas =
      /^(GET|POST|PUT|DELETE) \/2\/(dm_|lists|media(\/(analytics|:media_key))?$|spaces|trends|usage|news|users\/personalized_trends|users\/:id\/(dm|owned_lists|followed_lists|pinned_lists|list_memberships))/;
    const operations = openApiDocument()
      .operations.map((operation) => routeKey(operation.method, operation.route))
      .filter((key) => areas.test(key));
    expect(operations.filter((key) => !checked.has(key))).toEqual([]);
    // 42 operations of these areas, plus the upload and post calls that feed them.
    expect(operations).toHaveLength(42);
  });
});
