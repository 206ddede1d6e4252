// 30 different v2 endpoints through peony's typed path builder, each reading a typed field of the answer.
// Compiled (never run) by bench/types/run.mjs beside the same 30 calls written against twitter-api-v2.

import { PeonyClient } from 'peony';

const client = new PeonyClient({ bearerToken: 'x' });
const v2 = client.v2;
const id = '12';
const fields = { 'tweet.fields': ['created_at', 'public_metrics'], expansions: ['author_id'] } as const;
const userFields = { 'user.fields': ['created_at', 'description'] } as const;

export async function thirtyCalls(): Promise<unknown[]> {
  return [
    (await v2.tweets(id).get(fields)).data?.created_at,
    (await v2.tweets.get({ ids: [id], ...fields })).data?.[0]?.public_metrics?.like_count,
    (await v2.tweets.post({ text: 'hello' })).data?.id,
    (await v2.tweets(id).delete()).data?.deleted,
    (await v2.tweets.search.recent.get({ query: 'peony', ...fields })).meta?.next_token,
    (await v2.tweets.search.all.get({ query: 'peony', max_results: 10 })).data?.[0]?.text,
    (await v2.tweets.counts.recent.get({ query: 'peony', granularity: 'day' })).data?.[0]?.tweet_count,
    (await v2.tweets.counts.all.get({ query: 'peony' })).meta?.total_tweet_count,
    (await v2.tweets(id).liking_users.get(userFields)).data?.[0]?.username,
    (await v2.tweets(id).retweeted_by.get(userFields)).data?.[0]?.name,
    (await v2.tweets(id).quote_tweets.get({ max_results: 10 })).data?.[0]?.id,
    (await v2.tweets(id).hidden.put({ hidden: true })).data?.hidden,
    (await v2.users.me.get(userFields)).data?.username,
    (await v2.users(id).get(userFields)).data?.description,
    (await v2.users.by.username('jack').get(userFields)).data?.id,
    (await v2.users.get({ ids: [id], ...userFields })).data?.[0]?.created_at,
    (await v2.users.by.get({ usernames: ['jack'] })).data?.[0]?.id,
    (await v2.users(id).tweets.get({ max_results: 5, ...fields })).includes?.users?.[0]?.username,
    (await v2.users(id).mentions.get({ max_results: 5 })).data?.[0]?.text,
    (await v2.users(id).timelines.reverse_chronological.get({ max_results: 5 })).data?.[0]?.id,
    (await v2.users(id).followers.get({ max_results: 100, ...userFields })).meta?.result_count,
    (await v2.users(id).following.get({ max_results: 100 })).data?.[0]?.id,
    (await v2.users(id).following.post({ target_user_id: '13' })).data?.following,
    (await v2.users(id).likes.post({ tweet_id: id })).data?.liked,
    (await v2.users(id).liked_tweets.get({ max_results: 10 })).data?.[0]?.id,
    (await v2.users(id).retweets.post({ tweet_id: id })).data?.retweeted,
    (await v2.users(id).bookmarks.get({ max_results: 10 })).data?.[0]?.id,
    (await v2.users(id).blocking.get({ max_results: 10 })).data?.[0]?.id,
    (await v2.lists.post({ name: 'flowers' })).data?.id,
    (await v2.lists(id).members.get(userFields)).data?.[0]?.username,
  ];
}
