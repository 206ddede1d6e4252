// Community Notes: write (test mode), evaluate, list written notes with every field, eligible posts with
// fields and expansions, delete.
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => {
  const friend = h.sb.createUser({ screenName: 'conformance_poster' });
  const asFriend = {
    user: {
      ...h.sb.credentials,
      accessToken: friend.accessToken,
      accessTokenSecret: friend.accessTokenSecret,
    },
  };
  const posted = await h.send('POST', '/2/tweets', { json: { text: 'A claim: 99% agree' }, auth: asFriend });
  const postId = (posted.body as { data?: { id: string } }).data?.id ?? '';
  const info = {
    text: 'Only 9% do: https://example.org',
    classification: 'misinformed_or_potentially_misleading',
    misleading_tags: ['factual_error', 'missing_important_context'],
    trustworthy_sources: true,
    is_media_note: false,
  };
  const made = await h.send('POST', '/2/notes', { json: { test_mode: true, post_id: postId, info } });
  const noteId = (made.body as { data?: { id: string } }).data?.id ?? '';
  return [
    { operation: 'POST /2/notes', json: { test_mode: false, post_id: postId, info }, repeatable: false },
    { operation: 'POST /2/notes/evaluate', json: { post_id: postId, note_text: info.text } },
    {
      operation: 'GET /2/notes/search/notes_written',
      query: {
        test_mode: 'true',
        max_results: '5',
        'note.fields': 'id,info,scoring_status,status,test_result',
      },
    },
    {
      operation: 'GET /2/notes/search/posts_eligible_for_notes',
      query: {
        test_mode: 'true',
        'post.fields': 'author_id,created_at',
        expansions: 'author_id',
        'user.fields': 'created_at',
      },
    },
    { operation: 'DELETE /2/notes/{id}', path: { id: noteId }, repeatable: false },
  ];
};
export default cases;
