// v2 media lookup (`GET /2/media` by keys, `GET /2/media/:media_key`) rendered with `media.fields`, and
// `GET /2/media/analytics` for the caller's own media. Media attached to a post stays visible after its
// upload expires, as on X.
import type { FastifyInstance } from 'fastify';
import type { RequestParams, SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import type { AttachedMedia } from '../tweets/tweet-store.js';
import { renderV2Media } from '../tweets/v2-render.js';
import { listParam } from '../v2-kit/fields.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { notFound } from '../v2-kit/problems.js';
import type { MediaStore } from './media-store.js';

const READ = { need: 'any', scopes: ['tweet.read'] } as const;
const HOUR = 3_600_000;
const ANALYTICS_METRICS = [
  'cta_url_clicks',
  'cta_watch_clicks',
  'play_from_tap',
  'playback25',
  'playback50',
  'playback75',
  'playback_complete',
  'playback_start',
  'video_views',
  'watch_time_ms',
];

export function registerMediaLookupRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  store: MediaStore,
): void {
  const tweets = tweetService(ctx);

  /** An upload that finished, else media some post carries. UNCONFIRMED: any caller may look up any media. */
  const find = (mediaKey: string): AttachedMedia | undefined => {
    const upload = store.describeByKey(mediaKey);
    if (upload && upload.type !== 'subtitles' && upload.state === 'succeeded') {
      return {
        id: upload.id,
        mediaKey: upload.mediaKey,
        type: upload.type,
        width: upload.width,
        height: upload.height,
        contentType: upload.contentType,
        ...(upload.altText !== undefined ? { altText: upload.altText } : {}),
      };
    }
    for (const tweet of tweets.store.newestFirst((post) => post.media.some((m) => m.mediaKey === mediaKey))) {
      return tweet.media.find((media) => media.mediaKey === mediaKey);
    }
    return undefined;
  };

  const fieldsOf = (params: RequestParams) => listParam(params, 'media.fields');

  app.get('/2/media', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/media', READ);
    const params = ctx.params(request);
    const keys = [...new Set((params['media_keys'] ?? '').split(',').filter((key) => key !== ''))];
    const data: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const key of keys) {
      const media = find(key);
      if (media) data.push(renderV2Media(media, fieldsOf(params)));
      else errors.push(notFound(key, 'media_keys', 'media'));
    }
    return { ...(data.length > 0 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) };
  });

  app.get<{ Params: { media_key: string } }>('/2/media/:media_key', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/media/:media_key', READ);
    const key = request.params.media_key;
    const media = find(key);
    if (!media) return { errors: [notFound(key, 'media_key', 'media')] };
    return { data: renderV2Media(media, fieldsOf(ctx.params(request))) };
  });

  app.get('/2/media/analytics', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/media/analytics', { ...READ, need: 'user' });
    const caller = callerOf(auth);
    const params = ctx.params(request);
    const start = Date.parse(params['start_time'] ?? '');
    const end = Date.parse(params['end_time'] ?? '');
    const step =
      params['granularity'] === 'hourly' ? HOUR : params['granularity'] === 'total' ? 0 : 24 * HOUR;
    const buckets: number[] = [];
    if (Number.isFinite(start) && Number.isFinite(end)) {
      if (step === 0) buckets.push(start);
      else for (let at = start; at < end && buckets.length < 24 * 90; at += step) buckets.push(at);
    }
    const wanted = listParam(params, 'media_analytics.fields');
    const metrics = ANALYTICS_METRICS.filter((name) => wanted.size === 0 || wanted.has(name));
    const data: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const key of (params['media_keys'] ?? '').split(',').filter((value) => value !== '')) {
      const upload = store.describeByKey(key);
      const owns = upload && (upload.ownerId === caller.id || upload.additionalOwners.includes(caller.id));
      if (!owns) {
        errors.push(notFound(key, 'media_keys', 'media'));
        continue;
      }
      // The sandbox has no viewers: every counter is zero, per bucket.
      data.push({
        media_key: key,
        timestamped_metrics: buckets.map((at) => ({
          timestamp: new Date(at).toISOString(),
          metrics: Object.fromEntries(metrics.map((name) => [name, 0])),
        })),
      });
    }
    return { ...(data.length > 0 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) };
  });
}
