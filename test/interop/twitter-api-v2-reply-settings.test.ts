// Who may reply, as twitter-api-v2 sets it (`reply_settings` on v2.tweet) and reads it back
// (`tweet.fields=reply_settings`), and how a reply outside the setting is refused on v2 and v1.1.
import http from 'node:http';
import { ApiResponseError, type TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { userClient } from './twitter-api-v2-wiring.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let agent: http.Agent;
let author: TwitterApi;
let followed: TwitterApi;
let stranger: TwitterApi;

beforeAll(async () => {
  sb = await startSandbox();
  proxy = await checkingProxy(sb.url);
  agent = new http.Agent({ keepAlive: true });
  const friend = sb.createUser({ screenName: 'rs_followed' });
  const other = sb.createUser({ screenName: 'rs_stranger' });
  author = userClient(sb, agent, sb.credentials, proxy.url);
  followed = userClient(sb, agent, friend, proxy.url);
  stranger = userClient(sb, agent, other, proxy.url);
  await author.v2.follow(sb.user.id, friend.user.id);
});
afterAll(async () => {
  agent?.destroy();
  await proxy?.close();
  await sb?.close();
});

async function refusal(attempt: Promise<unknown>): Promise<ApiResponseError> {
  const error = await attempt.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiResponseError);
  return error as ApiResponseError;
}

describe('reply settings through twitter-api-v2', () => {
  it('keeps the setting a post was made with and shows it in tweet.fields', async () => {
    const made = await author.v2.tweet('only people I follow may answer', { reply_settings: 'following' });
    const open = await author.v2.tweet('anyone may answer');
    const read = await stranger.v2.tweets([made.data.id, open.data.id], {
      'tweet.fields': ['reply_settings'],
    });
    expect(read.data.map((tweet) => tweet.reply_settings)).toEqual(['following', 'everyone']);
    expect(proxy.violations()).toEqual([]);
  });

  it('lets the author, people they follow and people they mention reply, and refuses the rest', async () => {
    const following = await author.v2.tweet('a question for those I follow', { reply_settings: 'following' });
    expect((await followed.v2.reply('an answer', following.data.id)).data.id).toMatch(/^\d+$/);
    expect((await author.v2.reply('my own answer', following.data.id)).data.id).toMatch(/^\d+$/);
    const v2Refused = await refusal(stranger.v2.reply('may I?', following.data.id));
    expect(v2Refused.code).toBe(403);
    expect(v2Refused.data).toMatchObject({
      type: 'about:blank',
      title: 'Forbidden',
      detail: 'The original Tweet author restricted who can reply to this Tweet.',
    });
    const v1Refused = await refusal(stranger.v1.reply('@XDevelopers may I?', following.data.id));
    expect(v1Refused.errors).toEqual([
      { code: 433, message: 'The original Tweet author restricted who can reply to this Tweet.' },
    ]);

    const mentioned = await author.v2.tweet('only you, @rs_stranger', { reply_settings: 'mentionedUsers' });
    expect((await stranger.v2.reply('me!', mentioned.data.id)).data.id).toMatch(/^\d+$/);
    await refusal(followed.v2.reply('and me?', mentioned.data.id));
    expect(proxy.violations()).toEqual([]);
  });
});
