// X's official TypeScript SDK against the sandbox, changed only in its base URL: user lookup, posting, chunked
// v2 media upload, a paginated timeline, recent search and deletion, under the credentials it picks itself
// (bearer for reads, OAuth 1.0a for writes) and under an OAuth 2.0 user token.
import { type Client, PostPaginator } from '@xdevplatform/xdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { mp4, png, sha256 } from '../sandbox/media/fixtures.js';
import { appAndUserClient, oauth2UserToken, userTokenClient } from './xdk-setup.js';

let sb: Sandbox;
let sdk: Client;
let sdkOAuth2: Client;

beforeAll(async () => {
  sb = await startSandbox({ mediaProcessing: { stepMs: 1, steps: 1, checkAfterSecs: 1 } });
  sdk = appAndUserClient(sb);
  const token = await oauth2UserToken(sb, [
    'tweet.read',
    'tweet.write',
    'users.read',
    'media.write',
    'offline.access',
  ]);
  sdkOAuth2 = userTokenClient(sb, token);
});
afterAll(async () => {
  await sb?.close();
});

interface Inspection {
  sha256: string;
  totalBytes: number;
  state: string;
  segments: unknown[];
}

/** The SDK's own chunked upload sequence: initialize, append base64 segments, finalize. */
async function uploadInChunks(client: Client, bytes: Buffer, mediaType: 'image/png' | 'video/mp4') {
  const category = mediaType === 'video/mp4' ? 'tweet_video' : 'tweet_image';
  const init = await client.media.initializeUpload({
    mediaType,
    totalBytes: bytes.length,
    mediaCategory: category,
  });
  const id = init.data?.id;
  if (id === undefined) throw new Error(`initialize gave no id: ${JSON.stringify(init)}`);
  const size = 64 * 1024;
  for (let index = 0; index * size < bytes.length; index++) {
    const segment = bytes.subarray(index * size, (index + 1) * size);
    await client.media.appendUpload(id, { media: segment.toString('base64'), segmentIndex: index });
  }
  const finalized = await client.media.finalizeUpload(id);
  return { id, finalized };
}

describe('the official X SDK (@xdevplatform/xdk) against the sandbox', () => {
  it('looks users up: me, by username, by id', async () => {
    const me = await sdk.users.getMe({ userFields: ['created_at', 'public_metrics'] });
    expect(me.data).toMatchObject({ id: '2244994945', username: 'XDevelopers', name: 'X Developers' });
    expect(me.data?.publicMetrics?.followersCount).toBeTypeOf('number');

    const byName = await sdk.users.getByUsername('XDevelopers', { userFields: ['description'] });
    expect(byName.data?.id).toBe('2244994945');
    const byId = await sdk.users.getById('2244994945');
    expect(byId.data?.username).toBe('XDevelopers');

    const meOAuth2 = await sdkOAuth2.users.getMe();
    expect(meOAuth2.data?.id).toBe('2244994945');
  });

  it('uploads an image and a video in chunks, intact, and posts them', async () => {
    const image = png(64, 48, 150_000);
    const video = mp4(200_000);
    const uploadedImage = await uploadInChunks(sdk, image, 'image/png');
    const uploadedVideo = await uploadInChunks(sdkOAuth2, video, 'video/mp4');
    expect(uploadedImage.finalized.data?.id).toBe(uploadedImage.id);

    const storedImage = (await sb.inspect.media(uploadedImage.id)) as Inspection;
    expect(storedImage).toMatchObject({ sha256: sha256(image), totalBytes: image.length });
    const storedVideo = (await sb.inspect.media(uploadedVideo.id)) as Inspection;
    expect(storedVideo).toMatchObject({ sha256: sha256(video), totalBytes: video.length });
    expect(storedVideo.segments.length).toBe(Math.ceil(video.length / (64 * 1024)));

    const status = await sdk.media.getUploadStatus(uploadedVideo.id);
    expect(status.data?.processingInfo?.state).toBe('succeeded');

    const posted = await sdk.posts.create({
      text: 'a picture via the X SDK',
      media: { mediaIds: [uploadedImage.id] },
    });
    // X ends a post with media with a t.co link for it.
    expect(posted.data?.text).toMatch(/^a picture via the X SDK https:\/\/t\.co\/[A-Za-z0-9]{10}$/);
    const postedVideo = await sdkOAuth2.posts.create({
      text: 'a video via the X SDK',
      media: { mediaIds: [uploadedVideo.id] },
    });

    const read = await sdk.posts.getByIds([posted.data?.id ?? '', postedVideo.data?.id ?? ''], {
      expansions: ['attachments.media_keys'],
      mediaFields: ['type'],
    });
    expect(read.data?.map((post) => post.id)).toEqual([posted.data?.id, postedVideo.data?.id]);
    expect(read.includes?.media).toEqual([
      { mediaKey: `3_${uploadedImage.id}`, type: 'photo' },
      { mediaKey: `7_${uploadedVideo.id}`, type: 'video' },
    ]);
  });

  it('pages through a timeline with its paginator, following next_token to the end', async () => {
    const author = await sb.createUser({ screenName: 'xdk_timeline' });
    const authorSdk = appAndUserClient(sb, author);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const created = await authorSdk.posts.create({ text: `timeline post ${i} #xdkpaging` });
      ids.push(created.data?.id ?? '');
    }
    const pages: number[] = [];
    const timeline = new PostPaginator(async (token) => {
      const page = await sdk.users.getPosts(author.user.id, {
        maxResults: 5,
        ...(token !== undefined ? { paginationToken: token } : {}),
      });
      pages.push(page.data?.length ?? 0);
      return { data: page.data ?? [], ...(page.meta ? { meta: page.meta } : {}) };
    });
    const seen: string[] = [];
    for await (const post of timeline) seen.push(post.id);
    expect(pages).toEqual([5, 5, 2]);
    expect(seen).toEqual([...ids].reverse());
  });

  it('finds posts with recent search and deletes one, after which search and lookup no longer see it', async () => {
    const first = await sdk.posts.create({ text: 'searching with the SDK #xdksearch' });
    const second = await sdkOAuth2.posts.create({ text: 'searching again #xdksearch' });
    const query = '#xdksearch from:XDevelopers';
    const found = await sdk.posts.searchRecent(query, {
      postFields: ['created_at', 'conversation_id'],
      expansions: ['author_id'],
      maxResults: 10,
    });
    expect(found.data?.map((post) => post.id)).toEqual([second.data?.id, first.data?.id]);
    expect(found.data?.[0]).toMatchObject({ authorId: '2244994945', conversationId: second.data?.id });
    expect(found.data?.[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(found.includes?.users?.map((user) => user.username)).toEqual(['XDevelopers']);
    expect(found.meta?.resultCount).toBe(2);

    const deleted = await sdk.posts.delete(first.data?.id ?? '');
    expect(deleted.data?.deleted).toBe(true);
    const deletedOAuth2 = await sdkOAuth2.posts.delete(second.data?.id ?? '');
    expect(deletedOAuth2.data?.deleted).toBe(true);

    const after = await sdk.posts.searchRecent(query);
    expect(after.data ?? []).toEqual([]);
    const lookup = await sdk.posts.getById(first.data?.id ?? '');
    expect(lookup.data).toBeUndefined();
    expect(lookup.errors?.[0]).toMatchObject({ resourceId: first.data?.id, resourceType: 'tweet' });
  });
});
