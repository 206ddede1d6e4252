// Editing a post the way X's official SDK does it: POST /2/tweets with `edit_options.previous_post_id`. The
// edit is a new post carrying the whole edit history; the old version stays readable by id but leaves
// timelines and search; edits are the author's, of the latest version, five at most, within an hour.
import type { Client } from '@xdevplatform/xdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CheckingProxy, checkingProxy } from './checking-proxy.js';
import { appAndUserClient } from './xdk-setup.js';

let sb: Sandbox;
let proxy: CheckingProxy;
let sdk: Client;
let other: Client;

beforeAll(async () => {
  // The hour-long edit window is crossed by moving the sandbox clock; OAuth 1.0a timestamps must still pass.
  sb = await startSandbox({ timestampSkewSecs: 2 * 60 * 60 });
  proxy = await checkingProxy(sb.url);
  const through = { ...sb, url: proxy.url };
  sdk = appAndUserClient(through);
  other = appAndUserClient(through, sb.createUser({ screenName: 'edit_other' }));
});
afterAll(async () => {
  await proxy?.close();
  await sb?.close();
});

/** The SDK throws on a non-2xx answer; its status and body are what a bot sees. */
async function refusal(attempt: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  const error = (await attempt.then(
    () => ({}),
    (caught: unknown) => caught,
  )) as { status?: number; data?: unknown };
  return { status: error.status ?? 0, data: error.data };
}

describe('post edits through the official X SDK', () => {
  it('makes an edit a new post with the whole history, and shows only the latest version in lists', async () => {
    const first = (await sdk.posts.create({ text: 'teh first version #xdkedit' })).data?.id ?? '';
    const edited = await sdk.posts.create({
      text: 'the first version #xdkedit',
      editOptions: { previousPostId: first },
    });
    const second = edited.data?.id ?? '';
    expect(second).not.toBe(first);
    // The SDK types the document's `edit_history_post_ids`; the sandbox sends X's `edit_history_tweet_ids`.
    expect((edited.data as { editHistoryTweetIds?: string[] }).editHistoryTweetIds).toEqual([first, second]);

    const latest = await sdk.posts.getById(second, { postFields: ['edit_controls', 'conversation_id'] });
    expect(latest.data).toMatchObject({
      text: 'the first version #xdkedit',
      editHistoryTweetIds: [first, second],
      conversationId: first,
      editControls: { editsRemaining: 4, isEditEligible: true },
    });
    const old = await sdk.posts.getById(first);
    expect(old.data).toMatchObject({
      text: 'teh first version #xdkedit',
      editHistoryTweetIds: [first, second],
    });

    const timeline = await sdk.users.getPosts(sb.user.id, { maxResults: 5 });
    expect(timeline.data?.map((post) => post.id)).toEqual([second]);
    const found = await sdk.posts.searchRecent('#xdkedit');
    expect(found.data?.map((post) => post.id)).toEqual([second]);
    expect(proxy.violations()).toEqual([]);
  });

  it("refuses editing an old version, someone else's post, a sixth edit and an edit after an hour", async () => {
    let latest = (await sdk.posts.create({ text: 'edit me 0' })).data?.id ?? '';
    const original = latest;
    for (let edit = 1; edit <= 5; edit++) {
      latest =
        (await sdk.posts.create({ text: `edit me ${edit}`, editOptions: { previousPostId: latest } })).data
          ?.id ?? '';
    }
    const sixth = await refusal(
      sdk.posts.create({ text: 'edit me 6', editOptions: { previousPostId: latest } }),
    );
    expect(sixth).toMatchObject({ status: 403, data: { detail: 'This Tweet can no longer be edited.' } });
    const stale = await refusal(
      sdk.posts.create({ text: 'edit me again', editOptions: { previousPostId: original } }),
    );
    expect(stale).toMatchObject({
      status: 403,
      data: { detail: 'Only the latest version of a Tweet can be edited.' },
    });
    const foreign = await refusal(
      other.posts.create({ text: 'not mine', editOptions: { previousPostId: latest } }),
    );
    expect(foreign).toMatchObject({
      status: 403,
      data: { type: 'https://api.x.com/2/problems/not-authorized-for-resource' },
    });

    const late = (await sdk.posts.create({ text: 'edit me later' })).data?.id ?? '';
    sb.clock.advance(61 * 60 * 1000);
    const tooLate = await refusal(
      sdk.posts.create({ text: 'edited later', editOptions: { previousPostId: late } }),
    );
    expect(tooLate).toMatchObject({ status: 403, data: { detail: 'This Tweet can no longer be edited.' } });
    const missing = await refusal(
      sdk.posts.create({ text: 'edit nothing', editOptions: { previousPostId: '1' } }),
    );
    expect(missing.status).toBe(403);
  });
});
