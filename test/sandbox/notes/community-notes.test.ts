// Community Notes as an AI note writer uses the API: find posts eligible for a note, score a draft, write the
// note in test mode, list the notes written, delete one; only the writer may delete it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

let sb: Sandbox;
let writer: Auth;
let poster: Auth;

beforeEach(async () => {
  sb = await startSandbox();
  writer = { user: sb.credentials };
  const made = sb.createUser({ screenName: 'claims_a_lot' });
  poster = {
    user: { ...sb.credentials, accessToken: made.accessToken, accessTokenSecret: made.accessTokenSecret },
  };
});
afterEach(() => sb.close());

const post = async (text: string, auth: Auth) =>
  (await call<{ data: { id: string } }>(sb.url, 'POST', '/2/tweets', { json: { text }, auth })).body.data.id;
const info = {
  text: 'The figure is 12%, not 40%: https://example.org/report',
  classification: 'misinformed_or_potentially_misleading',
  misleading_tags: ['factual_error'],
  trustworthy_sources: true,
};

describe('community notes', () => {
  it('finds eligible posts, scores, writes, lists and deletes a note', async () => {
    const claim = await post('40% of people agree', poster);
    const other = await post('another claim', poster);
    await post('my own post is never eligible', writer);

    const eligible = await call<{
      data: { id: string; author_id?: string }[];
      meta: { result_count: number };
    }>(sb.url, 'GET', '/2/notes/search/posts_eligible_for_notes', {
      query: { test_mode: 'true', 'post.fields': 'author_id' },
      auth: writer,
    });
    expect(eligible.body.data.map((entry) => entry.id)).toEqual([other, claim]);

    const scored = await call<{ data: { claim_opinion_score: number } }>(
      sb.url,
      'POST',
      '/2/notes/evaluate',
      {
        json: { post_id: claim, note_text: info.text },
        auth: writer,
      },
    );
    const opinion = await call<{ data: { claim_opinion_score: number } }>(
      sb.url,
      'POST',
      '/2/notes/evaluate',
      {
        json: { post_id: claim, note_text: 'I just do not like it' },
        auth: writer,
      },
    );
    expect(scored.body.data.claim_opinion_score).toBeGreaterThan(opinion.body.data.claim_opinion_score);

    const written = await call<{ data: { id: string } }>(sb.url, 'POST', '/2/notes', {
      json: { test_mode: true, post_id: claim, info },
      auth: writer,
    });
    expect(written.status).toBe(201);
    const listed = await call<{ data: Record<string, unknown>[] }>(
      sb.url,
      'GET',
      '/2/notes/search/notes_written',
      {
        query: { test_mode: 'true', 'note.fields': 'id,info,status,test_result' },
        auth: writer,
      },
    );
    expect(listed.body.data).toEqual([
      {
        id: written.body.data.id,
        info: { ...info, post_id: claim },
        status: 'needs_more_ratings',
        test_result: {
          evaluation_outcome: [{ evaluator_type: 'ClaimOpinion', evaluator_score_bucket: 'High' }],
        },
      },
    ]);
    // Noted once, the post is no longer eligible for the writer; live notes are listed apart from test ones.
    const after = await call<{ data: { id: string }[] }>(
      sb.url,
      'GET',
      '/2/notes/search/posts_eligible_for_notes',
      {
        query: { test_mode: 'true' },
        auth: writer,
      },
    );
    expect(after.body.data.map((entry) => entry.id)).toEqual([other]);
    const live = await call(sb.url, 'GET', '/2/notes/search/notes_written', {
      query: { test_mode: 'false' },
      auth: writer,
    });
    expect(live.body).toEqual({ meta: { result_count: 0 } });

    const notMine = await call(sb.url, 'DELETE', `/2/notes/${written.body.data.id}`, { auth: poster });
    expect(notMine.status).toBe(403);
    const deleted = await call(sb.url, 'DELETE', `/2/notes/${written.body.data.id}`, { auth: writer });
    expect(deleted.body).toEqual({ data: { deleted: true } });
    expect((await call(sb.url, 'DELETE', `/2/notes/${written.body.data.id}`, { auth: writer })).status).toBe(
      404,
    );
  });

  it('refuses a note without a source, on a missing post, or from an app token', async () => {
    const claim = await post('a claim', poster);
    const noUrl = await call(sb.url, 'POST', '/2/notes', {
      json: { test_mode: true, post_id: claim, info: { ...info, text: 'no source given' } },
      auth: writer,
    });
    expect(noUrl.status).toBe(400);
    const missing = await call(sb.url, 'POST', '/2/notes', {
      json: { test_mode: true, post_id: '1', info },
      auth: writer,
    });
    expect(missing.status).toBe(404);
    const asApp = await call(sb.url, 'GET', '/2/notes/search/notes_written', {
      query: { test_mode: 'true' },
      auth: { bearer: sb.credentials.bearerToken },
    });
    expect(asApp.status).toBe(403);
  });
});
