// News stories: a few seeded ones, looked up by id or searched by words; each story's cluster is the posts
// of the sandbox whose text has one of its keywords.
import type { FastifyInstance } from 'fastify';
import type { RequestParams, SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { iso } from '../tweets/v2-render.js';
import { listParam, maxResults } from '../v2-kit/fields.js';
import { guard } from '../v2-kit/guard.js';
import { listBody, notFound } from '../v2-kit/problems.js';

interface Story {
  id: string;
  name: string;
  category: string;
  hook: string;
  summary: string;
  keywords: string[];
  ageHours: number;
}

const STORIES: readonly Story[] = [
  {
    id: '1860000000000000001',
    name: 'Developers test bots against a local X sandbox',
    category: 'Technology',
    hook: 'Offline testing grows up',
    summary: 'Bot makers run their whole suite against a local copy of the API instead of the live service.',
    keywords: ['sandbox', 'testing', 'bots'],
    ageHours: 3,
  },
  {
    id: '1860000000000000002',
    name: 'Chunked media upload gets faster',
    category: 'Technology',
    hook: 'Parallel APPEND',
    summary: 'Uploading video in parallel segments cuts the time to post long clips.',
    keywords: ['upload', 'video', 'media'],
    ageHours: 30,
  },
  {
    id: '1860000000000000003',
    name: 'Rate limits explained',
    category: 'Business',
    hook: 'Know your windows',
    summary: 'How the 15-minute windows and daily caps of the API add up for a busy app.',
    keywords: ['rate', 'limits'],
    ageHours: 200,
  },
];

const READ = { need: 'any', scopes: ['tweet.read', 'users.read'] } as const;

export function registerNewsRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const tweets = tweetService(ctx);
  const startedAt = ctx.now();

  /** Defaults `id` and `name` (UNCONFIRMED); `keywords` and `contexts` are never sent (see docs/SANDBOX.md). */
  const render = (story: Story, params: RequestParams) => {
    const fields = listParam(params, 'news.fields');
    const out: Record<string, unknown> = { id: story.id, name: story.name };
    if (fields.has('category')) out['category'] = story.category;
    if (fields.has('hook')) out['hook'] = story.hook;
    if (fields.has('summary')) out['summary'] = story.summary;
    if (fields.has('disclaimer')) out['disclaimer'] = 'This story is a summary of posts on the sandbox.';
    if (fields.has('updated_at')) out['updated_at'] = iso(startedAt - story.ageHours * 3_600_000);
    if (fields.has('cluster_posts_results')) {
      const words = story.keywords.map((word) => word.toLowerCase());
      out['cluster_posts_results'] = tweets.store
        .newestFirst((tweet) => words.some((word) => tweet.text.toLowerCase().includes(word)))
        .slice(0, 20)
        .map((tweet) => ({ post_id: tweet.id }));
    }
    return out;
  };

  app.get<{ Params: { id: string } }>('/2/news/:id', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/news/:id', READ);
    const story = STORIES.find((entry) => entry.id === request.params.id);
    if (!story) return { errors: [notFound(request.params.id, 'id', 'news')] };
    return { data: render(story, ctx.params(request)) };
  });

  app.get('/2/news/search', async (request, reply) => {
    await guard(ctx, request, reply, 'GET /2/news/search', READ);
    const params = ctx.params(request);
    const words = (params['query'] ?? '')
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '');
    const maxAge = params['max_age_hours'] === undefined ? 168 : Number(params['max_age_hours']);
    const found = STORIES.filter((story) => story.ageHours <= maxAge)
      .filter((story) => {
        const text = `${story.name} ${story.summary} ${story.keywords.join(' ')}`.toLowerCase();
        return words.every((word) => text.includes(word));
      })
      .slice(0, maxResults(params, 10));
    return listBody(
      found.map((story) => render(story, params)),
      { meta: { result_count: found.length } },
    );
  });
}
