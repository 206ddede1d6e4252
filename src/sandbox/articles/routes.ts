// v2 Articles: a user drafts an Article (title and DraftJS content, as the document describes them) and
// publishes it, which makes a post of its author that links the Article; the post reaches timelines, search
// and streams like any other. OAuth 1.0a or OAuth 2.0 user context, as the document's security says.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { forbidden, notFoundProblem } from '../v2-kit/problems.js';

const WRITE = { need: 'user', scopes: ['tweet.write'] } as const;

interface ArticleDraft {
  readonly id: string;
  readonly authorId: string;
  readonly title: string;
  /** The DraftJS content state as sent (the document's check has validated its shape). */
  readonly content: unknown;
  /** The post made when it was published. */
  postId?: string;
}

export function registerArticleRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const drafts = ctx.state('articles', () => new Map<string, ArticleDraft>());
  const tweets = tweetService(ctx);

  app.post('/2/articles/draft', async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, 'POST /2/articles/draft', WRITE));
    const body = request.body as { title: string; content_state: unknown };
    const draft: ArticleDraft = {
      id: ctx.nextId(),
      authorId: user.id,
      title: body.title,
      content: body.content_state,
    };
    drafts.set(draft.id, draft);
    reply.code(201);
    return { data: { id: draft.id, title: draft.title } };
  });

  app.post<{ Params: { article_id: string } }>('/2/articles/:article_id/publish', async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, 'POST /2/articles/:article_id/publish', WRITE));
    const id = request.params.article_id;
    const draft = drafts.get(id);
    if (!draft) throw notFoundProblem(id, 'article_id', 'article');
    if (draft.authorId !== user.id) {
      throw forbidden('You are not allowed to publish this Article.', {
        type: 'article',
        id,
        parameter: 'article_id',
      });
    }
    // Publishing again gives the same post (UNCONFIRMED: X does not say).
    if (draft.postId === undefined || !tweets.store.get(draft.postId)) {
      // The post carries the title and the Article's link, as X shows an Article in a timeline (UNCONFIRMED).
      const post = tweets.post({
        authorId: user.id,
        text: `${draft.title} https://x.com/i/article/${draft.id}`,
      });
      draft.postId = post.id;
    }
    return { data: { post_id: draft.postId } };
  });
}
