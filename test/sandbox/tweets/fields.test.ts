// Every field and expansion a v2 tweet or user read can ask for, as X documents them: a reply with a video, a
// hashtag, a mention and a link; a quote of it; a poll; and a reply whose parent was deleted.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp4 } from '../../../bench/lib/media-files.mjs';
import { type Params, PeonyClient } from '../../../src/index.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';

const USER_FIELDS =
  'created_at,description,location,protected,verified,verified_type,url,profile_image_url,public_metrics';
const TWEET_FIELDS =
  'author_id,created_at,conversation_id,in_reply_to_user_id,attachments,referenced_tweets,entities,' +
  'display_text_range,lang,possibly_sensitive,reply_settings,source,edit_controls,public_metrics';
const EXPANSIONS =
  'author_id,in_reply_to_user_id,entities.mentions.username,attachments.media_keys,attachments.poll_ids,' +
  'referenced_tweets.id,referenced_tweets.id.author_id,referenced_tweets.id.attachments.media_keys';

type Json = Record<string, unknown>;

let sandbox: Sandbox;
let client: PeonyClient;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  client = new PeonyClient({ ...sandbox.credentials, baseUrl: sandbox.url });
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

const post = async (body: Params) =>
  ((await client.v2('tweets').post(body)) as { data: { id: string } }).data.id;

describe('v2 fields and expansions', () => {
  it('renders every user field', async () => {
    const me = (await client.v2('users', 'me').get({ 'user.fields': USER_FIELDS })) as { data: Json };
    expect(me.data).toMatchObject({
      id: sandbox.user.id,
      username: sandbox.user.username,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      description: expect.any(String),
      protected: false,
      verified: expect.any(Boolean),
      verified_type: expect.stringMatching(/^(blue|none)$/),
      url: '',
      profile_image_url: expect.stringMatching(/^https:\/\//),
      public_metrics: { followers_count: expect.any(Number), following_count: expect.any(Number) },
    });
    const metrics = me.data['public_metrics'] as Json;
    expect(metrics['post_count']).toBe(metrics['tweet_count']);
  });

  it('renders a reply with a video and entities, a quote of it and a poll, with all they expand to', async () => {
    const parent = await post({ text: 'the parent' });
    const video = await client.uploadMedia(mp4(200 * 1024, 41));
    const reply = await post({
      text: 'a clip for #peony @XDevelopers https://example.com/peony',
      reply: { in_reply_to_tweet_id: parent },
      media: { media_ids: [video.mediaId] },
    });
    const quote = await post({ text: 'about that clip', quote_tweet_id: reply });
    // X takes a poll or a quote on one post, not both.
    const polled = await post({
      text: 'which one?',
      poll: { options: ['this', 'that'], duration_minutes: 60 },
    });
    const read = (await client.v2('tweets').get({
      ids: `${reply},${quote},${polled}`,
      'tweet.fields': TWEET_FIELDS,
      'user.fields': USER_FIELDS,
      'media.fields': 'width,height,alt_text,url,preview_image_url,duration_ms,variants,public_metrics',
      'poll.fields': 'duration_minutes,end_datetime,voting_status',
      expansions: EXPANSIONS,
    })) as { data: Json[]; includes: { users: Json[]; media: Json[]; polls: Json[]; tweets: Json[] } };
    const [replied, quoted, withPoll] = read.data;
    expect(replied).toMatchObject({
      id: reply,
      author_id: sandbox.user.id,
      in_reply_to_user_id: sandbox.user.id,
      conversation_id: parent,
      attachments: { media_keys: [video.mediaKey] },
      referenced_tweets: [{ type: 'replied_to', id: parent }],
      entities: {
        hashtags: [{ tag: 'peony' }],
        mentions: [{ username: 'XDevelopers', id: sandbox.user.id }],
        urls: [
          { expanded_url: 'https://example.com/peony', display_url: 'example.com/peony' },
          // The t.co link X appends for the media, naming it.
          {
            media_key: video.mediaKey,
            display_url: expect.stringMatching(/^pic\.x\.com\//),
            expanded_url: `https://x.com/i/status/${reply}/video/1`,
          },
        ],
      },
      // The URL counts as its 23-character t.co link; the link appended for the video is left out.
      display_text_range: [0, [...'a clip for #peony @XDevelopers '].length + 23],
      lang: 'en',
      possibly_sensitive: false,
      reply_settings: 'everyone',
      source: expect.any(String),
      // A post with media cannot be edited.
      edit_controls: { edits_remaining: 5, is_edit_eligible: false },
      public_metrics: { quote_count: 1, reply_count: 0, like_count: 0 },
    });
    expect(quoted).toMatchObject({ referenced_tweets: [{ type: 'quoted', id: reply }] });
    expect(quoted).not.toHaveProperty('attachments');
    expect(withPoll).toMatchObject({ attachments: { poll_ids: [expect.any(String)] } });
    expect(withPoll).not.toHaveProperty('referenced_tweets');
    expect(read.includes.media).toEqual([
      expect.objectContaining({
        media_key: video.mediaKey,
        type: 'video',
        preview_image_url: expect.stringMatching(/^https:\/\/pbs\.twimg\.com\//),
        duration_ms: expect.any(Number),
        variants: [expect.objectContaining({ content_type: 'video/mp4', bit_rate: 832000 })],
        public_metrics: { view_count: 0 },
      }),
    ]);
    expect(read.includes.media[0]).not.toHaveProperty('url');
    expect(read.includes.polls).toEqual([
      expect.objectContaining({
        options: [expect.objectContaining({ label: 'this' }), expect.objectContaining({ label: 'that' })],
        duration_minutes: 60,
        end_datetime: expect.stringMatching(/^\d{4}-/),
        voting_status: 'open',
      }),
    ]);
    expect(read.includes.tweets.map((t) => t['id']).sort()).toEqual([parent, reply].sort());
    expect(read.includes.users.map((u) => u['id'])).toEqual([sandbox.user.id]);
  });

  it('answers with a partial error for a referenced post that was deleted', async () => {
    const parent = await post({ text: 'soon gone' });
    const reply = await post({ text: 'still here', reply: { in_reply_to_tweet_id: parent } });
    await client.v2('tweets', parent).delete();
    const read = (await client.v2('tweets', reply).get({ expansions: 'referenced_tweets.id' })) as {
      data: Json;
      errors: Json[];
    };
    expect(read.data).toMatchObject({ id: reply });
    expect(read.errors).toEqual([
      expect.objectContaining({
        title: 'Not Found Error',
        parameter: 'referenced_tweets.id',
        resource_id: parent,
        detail: `Could not find tweet with referenced_tweets.id: [${parent}].`,
      }),
    ]);
  });
});
