// The post operations that existed before issue 11: create, look up (one, many), delete, a user's posts, recent search.
import type { CaseFile } from '../harness.js';

const FIELDS = {
  'tweet.fields': 'created_at,author_id,conversation_id,public_metrics,entities,referenced_tweets,lang',
  'user.fields': 'created_at,public_metrics,description,verified',
};

const cases: CaseFile = async (h) => {
  const first = await h.post('conformance: a post with #peony and @XDevelopers https://example.com');
  const reply = await h.post('conformance: a reply', { reply: { in_reply_to_tweet_id: first } });
  const doomed = await h.post('conformance: to be deleted');
  for (let i = 0; i < 6; i++) await h.post(`conformance: timeline filler ${i}`);
  const userId = h.sb.user.id;
  return [
    { operation: 'POST /2/tweets', json: { text: 'conformance: created' }, repeatable: false },
    { operation: 'GET /2/tweets/{id}', path: { id: first }, query: { ...FIELDS, expansions: 'author_id' } },
    {
      operation: 'GET /2/tweets/{id}',
      path: { id: reply },
      query: { 'post.fields': 'created_at', expansions: 'referenced_tweets.id,in_reply_to_user_id' },
    },
    { operation: 'GET /2/tweets/{id}', path: { id: '1' }, auth: h.bearer },
    {
      operation: 'GET /2/tweets',
      query: { ids: `${first},${reply},1`, ...FIELDS, expansions: 'author_id' },
      auth: h.bearer,
    },
    { operation: 'GET /2/users/{id}/tweets', path: { id: userId }, query: { max_results: '5', ...FIELDS } },
    {
      operation: 'GET /2/tweets/search/recent',
      query: { query: 'conformance', max_results: '10', ...FIELDS, expansions: 'author_id' },
      auth: h.bearer,
    },
    { operation: 'DELETE /2/tweets/{id}', path: { id: doomed }, repeatable: false },
  ];
};
export default cases;
