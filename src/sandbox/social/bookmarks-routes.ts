// Bookmarks and bookmark folders, all as oneself. A bookmark counts in `public_metrics.bookmark_count`;
// a deleted post leaves the lists.

import type { FastifyInstance } from 'fastify';
import { type SandboxContext, v2Problem } from '../context.js';
import { problemType } from '../errors.js';
import { requireSelf } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { bodyField, findPost, postList, postsOf, route } from './common.js';
import { socialGraph } from './graph.js';
import { seenBy } from './post-filters.js';

const READ = { need: 'user', scopes: ['bookmark.read', 'tweet.read', 'users.read'] } as const;
const WRITE = {
  need: 'user',
  scopes: ['bookmark.write', 'tweet.read', 'users.read'],
  kinds: ['oauth2-user'],
} as const;

export function registerBookmarkRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const social = socialGraph(ctx);

  route(app, ctx, 'GET', '/2/users/:id/bookmarks', READ, ({ auth, path, params }) => {
    const user = requireSelf(auth, path['id']);
    // A bookmark of a post its owner may no longer see (its author went protected, or was unfollowed) stays
    // stored but out of the list, as on X.
    const bookmarked = postsOf(ctx, social.bookmarks.newestFirst(user.id)).filter(seenBy(ctx, user.id));
    const page = offsetPage(bookmarked, params, 100);
    return postList(ctx, user.id, page.items, params, page.meta);
  });

  route(app, ctx, 'POST', '/2/users/:id/bookmarks', WRITE, ({ auth, path, request }) => {
    const user = requireSelf(auth, path['id']);
    const found = findPost(ctx, bodyField(request, 'tweet_id'), 'tweet_id');
    if ('error' in found) return { data: { bookmarked: false }, errors: [found.error] };
    const folderId = bodyField(request, 'folder_id');
    const folder = social.folders(user.id).find((candidate) => candidate.id === folderId);
    if (folderId !== '' && !folder) {
      return {
        data: { bookmarked: false },
        errors: [
          {
            value: folderId,
            detail: `Could not find bookmark folder with folder_id: [${folderId}].`,
            title: 'Not Found Error',
            resource_type: 'bookmark_folder',
            parameter: 'folder_id',
            resource_id: folderId,
            type: problemType('resource-not-found'),
          },
        ],
      };
    }
    social.bookmark(user.id, found.tweet.id, ctx.now());
    if (folder) social.folderItems.add(folder.id, found.tweet.id, ctx.now());
    return { data: { bookmarked: true } };
  });

  route(app, ctx, 'DELETE', '/2/users/:id/bookmarks/:tweet_id', WRITE, ({ auth, path }) => {
    const user = requireSelf(auth, path['id']);
    social.unbookmark(user.id, path['tweet_id'] ?? '');
    return { data: { bookmarked: false } };
  });

  route(
    app,
    ctx,
    'GET',
    '/2/users/:id/bookmarks/folders',
    { need: 'user', scopes: ['bookmark.read', 'users.read'] },
    ({ auth, path, params }) => {
      const user = requireSelf(auth, path['id']);
      const page = offsetPage([...social.folders(user.id)], params, 100);
      return {
        ...(page.items.length > 0 ? { data: page.items.map(({ id, name }) => ({ id, name })) } : {}),
        meta: page.meta,
      };
    },
  );

  route(
    app,
    ctx,
    'POST',
    '/2/users/:id/bookmarks/folders',
    { need: 'user', scopes: ['bookmark.write', 'users.read'], kinds: ['oauth2-user'] },
    ({ auth, path, request, reply }) => {
      const user = requireSelf(auth, path['id']);
      const name = bodyField(request, 'name');
      const folder = { id: ctx.nextId(), name };
      social.addFolder(user.id, folder);
      return reply.code(201).send({ data: folder });
    },
  );

  route(
    app,
    ctx,
    'GET',
    '/2/users/:id/bookmarks/folders/:folder_id',
    { need: 'user', scopes: ['bookmark.read', 'tweet.read', 'users.read'] },
    ({ auth, path, params }) => {
      const user = requireSelf(auth, path['id']);
      const folderId = path['folder_id'] ?? '';
      if (!social.folders(user.id).some((folder) => folder.id === folderId)) {
        throw v2Problem(404, {
          type: 'resource-not-found',
          title: 'Not Found Error',
          detail: `Could not find bookmark folder with folder_id: [${folderId}].`,
          parameter: 'folder_id',
          value: folderId,
          resource_id: folderId,
          resource_type: 'bookmark_folder',
        });
      }
      // The document's answer is the ids only, newest first; deleted posts and removed bookmarks leave it.
      const posts = postsOf(ctx, social.folderItems.newestFirst(folderId)).filter((tweet) =>
        social.bookmarks.has(user.id, tweet.id),
      );
      const page = offsetPage(posts, params, 100);
      return {
        ...(page.items.length > 0 ? { data: page.items.map((tweet) => ({ id: tweet.id })) } : {}),
        meta: page.meta,
      };
    },
  );
}
