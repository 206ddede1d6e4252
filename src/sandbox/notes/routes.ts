// v2 Community Notes, as X's API for note-writing tools offers them: write a note on a post (in test mode or
// not), have a note's text scored, list the notes one wrote, find posts eligible for a note, delete a note.
// User context only (OAuth 1.0a or OAuth 2.0), as the document's security says; every user may write notes.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { tweetService } from '../tweets/service.js';
import { renderV2Tweets } from '../tweets/v2-render.js';
import { mayViewPost } from '../tweets/visibility.js';
import { listParam, v2Fields } from '../v2-kit/fields.js';
import { callerOf, guard } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { forbidden, listBody, notFoundProblem } from '../v2-kit/problems.js';

const READ = { need: 'user', scopes: ['tweet.read'] } as const;
const WRITE = { need: 'user', scopes: ['tweet.write'] } as const;

interface NoteInfo {
  readonly text: string;
  readonly classification: string;
  readonly misleading_tags: readonly string[];
  readonly trustworthy_sources: boolean;
  readonly is_media_note?: boolean;
}

interface CommunityNote {
  readonly id: string;
  readonly authorId: string;
  readonly postId: string;
  readonly testMode: boolean;
  readonly info: NoteInfo;
}

type Json = Record<string, unknown>;

/**
 * How claim-like (rather than opinion) a note's text reads, 0 to 1: sources and figures count for it
 * (UNCONFIRMED: X's scorer is a model; this rule only has to be stable for tests).
 */
export function claimOpinionScore(text: string): number {
  const urls = text.match(/https?:\/\/\S+/g)?.length ?? 0;
  const figures = text.match(/\b\d[\d.,%]*\b/g)?.length ?? 0;
  return Math.min(1, Math.round((0.2 + 0.4 * Math.min(urls, 1) + 0.1 * Math.min(figures, 4)) * 100) / 100);
}

function render(note: CommunityNote, fields: ReadonlySet<string>): Json {
  const score = claimOpinionScore(note.info.text);
  return {
    id: note.id,
    ...(fields.has('info') ? { info: { ...note.info, post_id: note.postId } } : {}),
    // A new note waits for ratings; the sandbox has no raters (UNCONFIRMED wording, X's status names).
    ...(fields.has('status') ? { status: 'needs_more_ratings' } : {}),
    ...(fields.has('test_result') && note.testMode
      ? {
          test_result: {
            evaluation_outcome: [
              { evaluator_type: 'ClaimOpinion', evaluator_score_bucket: score >= 0.5 ? 'High' : 'Low' },
            ],
          },
        }
      : {}),
    ...(fields.has('scoring_status') ? { scoring_status: { has_access: false } } : {}),
  };
}

export function registerNoteRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const notes = ctx.state('community-notes', () => new Map<string, CommunityNote>());
  const tweets = tweetService(ctx);

  app.post('/2/notes', async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, 'POST /2/notes', WRITE));
    // The document's check has made the body `{test_mode, post_id, info}` with a URL in `info.text`.
    const body = request.body as { test_mode: boolean; post_id: string; info: NoteInfo };
    if (!tweets.store.get(body.post_id)) throw notFoundProblem(body.post_id, 'post_id', 'post');
    const note: CommunityNote = {
      id: ctx.nextId(),
      authorId: user.id,
      postId: body.post_id,
      testMode: body.test_mode,
      info: body.info,
    };
    notes.set(note.id, note);
    reply.code(201);
    return { data: { id: note.id } };
  });

  app.post('/2/notes/evaluate', async (request, reply) => {
    await guard(ctx, request, reply, 'POST /2/notes/evaluate', WRITE);
    const body = request.body as { post_id: string; note_text: string };
    if (!tweets.store.get(body.post_id)) throw notFoundProblem(body.post_id, 'post_id', 'post');
    return { data: { claim_opinion_score: claimOpinionScore(body.note_text) } };
  });

  app.get('/2/notes/search/notes_written', async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, 'GET /2/notes/search/notes_written', READ));
    const params = ctx.params(request);
    const testMode = params['test_mode'] === 'true';
    const mine = [...notes.values()]
      .filter((note) => note.authorId === user.id && note.testMode === testMode)
      .reverse();
    const page = offsetPage(mine, params, 10);
    const fields = listParam(params, 'note.fields');
    const { result_count, next_token } = page.meta;
    return listBody(
      page.items.map((note) => render(note, fields)),
      { meta: { result_count, ...(next_token !== undefined ? { next_token } : {}) } },
    );
  });

  app.get('/2/notes/search/posts_eligible_for_notes', async (request, reply) => {
    const user = callerOf(
      await guard(ctx, request, reply, 'GET /2/notes/search/posts_eligible_for_notes', READ),
    );
    const params = ctx.params(request);
    // Others' original posts (not reposts) the caller has not written a note on, newest first (UNCONFIRMED:
    // X picks posts people asked notes for; `post_selection` is accepted and changes nothing).
    const noted = new Set(
      [...notes.values()].filter((note) => note.authorId === user.id).map((note) => note.postId),
    );
    const eligible = tweets.store.newestFirst(
      (tweet) =>
        tweet.authorId !== user.id &&
        tweet.retweetOf === undefined &&
        !noted.has(tweet.id) &&
        mayViewPost(tweets.world, user.id, tweet),
    );
    const page = offsetPage(eligible, params, 10);
    const rendered = renderV2Tweets(page.items, v2Fields(params), tweets.world, ctx.now(), user.id);
    const { result_count, next_token } = page.meta;
    return listBody(rendered.data, {
      ...(rendered.includes ? { includes: rendered.includes } : {}),
      meta: { result_count, ...(next_token !== undefined ? { next_token } : {}) },
    });
  });

  app.delete<{ Params: { id: string } }>('/2/notes/:id', async (request, reply) => {
    const user = callerOf(await guard(ctx, request, reply, 'DELETE /2/notes/:id', WRITE));
    const { id } = request.params;
    const note = notes.get(id);
    if (!note) throw notFoundProblem(id, 'id', 'note');
    if (note.authorId !== user.id) {
      throw forbidden('You are not allowed to delete this note.', { type: 'note', id, parameter: 'id' });
    }
    notes.delete(id);
    return { data: { deleted: true } };
  });
}
