// The social operations (issue 11): likes, reposts, quotes, follows, mutes, blocks, bookmarks and folders,
// mentions, the home timeline, user lookups and search, post search and counts, hidden replies, analytics.
import type { Auth } from '../../tweets/signed-client.js';
import type { CaseFile } from '../harness.js';

const POST_FIELDS = {
  'tweet.fields': 'created_at,author_id,conversation_id,public_metrics,entities,referenced_tweets,lang',
  'user.fields': 'created_at,public_metrics,description,verified',
  expansions: 'author_id,referenced_tweets.id',
};
const USER_FIELDS = { 'user.fields': 'created_at,public_metrics,description,protected,verified' };
const SCOPES = ['tweet.read', 'users.read', 'bookmark.read', 'bookmark.write'];

const cases: CaseFile = async (h) => {
  const me = h.sb.user.id;
  const other = h.sb.createUser({ screenName: 'conf_social' });
  const otherAuth: Auth = {
    user: { ...h.sb.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret },
  };
  const token = 'conformance-social-oauth2';
  h.sb.context.store.oauth2AccessTokens.set(token, {
    token,
    clientId: h.sb.credentials.clientId,
    userId: me,
    scopes: new Set(SCOPES),
    expiresAt: h.sb.context.now() + 3_600_000,
  });
  const oauth2: Auth = { bearer: token };

  const root = await h.post('conformance social: otters @conf_social #river https://example.com');
  const replyAnswer = await h.send('POST', '/2/tweets', {
    auth: otherAuth,
    json: { text: 'conformance social: a reply', reply: { in_reply_to_tweet_id: root } },
  });
  const reply = (replyAnswer.body as { data: { id: string } }).data.id;
  await h.send('POST', '/2/tweets', { auth: otherAuth, json: { text: 'quoting', quote_tweet_id: root } });
  await h.send('POST', `/2/users/${other.user.id}/likes`, { auth: otherAuth, json: { tweet_id: root } });
  await h.send('POST', `/2/users/${other.user.id}/retweets`, { auth: otherAuth, json: { tweet_id: root } });
  const folderAnswer = await h.send('POST', `/2/users/${me}/bookmarks/folders`, {
    auth: oauth2,
    json: { name: 'Conformance' },
  });
  const folder = (folderAnswer.body as { data: { id: string } }).data.id;
  await h.send('POST', `/2/users/${me}/bookmarks`, {
    auth: oauth2,
    json: { tweet_id: root, folder_id: folder },
  });

  const id = { id: me };
  return [
    // Likes
    { operation: 'POST /2/users/{id}/likes', path: id, json: { tweet_id: root } },
    { operation: 'DELETE /2/users/{id}/likes/{tweet_id}', path: { id: me, tweet_id: root } },
    {
      operation: 'GET /2/tweets/{id}/liking_users',
      path: { id: root },
      query: { max_results: '10', ...USER_FIELDS },
    },
    { operation: 'GET /2/tweets/{id}/liking_users', path: { id: '1' } },
    {
      operation: 'GET /2/users/{id}/liked_tweets',
      path: { id: other.user.id },
      query: { max_results: '10', ...POST_FIELDS },
    },
    // Reposts and quotes
    { operation: 'POST /2/users/{id}/retweets', path: id, json: { tweet_id: root } },
    { operation: 'DELETE /2/users/{id}/retweets/{source_tweet_id}', path: { id: me, source_tweet_id: root } },
    {
      operation: 'GET /2/tweets/{id}/retweeted_by',
      path: { id: root },
      query: { max_results: '10', ...USER_FIELDS },
    },
    {
      operation: 'GET /2/tweets/{id}/retweets',
      path: { id: root },
      query: { max_results: '10', ...POST_FIELDS },
    },
    { operation: 'GET /2/users/reposts_of_me', query: { max_results: '10', ...POST_FIELDS } },
    {
      operation: 'GET /2/tweets/{id}/quote_tweets',
      path: { id: root },
      query: { max_results: '10', exclude: 'replies', ...POST_FIELDS },
      auth: h.bearer,
    },
    // Follows, mutes, blocks
    { operation: 'GET /2/users/{id}/followers', path: id, query: { max_results: '5', ...USER_FIELDS } },
    { operation: 'GET /2/users/{id}/following', path: id, query: { max_results: '5' }, auth: h.bearer },
    { operation: 'POST /2/users/{id}/following', path: id, json: { target_user_id: other.user.id } },
    {
      operation: 'DELETE /2/users/{source_user_id}/following/{target_user_id}',
      path: { source_user_id: me, target_user_id: other.user.id },
    },
    { operation: 'POST /2/users/{id}/muting', path: id, json: { target_user_id: other.user.id } },
    { operation: 'GET /2/users/{id}/muting', path: id, query: { max_results: '5', ...USER_FIELDS } },
    {
      operation: 'DELETE /2/users/{source_user_id}/muting/{target_user_id}',
      path: { source_user_id: me, target_user_id: other.user.id },
    },
    { operation: 'GET /2/users/{id}/blocking', path: id, query: { max_results: '5', ...USER_FIELDS } },
    // Bookmarks
    {
      operation: 'GET /2/users/{id}/bookmarks',
      path: id,
      query: { max_results: '10', ...POST_FIELDS },
      auth: oauth2,
    },
    { operation: 'POST /2/users/{id}/bookmarks', path: id, json: { tweet_id: reply }, auth: oauth2 },
    {
      operation: 'DELETE /2/users/{id}/bookmarks/{tweet_id}',
      path: { id: me, tweet_id: reply },
      auth: oauth2,
    },
    {
      operation: 'GET /2/users/{id}/bookmarks/folders',
      path: id,
      query: { max_results: '10' },
      auth: oauth2,
    },
    {
      operation: 'POST /2/users/{id}/bookmarks/folders',
      path: id,
      json: { name: 'Another' },
      auth: oauth2,
      repeatable: false,
    },
    {
      operation: 'GET /2/users/{id}/bookmarks/folders/{folder_id}',
      path: { id: me, folder_id: folder },
      auth: oauth2,
    },
    // Timelines
    {
      operation: 'GET /2/users/{id}/mentions',
      path: { id: other.user.id },
      query: { max_results: '5', ...POST_FIELDS },
      auth: h.bearer,
    },
    {
      operation: 'GET /2/users/{id}/timelines/reverse_chronological',
      path: id,
      query: { max_results: '10', exclude: 'retweets', ...POST_FIELDS },
    },
    // Users
    { operation: 'GET /2/users', query: { ids: `${me},${other.user.id},1`, ...USER_FIELDS }, auth: h.bearer },
    {
      operation: 'GET /2/users/by',
      query: { usernames: 'XDevelopers,conf_social,nobody_x', ...USER_FIELDS },
    },
    { operation: 'GET /2/users/search', query: { query: 'conf', max_results: '10', ...USER_FIELDS } },
    { operation: 'GET /2/users/{id}/affiliates', path: id, query: { max_results: '10' } },
    // Search and counts
    {
      operation: 'GET /2/tweets/search/all',
      query: { query: 'otters (is:reply OR has:links) -is:retweet', max_results: '10', ...POST_FIELDS },
      auth: h.bearer,
    },
    {
      operation: 'GET /2/tweets/counts/recent',
      query: { query: 'conformance social', granularity: 'day' },
      auth: h.bearer,
    },
    {
      operation: 'GET /2/tweets/counts/all',
      query: { query: 'otters', granularity: 'hour' },
      auth: h.bearer,
    },
    // Hidden replies, analytics
    {
      operation: 'PUT /2/tweets/{tweet_id}/hidden',
      path: { tweet_id: reply },
      json: { hidden: true },
    },
    {
      operation: 'GET /2/tweets/analytics',
      query: {
        ids: root,
        start_time: '2020-01-01T00:00:00Z',
        end_time: '2030-01-01T00:00:00Z',
        granularity: 'total',
        'analytics.fields': 'likes,retweets,replies,quote_tweets,bookmarks,impressions',
      },
    },
    // 403s about a resource: acting for another user, deleting another's post, hiding a reply in someone
    // else's conversation. Their bodies are checked against the document's Problem like every answer.
    {
      operation: 'POST /2/users/{id}/likes',
      path: { id: other.user.id },
      json: { tweet_id: root },
      status: 403,
    },
    { operation: 'DELETE /2/tweets/{id}', path: { id: reply }, status: 403 },
    {
      operation: 'PUT /2/tweets/{tweet_id}/hidden',
      path: { tweet_id: reply },
      json: { hidden: true },
      auth: otherAuth,
      status: 403,
    },
  ];
};
export default cases;
