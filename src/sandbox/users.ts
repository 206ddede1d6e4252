// Users as X renders them (v1.1 user objects, v2 user objects) and the account/user lookup endpoints.

import type { FastifyInstance } from 'fastify';
import { invalidRequest, v1Error } from './errors.js';
import type { SandboxInternals } from './internals.js';
import type { SandboxUser } from './store.js';
import { parseUserFieldList } from './tweets/v2-fields.js';
import { notFound } from './v2-kit/problems.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** v1.1's date format: `Wed Oct 10 20:19:24 +0000 2018`. */
export function v1Date(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

export const PROFILE_IMAGE = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';

/** A v1.1 user object. `statuses_count` comes from `statusesCount` (the tweets area keeps it current). */
export function v1User(user: SandboxUser): Record<string, unknown> {
  return {
    id: Number(user.id),
    id_str: user.id,
    name: user.name,
    screen_name: user.screen_name,
    location: user.location,
    description: user.description,
    url: null,
    entities: { description: { urls: [] } },
    protected: user.protected,
    followers_count: user.followers.size,
    friends_count: user.friends.size,
    listed_count: 0,
    created_at: v1Date(user.createdAt),
    favourites_count: 0,
    utc_offset: null,
    time_zone: null,
    geo_enabled: false,
    verified: user.verified,
    statuses_count: user.statusesCount,
    lang: null,
    profile_image_url: PROFILE_IMAGE.replace('https:', 'http:'),
    profile_image_url_https: PROFILE_IMAGE,
    default_profile: true,
    default_profile_image: true,
  };
}

/** Parses `user.fields` against the document's list; throws X's invalid-request problem for an unknown field. */
export function parseUserFields(value: string | undefined): Set<string> {
  return parseUserFieldList(value === undefined ? {} : { 'user.fields': value });
}

/** A v2 user object with the default fields plus those asked for in `fields`. */
export function v2User(user: SandboxUser, fields: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const out: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
  if (fields.has('created_at')) out['created_at'] = new Date(user.createdAt).toISOString();
  if (fields.has('description')) out['description'] = user.description;
  if (fields.has('location') && user.location) out['location'] = user.location;
  if (fields.has('protected')) out['protected'] = user.protected;
  if (fields.has('verified')) out['verified'] = user.verified;
  if (fields.has('verified_type')) out['verified_type'] = user.verified ? 'blue' : 'none';
  if (fields.has('profile_image_url')) out['profile_image_url'] = PROFILE_IMAGE;
  if (fields.has('url')) out['url'] = '';
  if (fields.has('public_metrics')) {
    out['public_metrics'] = {
      followers_count: user.followers.size,
      following_count: user.friends.size,
      tweet_count: user.statusesCount,
      // The document's name for tweet_count (required there); both are sent.
      post_count: user.statusesCount,
      listed_count: 0,
    };
  }
  return out;
}

function userNotFound(parameter: string, value: string): Record<string, unknown> {
  return {
    errors: [notFound(value, parameter, 'user')],
  };
}

export async function registerUserRoutes(app: FastifyInstance, ctx: SandboxInternals): Promise<void> {
  app.get('/1.1/account/verify_credentials.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/account/verify_credentials.json', auth);
    return reply.send(v1User(auth.user!));
  });

  app.get('/1.1/users/show.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/users/show.json', auth);
    const params = ctx.params(request);
    const userId = params['user_id'];
    const screenName = params['screen_name'];
    if (!userId && !screenName) throw v1Error(38, 'screen_name parameter is missing.');
    const user = userId
      ? ctx.store.users.get(userId)
      : ctx.store.userByUsername(screenName!.replace(/^@/, ''));
    if (!user) throw v1Error(50);
    return reply.send(v1User(user));
  });

  app.get('/2/users/me', async (request, reply) => {
    const auth = await ctx.authenticate(request, {
      need: 'user',
      api: 'v2',
      scopes: ['users.read', 'tweet.read'],
    });
    ctx.rateLimit(request, reply, 'GET /2/users/me', auth);
    const fields = parseUserFields(ctx.params(request)['user.fields']);
    return reply.send({ data: v2User(auth.user!, fields) });
  });

  /** A single-user lookup: the key checked against X's pattern, then the user or X's not-found partial error. */
  const lookupRoute = (
    path: string,
    key: 'username' | 'id',
    pattern: RegExp,
    find: (value: string) => SandboxUser | undefined,
  ) =>
    app.get<{ Params: Record<string, string> }>(path, async (request, reply) => {
      const auth = await ctx.authenticate(request, {
        need: 'any',
        api: 'v2',
        scopes: ['users.read', 'tweet.read'],
      });
      ctx.rateLimit(request, reply, `GET ${path}`, auth);
      const value = request.params[key] ?? '';
      if (!pattern.test(value)) {
        throw invalidRequest(
          `The \`${key}\` query parameter value [${value}] does not match ${pattern.source}`,
          {
            [key]: [value],
          },
        );
      }
      const fields = parseUserFields(ctx.params(request)['user.fields']);
      const user = find(value);
      return reply.send(user ? { data: v2User(user, fields) } : userNotFound(key, value));
    });

  lookupRoute('/2/users/by/username/:username', 'username', /^[A-Za-z0-9_]{1,15}$/, (username) =>
    ctx.store.userByUsername(username),
  );
  lookupRoute('/2/users/:id', 'id', /^[0-9]{1,19}$/, (id) => ctx.store.users.get(id));
}
