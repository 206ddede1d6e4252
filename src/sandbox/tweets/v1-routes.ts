// v1.1 statuses (update, show, destroy, user and home timelines) and followers/friends ids.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  type AuthResult,
  type RequestParams,
  type SandboxContext,
  type SandboxUser,
  v1Error,
} from '../context.js';
import { socialGraph } from '../social/graph.js';
import { exactInteger, stringifyExact } from './exact-json.js';
import { isValidId } from './ids.js';
import { checkAttachments } from './media-attachments.js';
import { cursorPage, timelineWindow } from './pagination.js';
import { mayReply } from './reply-settings.js';
import { tweetService } from './service.js';
import { MAX_TWEET_LENGTH, weightedLength } from './text.js';
import type { StoredTweet } from './tweet-store.js';
import { renderV1Tweet } from './v1-render.js';
import { mayView, mayViewPost } from './visibility.js';
import type { TweetWorld } from './world.js';

/** Sends v1.1 JSON with ids above 2^53 written as exact integers. */
export function sendExact(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(stringifyExact(body));
}

/** A v1.1 status as `tweet_mode` and `trim_user` ask. */
export function renderV1Status(
  tweet: StoredTweet,
  world: TweetWorld,
  params: RequestParams,
  viewerId: string | undefined,
): Record<string, unknown> {
  const rendered = renderV1Tweet(tweet, world, viewerId, { extended: params['tweet_mode'] === 'extended' });
  if (params['trim_user'] === 'true' || params['trim_user'] === '1') {
    rendered['user'] = { id: exactInteger(tweet.authorId), id_str: tweet.authorId };
  }
  return rendered;
}

/** A positive integer parameter, clamped to `max`; X ignores values it cannot read. */
export function countParam(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || !/^[0-9]+$/.test(value)) return fallback;
  return Math.min(max, Math.max(1, Number(value)));
}

function idParam(value: string | undefined): string | undefined {
  return value !== undefined && isValidId(value) ? value : undefined;
}

/** The user named by `user_id` or `screen_name`, else the caller; code 50 if unknown, 38 if nobody is named. */
function targetUser(ctx: SandboxContext, params: RequestParams, auth: AuthResult): SandboxUser {
  const byId = params['user_id'];
  const byName = params['screen_name'];
  if (byId !== undefined) {
    const user = ctx.store.users.get(byId);
    if (!user) throw v1Error(50);
    return user;
  }
  if (byName !== undefined) {
    const user = ctx.store.userByUsername(byName.replace(/^@/, ''));
    if (!user) throw v1Error(50);
    return user;
  }
  if (auth.user) return auth.user;
  throw v1Error(38, 'user_id or screen_name parameter is missing.');
}

/** `count` (20, at most 200), `since_id` (exclusive) and `max_id` (inclusive) of a v1.1 timeline. */
export function timelineParams(params: RequestParams) {
  const sinceId = idParam(params['since_id']);
  const maxId = idParam(params['max_id']);
  return {
    count: countParam(params['count'], 20, 200),
    ...(sinceId !== undefined ? { sinceId } : {}),
    ...(maxId !== undefined ? { maxId } : {}),
  };
}

export async function registerV1TweetRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const service = tweetService(ctx);
  const { store, world } = service;
  const render = (tweet: StoredTweet, params: RequestParams, viewerId: string | undefined) =>
    renderV1Status(tweet, world, params, viewerId);

  app.post('/1.1/statuses/update.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'POST /1.1/statuses/update.json', auth);
    const user = auth.user!;
    const params = ctx.params(request);
    const text = params['status'] ?? '';
    const mediaIds = (params['media_ids'] ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    if (text.trim() === '' && mediaIds.length === 0) throw v1Error(38, 'status parameter is missing.');
    if (weightedLength(text) > MAX_TWEET_LENGTH) throw v1Error(186);
    if (mediaIds.some((id) => !isValidId(id))) throw v1Error(324);
    const attachments = checkAttachments(ctx, user.id, mediaIds);
    if (!attachments.ok) throw v1Error(attachments.code, attachments.message);
    if (store.isDuplicate(user.id, text)) throw v1Error(187);

    let inReplyTo: { tweetId: string; userId: string; conversationId: string } | undefined;
    const replyId = params['in_reply_to_status_id'];
    if (replyId !== undefined && replyId !== '') {
      const target = isValidId(replyId) ? store.get(replyId) : undefined;
      if (!target) throw v1Error(385);
      const targetAuthor = world.user(target.authorId);
      const mentionsAuthor =
        targetAuthor !== undefined &&
        [...text.matchAll(/@([A-Za-z0-9_]{1,15})/g)].some(
          (match) => match[1]?.toLowerCase() === targetAuthor.screen_name.toLowerCase(),
        );
      // X ignores in_reply_to_status_id unless the text @mentions the author or auto-population is asked for.
      if (mentionsAuthor || params['auto_populate_reply_metadata'] === 'true') {
        if (!mayReply(world, store.get(target.conversationId) ?? target, user.id)) throw v1Error(433);
        inReplyTo = { tweetId: target.id, userId: target.authorId, conversationId: target.conversationId };
      }
    }
    let quoteTweetId: string | undefined;
    const attachmentUrl = params['attachment_url'];
    if (attachmentUrl !== undefined && attachmentUrl !== '') {
      // A quote: the permalink of an existing tweet; anything else is code 44.
      const quoted =
        /^https:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/[A-Za-z0-9_]{1,15}\/status(?:es)?\/([0-9]{1,19})\/?$/.exec(
          attachmentUrl,
        )?.[1];
      if (quoted === undefined || !store.get(quoted) || mediaIds.length > 0) throw v1Error(44);
      quoteTweetId = quoted;
    }
    const tweet = service.post({
      authorId: user.id,
      text,
      media: attachments.media,
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(quoteTweetId !== undefined ? { quoteTweetId } : {}),
    });
    return sendExact(reply, render(tweet, params, user.id));
  });

  app.get('/1.1/statuses/show.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/statuses/show.json', auth);
    const params = ctx.params(request);
    const id = params['id'];
    if (id === undefined || id === '') throw v1Error(38, 'id parameter is missing.');
    const tweet = isValidId(id) ? store.get(id) : undefined;
    if (!tweet) throw v1Error(144);
    if (!mayViewPost(world, auth.user?.id, tweet)) throw v1Error(179);
    return sendExact(reply, render(tweet, params, auth.user?.id));
  });

  app.post<{ Params: { id: string } }>('/1.1/statuses/destroy/:id.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'POST /1.1/statuses/destroy/:id.json', auth);
    const params = ctx.params(request);
    const id = request.params.id;
    const tweet = isValidId(id) ? store.get(id) : undefined;
    if (!tweet) throw v1Error(144);
    if (tweet.authorId !== auth.user?.id)
      throw v1Error(183, "You may not delete another user's status.", 403);
    const rendered = render(tweet, params, auth.user?.id);
    service.remove(id);
    return sendExact(reply, rendered);
  });

  app.get('/1.1/statuses/user_timeline.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/statuses/user_timeline.json', auth);
    const params = ctx.params(request);
    const user = targetUser(ctx, params, auth);
    // UNCONFIRMED shape: X answers a protected timeline with 401 "Not authorized."; the sandbox's v1.1 errors
    // carry a code, so it is code 179's message with that status.
    if (!mayView(world, auth.user?.id, user.id)) throw v1Error(179, undefined, 401);
    const excludeReplies = params['exclude_replies'] === 'true';
    const tweets = store.newestFirst(
      (tweet) =>
        tweet.authorId === user.id &&
        mayViewPost(world, auth.user?.id, tweet) &&
        !(excludeReplies && tweet.inReplyTo !== undefined),
    );
    return sendExact(
      reply,
      timelineWindow(tweets, timelineParams(params)).map((tweet) => render(tweet, params, auth.user?.id)),
    );
  });

  app.get('/1.1/statuses/home_timeline.json', async (request, reply) => {
    const auth = await ctx.authenticate(request, { need: 'user', api: 'v1' });
    ctx.rateLimit(request, reply, 'GET /1.1/statuses/home_timeline.json', auth);
    const params = ctx.params(request);
    const user = auth.user!;
    const excludeReplies = params['exclude_replies'] === 'true';
    // Muted and blocked authors leave the home timeline, as on v2.
    const social = socialGraph(ctx);
    const tweets = store.newestFirst(
      (tweet) =>
        (tweet.authorId === user.id || user.friends.has(tweet.authorId)) &&
        !social.hides(user.id, tweet.authorId) &&
        mayViewPost(world, user.id, tweet) &&
        !(excludeReplies && tweet.inReplyTo !== undefined),
    );
    return sendExact(
      reply,
      timelineWindow(tweets, timelineParams(params)).map((tweet) => render(tweet, params, user.id)),
    );
  });

  for (const relation of ['followers', 'friends'] as const) {
    app.get(`/1.1/${relation}/ids.json`, async (request, reply) => {
      const auth = await ctx.authenticate(request, { need: 'any', api: 'v1' });
      ctx.rateLimit(request, reply, `GET /1.1/${relation}/ids.json`, auth);
      const params = ctx.params(request);
      const user = targetUser(ctx, params, auth);
      // Most recent first, as X lists them: the sets keep insertion order, oldest first.
      const ids = [...user[relation]].reverse();
      const page = cursorPage(ids, params['cursor'], countParam(params['count'], 5000, 5000));
      const asStrings = params['stringify_ids'] === 'true';
      return sendExact(reply, {
        ids: page.items.map((id) => (asStrings ? id : exactInteger(id))),
        next_cursor: exactInteger(page.nextCursor),
        next_cursor_str: page.nextCursor,
        previous_cursor: exactInteger(page.previousCursor),
        previous_cursor_str: page.previousCursor,
        total_count: null,
      });
    });
  }
}
