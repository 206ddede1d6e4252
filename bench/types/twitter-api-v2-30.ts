// The same 30 v2 endpoints as peony-30.ts, written against twitter-api-v2, each reading a typed field.

import { TwitterApi } from 'twitter-api-v2';

const v2 = new TwitterApi('x').v2;
const id = '12';
const fields = { 'tweet.fields': ['created_at', 'public_metrics'], expansions: ['author_id'] } as const;

export async function thirtyCalls(): Promise<unknown[]> {
  return [
    (
      await v2.singleTweet(id, {
        ...fields,
        'tweet.fields': [...fields['tweet.fields']],
        expansions: [...fields.expansions],
      })
    ).data.created_at,
    (await v2.tweets([id], { 'tweet.fields': ['created_at', 'public_metrics'], expansions: ['author_id'] }))
      .data[0]?.public_metrics?.like_count,
    (await v2.tweet('hello')).data.id,
    (await v2.deleteTweet(id)).data.deleted,
    (await v2.search('peony', { 'tweet.fields': ['created_at'], expansions: ['author_id'] })).meta.next_token,
    (await v2.searchAll('peony', { max_results: 10 })).tweets[0]?.text,
    (await v2.tweetCountRecent('peony', { granularity: 'day' })).data[0]?.tweet_count,
    (await v2.tweetCountAll('peony')).meta.total_tweet_count,
    (await v2.tweetLikedBy(id, { 'user.fields': ['created_at', 'description'] })).data[0]?.username,
    (await v2.tweetRetweetedBy(id, { 'user.fields': ['created_at', 'description'] })).data[0]?.name,
    (await v2.quotes(id, { max_results: 10 })).tweets[0]?.id,
    (await v2.hideReply(id, true)).data.hidden,
    (await v2.me({ 'user.fields': ['created_at', 'description'] })).data.username,
    (await v2.user(id, { 'user.fields': ['created_at', 'description'] })).data.description,
    (await v2.userByUsername('jack', { 'user.fields': ['created_at', 'description'] })).data.id,
    (await v2.users([id], { 'user.fields': ['created_at', 'description'] })).data[0]?.created_at,
    (await v2.usersByUsernames(['jack'])).data[0]?.id,
    (await v2.userTimeline(id, { max_results: 5, 'tweet.fields': ['created_at'], expansions: ['author_id'] }))
      .includes.users[0]?.username,
    (await v2.userMentionTimeline(id, { max_results: 5 })).tweets[0]?.text,
    (await v2.homeTimeline({ max_results: 5 })).tweets[0]?.id,
    (await v2.followers(id, { max_results: 100, 'user.fields': ['created_at', 'description'] })).meta
      .result_count,
    (await v2.following(id, { max_results: 100 })).data[0]?.id,
    (await v2.follow(id, '13')).data.following,
    (await v2.like(id, id)).data.liked,
    (await v2.userLikedTweets(id, { max_results: 10 })).tweets[0]?.id,
    (await v2.retweet(id, id)).data.retweeted,
    (await v2.bookmarks({ max_results: 10 })).tweets[0]?.id,
    (await v2.userBlockingUsers(id, { max_results: 10 })).users[0]?.id,
    (await v2.createList({ name: 'flowers' })).data.id,
    (await v2.listMembers(id, { 'user.fields': ['created_at', 'description'] })).users[0]?.username,
  ];
}
