// One or more operations of every tag in X's document, through client.v2: a misspelt parameter, a wrong enum
// value, a wrong scalar and a missing required body field do not compile, and answers carry the documented fields.
// Compiled by vitest's typecheck mode, never run.

import { describe, expectTypeOf, it } from 'vitest';
import type { ApiResponse, PeonyClient, XComponents } from '../../src/index.js';

declare const client: PeonyClient;
type Schemas = XComponents['schemas'];
const id = '2244994945';

describe('Posts and Tweets', () => {
  it('types the query, the answer and the includes of GET /2/tweets', async () => {
    const answer = await client.v2.tweets.get({
      ids: ['1', '2'],
      'tweet.fields': ['created_at', 'public_metrics', 'author_id'],
      expansions: ['author_id', 'referenced_tweets.id'],
      'user.fields': ['username', 'verified'],
    });
    expectTypeOf(answer.data).toEqualTypeOf<readonly Schemas['Post'][] | undefined>();
    expectTypeOf(answer.includes).toEqualTypeOf<Schemas['Expansions'] | undefined>();
    expectTypeOf(answer.errors).toEqualTypeOf<readonly Schemas['Problem'][] | undefined>();
    const post = answer.data?.[0];
    expectTypeOf(post?.id).toEqualTypeOf<string | undefined>();
    expectTypeOf<Schemas['Post']['id']>().toEqualTypeOf<string>();
    expectTypeOf<Schemas['Post']['text']>().toEqualTypeOf<string>();
    expectTypeOf(answer.includes?.users?.[0]?.username).toEqualTypeOf<string | undefined>();
    // @ts-expect-error ids is required
    client.v2.tweets.get({ 'tweet.fields': ['created_at'] });
    // @ts-expect-error not a tweet field
    client.v2.tweets.get({ ids: ['1'], 'tweet.fields': ['not_a_field'] });
    // @ts-expect-error misspelt parameter
    client.v2.tweets.get({ ids: ['1'], 'tweet.feilds': ['created_at'] });
    // @ts-expect-error ids is a list, not a string
    client.v2.tweets.get({ ids: '1' });
  });

  it('types the body of POST /2/tweets and its answer', async () => {
    const posted = await client.v2.tweets.post({ text: 'hello', reply: { in_reply_to_tweet_id: '1' } });
    expectTypeOf(posted.data?.id).toEqualTypeOf<string | undefined>();
    expectTypeOf(posted.data?.text).toEqualTypeOf<string | undefined>();
    // @ts-expect-error misspelt body field
    client.v2.tweets.post({ txet: 'hi' });
    // @ts-expect-error reply needs in_reply_to_tweet_id
    client.v2.tweets.post({ text: 'hi', reply: {} });
    // @ts-expect-error reply_settings is an enum
    client.v2.tweets.post({ text: 'hi', reply_settings: 'everyone' });
  });

  it('accepts the document names (post.fields, repost_count) beside the tweet names', async () => {
    const one = await client.v2
      .tweets(id)
      .get({ 'post.fields': ['public_metrics'], 'tweet.fields': ['lang'] });
    expectTypeOf(one.data?.public_metrics?.retweet_count).toEqualTypeOf<number | undefined>();
    expectTypeOf(one.data?.public_metrics?.repost_count).toEqualTypeOf<number | undefined>();
    expectTypeOf(one.data?.referenced_tweets).toEqualTypeOf(one.data?.referenced_posts);
    expectTypeOf(one.includes?.tweets).toEqualTypeOf(one.includes?.posts);
  });

  it('types DELETE /2/tweets/:id and PUT hidden replies', async () => {
    const deleted = await client.v2.tweets(id).delete();
    expectTypeOf(deleted.data?.deleted).toEqualTypeOf<boolean | undefined>();
    const hidden = await client.v2.tweets(id).hidden.put({ hidden: true });
    expectTypeOf(hidden.data?.hidden).toEqualTypeOf<boolean | undefined>();
    // @ts-expect-error hidden is a boolean
    client.v2.tweets(id).hidden.put({ hidden: 'yes' });
    // @ts-expect-error DELETE /2/tweets/:id takes no parameters
    client.v2.tweets(id).delete({ force: true });
  });
});

describe('Users', () => {
  it('types GET /2/users/me with no type argument', async () => {
    const me = await client.v2.users.me.get({ 'user.fields': ['created_at', 'public_metrics'] });
    expectTypeOf(me.data?.username).toEqualTypeOf<string | undefined>();
    expectTypeOf(me.data?.public_metrics?.followers_count).toEqualTypeOf<number | undefined>();
    // @ts-expect-error not a user field
    client.v2.users.me.get({ 'user.fields': ['not_a_field'] });
  });

  it('types the property, index and call forms of a path parameter alike', async () => {
    const byCall = client.v2.users(id).tweets.get({ max_results: 5 });
    const byIndex = client.v2.users[id]?.tweets.get({ max_results: 5 });
    const byNumber = client.v2.users(2244994945).tweets.get({ max_results: 5 });
    const byName = await client.v2.users.by.username('jack').get({ 'user.fields': ['verified'] });
    expectTypeOf(byIndex).toEqualTypeOf<typeof byCall | undefined>();
    expectTypeOf(byNumber).toEqualTypeOf(byCall);
    expectTypeOf((await byCall).meta?.next_token).toEqualTypeOf<string | undefined>();
    expectTypeOf(byName.data?.verified).toEqualTypeOf<boolean | undefined>();
    // @ts-expect-error max_results is a number
    client.v2.users(id).tweets.get({ max_results: 'five' });
    // @ts-expect-error exclude takes replies and retweets only
    client.v2.users(id).tweets.get({ exclude: ['quotes'] });
  });

  it('types .withResponse() and .paginate() items', async () => {
    const response = await client.v2.users(id).followers.get({ max_results: 10 }).withResponse();
    expectTypeOf(response).toEqualTypeOf<ApiResponse<Schemas['GetUsersFollowersResponse']>>();
    expectTypeOf(response.data.data?.[0]?.name).toEqualTypeOf<string | undefined>();
    for await (const tweet of client.v2.users(id).tweets.paginate({ max_results: 100 })) {
      expectTypeOf(tweet).toEqualTypeOf<Schemas['Post']>();
    }
    const pages = client.v2
      .users(id)
      .followers.paginate({ 'user.fields': ['location'] })
      .pages();
    for await (const page of pages) expectTypeOf(page.data).toEqualTypeOf<readonly Schemas['User'][]>();
    // @ts-expect-error not a parameter of the followers list
    client.v2.users(id).followers.paginate({ query: 'x' });
  });
});

describe('Search and Counts', () => {
  it('requires the query of search/recent and counts/recent', async () => {
    const found = await client.v2.tweets.search.recent.get({ query: 'peony', sort_order: 'recency' });
    expectTypeOf(found.meta?.newest_id).toEqualTypeOf<string | undefined>();
    const counts = await client.v2.tweets.counts.recent.get({ query: 'peony', granularity: 'hour' });
    expectTypeOf(counts.data?.[0]?.tweet_count).toEqualTypeOf<number | undefined>();
    // @ts-expect-error query is required
    client.v2.tweets.search.recent.get({ max_results: 10 });
    // @ts-expect-error granularity is minute, hour or day
    client.v2.tweets.counts.recent.get({ query: 'x', granularity: 'week' });
    const news = await client.v2.news.search.get({ query: 'flowers' });
    expectTypeOf(news.data).not.toBeUnknown();
  });
});

describe('Lists, Bookmarks, Likes, Mutes', () => {
  it('requires documented body fields', async () => {
    const list = await client.v2.lists.post({ name: 'flowers', private: true });
    expectTypeOf(list.data?.id).toEqualTypeOf<string | undefined>();
    // @ts-expect-error name is required
    client.v2.lists.post({ description: 'no name' });
    const folder = await client.v2.users(id).bookmarks.folders.post({ name: 'f' });
    expectTypeOf(folder.data).not.toBeUnknown();
    // @ts-expect-error name is required
    client.v2.users(id).bookmarks.folders.post({});
    const liked = await client.v2.users(id).likes.post({ tweet_id: '1' });
    expectTypeOf(liked.data?.liked).toEqualTypeOf<boolean | undefined>();
    // @ts-expect-error tweet_id is required
    client.v2.users(id).likes.post({ tweetId: '1' });
    const unmuted = await client.v2.users(id).muting('2').delete();
    expectTypeOf(unmuted.data?.muting).toEqualTypeOf<boolean | undefined>();
    const members = await client.v2.lists(id).members.get({ 'user.fields': ['name'] });
    expectTypeOf(members.data?.[0]?.id).toEqualTypeOf<string | undefined>();
  });
});

describe('Spaces, Communities, Community Notes, News, Trends', () => {
  it('types their queries and answers', async () => {
    const spaces = await client.v2.spaces.get({ ids: ['1'], 'space.fields': ['title', 'state'] });
    expectTypeOf(spaces.data?.[0]?.state).not.toBeUnknown();
    // @ts-expect-error not a space field
    client.v2.spaces.get({ ids: ['1'], 'space.fields': ['titel'] });
    const community = await client.v2.communities(id).get({ 'community.fields': ['name'] });
    expectTypeOf(community.data).not.toBeUnknown();
    const notes = await client.v2.notes.search.notes_written.get({ test_mode: true });
    expectTypeOf(notes.data).not.toBeUnknown();
    // @ts-expect-error test_mode is required
    client.v2.notes.search.notes_written.get({});
    // @ts-expect-error post_id and info are required too
    client.v2.notes.post({ test_mode: true });
    const news = await client.v2.news(id).get();
    expectTypeOf(news.data).not.toBeUnknown();
    const trends = await client.v2.trends.by.woeid(1).get({ max_trends: 5 });
    expectTypeOf(trends.data?.[0]?.trend_name).toEqualTypeOf<string | undefined>();
    const mine = await client.v2.users.personalized_trends.get();
    expectTypeOf(mine.data).not.toBeUnknown();
  });
});

describe('Direct Messages, Chats, Media', () => {
  it('types their queries, bodies and answers', async () => {
    const events = await client.v2.dm_conversations
      .with(id)
      .dm_events.get({ event_types: ['MessageCreate'] });
    expectTypeOf(events.data?.[0]?.event_type).not.toBeUnknown();
    // @ts-expect-error not an event type
    client.v2.dm_conversations.with(id).dm_events.get({ event_types: ['Typing'] });
    const chats = await client.v2.chat.conversations.get({ max_results: 10 });
    expectTypeOf(chats.data).not.toBeUnknown();
    const media = await client.v2.media.get({ media_keys: ['3_1'], 'media.fields': ['url', 'width'] });
    expectTypeOf(media.data?.[0]?.media_key).toEqualTypeOf<string | undefined>();
    // @ts-expect-error id is required
    client.v2.media.metadata.post({ metadata: {} });
    const initialized = await client.v2.media.upload.initialize.post({
      media_type: 'image/png',
      total_bytes: 10,
    });
    expectTypeOf(initialized.data?.id).toEqualTypeOf<string | undefined>();
  });
});

describe('Compliance, Connections, Usage, Webhooks, Account Activity, Activity', () => {
  it('types their queries, bodies and answers', async () => {
    const jobs = await client.v2.compliance.jobs.get({ type: 'tweets' });
    expectTypeOf(jobs.data?.[0]?.status).not.toBeUnknown();
    // @ts-expect-error type is tweets or users
    client.v2.compliance.jobs.get({ type: 'posts' });
    // @ts-expect-error type is required
    client.v2.compliance.jobs.post({ name: 'job' });
    const connections = await client.v2.connections.get({ max_results: 10 });
    expectTypeOf(connections.data).not.toBeUnknown();
    // @ts-expect-error uuids is required
    client.v2.connections.delete({}, { json: true });
    const usage = await client.v2.usage.tweets.get({ days: 7 });
    expectTypeOf(usage.data).not.toBeUnknown();
    const hooks = await client.v2.webhooks.get();
    expectTypeOf(hooks.data).not.toBeUnknown();
    const count = await client.v2.account_activity.subscriptions.count.get();
    expectTypeOf(count.data).not.toBeUnknown();
    const subscriptions = await client.v2.activity.subscriptions.get({ max_results: 10 });
    expectTypeOf(subscriptions.data).not.toBeUnknown();
    // @ts-expect-error event_type and filter are required
    client.v2.activity.subscriptions.post({ tag: 'x' });
  });
});

describe('Articles, Broadcasts, Stream, General', () => {
  it('types their queries, bodies and answers', async () => {
    // @ts-expect-error title and content_state are required
    client.v2.articles.draft.post({ title: 'only a title' });
    const broadcasts = await client.v2.broadcasts.scheduled.get({ max_results: 10 });
    expectTypeOf(broadcasts.data).not.toBeUnknown();
    const rules = await client.v2.tweets.search.stream.rules.get({ max_results: 100 });
    expectTypeOf(rules.data?.[0]?.value).toEqualTypeOf<string | undefined>();
    // @ts-expect-error add is a list of rules with a value
    client.v2.tweets.search.stream.rules.post({ add: [{ tag: 'no value' }] });
    // A path the document lacks still works, untyped, as before.
    const other = await client.v2('not_in_the_document', 'x').get({ anything: 1 });
    expectTypeOf(other).toBeUnknown();
    const openapi = await client.v2['openapi.json']?.get();
    expectTypeOf(openapi).not.toBeNever();
  });
});
