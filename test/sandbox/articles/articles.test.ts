// Articles as a user's tool writes them: a draft with DraftJS content, then publishing it, which posts a link to
// it as the author (seen on a connected stream and in the author's timeline); only the author may publish.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { openStream } from '../streams/stream-reader.js';
import { type Auth, call } from '../tweets/signed-client.js';

let sb: Sandbox;
let user: Auth;

beforeEach(async () => {
  sb = await startSandbox();
  user = { user: sb.credentials };
});
afterEach(() => sb.close());

const draft = (title: string, auth: Auth = user) =>
  call<{ data: { id: string; title: string } }>(sb.url, 'POST', '/2/articles/draft', {
    json: {
      title,
      content_state: {
        blocks: [
          { type: 'header-one', text: title },
          {
            type: 'unstyled',
            text: 'Streams, partitions and replay.',
            inline_style_ranges: [{ offset: 0, length: 7, style: 'bold' }],
          },
        ],
        entities: [],
      },
    },
    auth,
  });

describe('articles', () => {
  it('drafts, then publishes as a post of the author that a connected bot sees', async () => {
    const created = await draft('How the sandbox streams');
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({
      id: expect.stringMatching(/^[0-9]+$/),
      title: 'How the sandbox streams',
    });

    const stream = await openStream(sb.url, '/2/tweets/sample/stream', sb.credentials.bearerToken);
    try {
      const published = await call<{ data: { post_id: string } }>(
        sb.url,
        'POST',
        `/2/articles/${created.body.data.id}/publish`,
        { auth: user },
      );
      expect(published.status).toBe(200);
      const postId = published.body.data.post_id;
      await stream.waitFor((text) => text.includes(postId));
      expect(stream.messages()[0]?.['data']).toMatchObject({
        id: postId,
        // The article's link, as X sends every link: a t.co link.
        text: expect.stringMatching(/^How the sandbox streams https:\/\/t\.co\/[A-Za-z0-9]{10}$/),
      });
      const post = await call<{ data: { entities: { urls: { expanded_url: string }[] } } }>(
        sb.url,
        'GET',
        `/2/tweets/${postId}`,
        { query: { 'tweet.fields': 'entities' }, auth: user },
      );
      expect(post.body.data.entities.urls.map((url) => url.expanded_url)).toEqual([
        `https://x.com/i/article/${created.body.data.id}`,
      ]);
      const again = await call<{ data: { post_id: string } }>(
        sb.url,
        'POST',
        `/2/articles/${created.body.data.id}/publish`,
        { auth: user },
      );
      expect(again.body.data.post_id).toBe(postId);
      const timeline = await call<{ data: { id: string }[] }>(
        sb.url,
        'GET',
        `/2/users/${sb.user.id}/tweets`,
        {
          auth: user,
        },
      );
      expect(timeline.body.data.map((post) => post.id)).toEqual([postId]);
    } finally {
      stream.close();
      await stream.finished;
    }
  });

  it('lets only the author publish, and says which draft does not exist', async () => {
    const created = await draft('Mine');
    const other = sb.createUser({ screenName: 'not_the_author' });
    const asOther = {
      user: { ...sb.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret },
    };
    const theirs = await call(sb.url, 'POST', `/2/articles/${created.body.data.id}/publish`, {
      auth: asOther,
    });
    expect(theirs.status).toBe(403);
    const missing = await call<{ type: string }>(sb.url, 'POST', '/2/articles/1/publish', { auth: user });
    expect([missing.status, missing.body.type]).toEqual([
      404,
      'https://api.x.com/2/problems/resource-not-found',
    ]);
    const asApp = await call(sb.url, 'POST', '/2/articles/draft', {
      json: { title: 'x', content_state: { blocks: [], entities: [] } },
      auth: { bearer: sb.credentials.bearerToken },
    });
    expect(asApp.status).toBe(403);
  });
});
