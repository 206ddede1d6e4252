// v2 tweets: create, look up (one or many, with fields, expansions and partial errors), delete, and
// a user's tweets with pagination tokens. Search lives with counts in social/search-routes.ts.
import type { FastifyInstance } from 'fastify';
import { invalidRequest, type RequestParams, type SandboxContext } from '../context.js';
import { idPage } from '../v2-kit/paging.js';
import { forbidden, notFound, notFoundProblem } from '../v2-kit/problems.js';
import { compareIds, isValidId } from './ids.js';
import { tweetService } from './service.js';
import { escapeText } from './text.js';
import type { StoredTweet } from './tweet-store.js';
import { parseV2Fields } from './v2-fields.js';
import { draftFromV2Body } from './v2-post.js';
import { renderV2Tweets } from './v2-render.js';
import { mayView, mayViewPost, notAuthorizedToSee } from './visibility.js';

const READ_SCOPES = ['tweet.read', 'users.read'];
const WRITE_SCOPES = ['tweet.read', 'tweet.write', 'users.read'];

function idPatternError(name: string, value: string) {
  return invalidRequest(`The \`${name}\` query parameter value [${value}] does not match ^[0-9]{1,19}$`, {
    [name]: [value],
  });
}

function rangeParam(params: RequestParams, name: string, min: number, max: number, fallback: number): number {
  const raw = params[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < min || value > max) {
    throw invalidRequest(`The \`${name}\` query parameter value [${raw}] is not between ${min} and ${max}`, {
      [name]: [raw],
    });
  }
  return value;
}

function optionalIdParam(params: RequestParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!isValidId(value)) throw idPatternError(name, value);
  return value;
}

export async function registerV2TweetRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const service = tweetService(ctx);
  const { store, world } = service;

  app.post('/2/tweets', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v2', scopes: WRITE_SCOPES });
    ctx.rateLimit(request, reply, 'POST /2/tweets', auth);
    const tweet = service.post(draftFromV2Body(ctx, service, auth.user!, request.body));
    return reply.code(201).send({
      data: {
        id: tweet.id,
        text: escapeText(tweet.text),
        edit_history_tweet_ids: [...service.store.editHistory(tweet.id)],
      },
    });
  });

  app.get<{ Params: { id: string } }>('/2/tweets/:id', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v2', scopes: READ_SCOPES });
    ctx.rateLimit(request, reply, 'GET /2/tweets/:id', auth);
    const params = ctx.params(request);
    const id = request.params.id;
    if (!isValidId(id)) throw idPatternError('id', id);
    const fields = parseV2Fields(params);
    const tweet = store.get(id);
    if (!tweet) return { errors: [notFound(id, 'id', 'tweet')] };
    if (!mayViewPost(world, auth.user?.id, tweet)) return { errors: [notAuthorizedToSee(id, 'id', 'tweet')] };
    const rendered = renderV2Tweets([tweet], fields, world, ctx.now(), auth.user?.id);
    return {
      data: rendered.data[0],
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      ...(rendered.errors.length > 0 ? { errors: rendered.errors } : {}),
    };
  });

  app.get('/2/tweets', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v2', scopes: READ_SCOPES });
    ctx.rateLimit(request, reply, 'GET /2/tweets', auth);
    const params = ctx.params(request);
    const raw = params['ids'];
    if (raw === undefined || raw === '') {
      throw invalidRequest('The `ids` query parameter can not be empty', { ids: [] });
    }
    const ids = raw.split(',');
    if (ids.length > 100) {
      throw invalidRequest(
        `The number of values in the \`ids\` query parameter list [${ids.length}] is not between 1 and 100`,
        {
          ids: [raw],
        },
      );
    }
    const bad = ids.find((id) => !isValidId(id));
    if (bad !== undefined) throw idPatternError('ids', bad);
    const fields = parseV2Fields(params);
    const found: StoredTweet[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const id of new Set(ids)) {
      const tweet = store.get(id);
      if (!tweet) errors.push(notFound(id, 'ids', 'tweet'));
      else if (!mayViewPost(world, auth.user?.id, tweet)) errors.push(notAuthorizedToSee(id, 'ids', 'tweet'));
      else found.push(tweet);
    }
    if (found.length === 0) return { errors };
    const rendered = renderV2Tweets(found, fields, world, ctx.now(), auth.user?.id);
    const allErrors = [...errors, ...rendered.errors];
    return {
      data: rendered.data,
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      ...(allErrors.length > 0 ? { errors: allErrors } : {}),
    };
  });

  app.delete<{ Params: { id: string } }>('/2/tweets/:id', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v2', scopes: WRITE_SCOPES });
    ctx.rateLimit(request, reply, 'DELETE /2/tweets/:id', auth);
    const id = request.params.id;
    if (!isValidId(id)) throw idPatternError('id', id);
    const tweet = store.get(id);
    // UNCONFIRMED: X's answer for an unknown id; the sandbox uses the resource-not-found problem.
    if (!tweet) {
      throw notFoundProblem(id, 'id', 'tweet');
    }
    if (tweet.authorId !== auth.user?.id) {
      throw forbidden('You are not allowed to delete this Tweet.', { type: 'tweet', id, parameter: 'id' });
    }
    service.remove(id);
    return { data: { deleted: true } };
  });

  app.get<{ Params: { id: string } }>('/2/users/:id/tweets', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v2', scopes: READ_SCOPES });
    ctx.rateLimit(request, reply, 'GET /2/users/:id/tweets', auth);
    const params = ctx.params(request);
    const userId = request.params.id;
    if (!isValidId(userId)) throw idPatternError('id', userId);
    const fields = parseV2Fields(params);
    rangeParam(params, 'max_results', 5, 100, 10);
    const sinceId = optionalIdParam(params, 'since_id');
    const untilId = optionalIdParam(params, 'until_id');
    const exclude = new Set((params['exclude'] ?? '').split(',').filter((value) => value !== ''));
    const user = world.user(userId);
    if (!user) return { errors: [notFound(userId, 'id', 'user')] };
    if (!mayView(world, auth.user?.id, userId)) return { errors: [notAuthorizedToSee(userId, 'id', 'user')] };
    const tweets = store.newestFirst(
      (tweet) =>
        tweet.authorId === userId &&
        mayViewPost(world, auth.user?.id, tweet) &&
        !(exclude.has('replies') && tweet.inReplyTo !== undefined) &&
        !(exclude.has('retweets') && tweet.retweetOf !== undefined) &&
        (sinceId === undefined || compareIds(tweet.id, sinceId) > 0) &&
        (untilId === undefined || compareIds(tweet.id, untilId) < 0),
    );
    const page = idPage(tweets, params, 10, { ids: true });
    if (page.items.length === 0) return { meta: page.meta };
    const rendered = renderV2Tweets(page.items, fields, world, ctx.now(), auth.user?.id);
    return {
      data: rendered.data,
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      ...(rendered.errors.length > 0 ? { errors: rendered.errors } : {}),
      meta: page.meta,
    };
  });
}
