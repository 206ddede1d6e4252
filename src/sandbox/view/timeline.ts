// The timeline as X shows it: newest first across users, text with its links, media from the stored bytes,
// replies under what they answer, quotes embedded, counts, deleted posts marked. Filters flatten the threads.

import type { SandboxUser } from '../context.js';
import { displayTextEnd, displayUrl, type MediaLink } from '../tweets/t-co.js';
import type { TextEntities } from '../tweets/text.js';
import type { AttachedMedia, StoredTweet } from '../tweets/tweet-store.js';
import { fingerprint, formatTime, html, type SafeHtml } from './html.js';
import { VIEW_PREFIX } from './paths.js';

export interface TimelineFilter {
  /** A username (without @), case-insensitive. */
  readonly user?: string;
  /** Text the post must contain, case-insensitive (`#tag` and `@name` work as plain text). */
  readonly q?: string;
}

/** What the timeline reads: the posts the view has seen (deleted ones included) and the live world. */
export interface TimelineSource {
  /** Every post seen since the last reset, oldest first. */
  posts(): readonly StoredTweet[];
  isLive(id: string): boolean;
  user(id: string): SandboxUser | undefined;
  /** Live likes and reposts of a post. */
  socialCounts(id: string): { likes: number; reposts: number };
}

/** At most this many posts are drawn; the rest are counted. */
export const TIMELINE_LIMIT = 150;
const MAX_DEPTH = 4;

/**
 * Text with its mentions, hashtags and URLs as links (entity offsets count code points, as X's do). A t.co link
 * shows as X's web shows it: its display URL, pointing at the URL written.
 */
export function textWithLinks(tweet: {
  readonly text: string;
  readonly entities: TextEntities;
  readonly mediaLink?: MediaLink | undefined;
}): SafeHtml[] {
  // The media shows below the text, so the link X appends for it does not.
  const points = [...tweet.text].slice(0, displayTextEnd(tweet.text, tweet.mediaLink));
  const spans = [
    ...tweet.entities.urls.map((entity) => ({ ...entity, kind: 'url' as const, value: entity.expandedUrl })),
    ...tweet.entities.hashtags.map((entity) => ({ ...entity, kind: 'tag' as const, value: entity.tag })),
    ...tweet.entities.mentions.map((entity) => ({
      ...entity,
      kind: 'mention' as const,
      value: entity.username,
    })),
  ]
    .filter((span) => span.end <= points.length)
    .sort((a, b) => a.start - b.start);
  const out: SafeHtml[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out.push(html`${points.slice(at, span.start).join('')}`);
    const shown = span.kind === 'url' ? displayUrl(span.value) : points.slice(span.start, span.end).join('');
    if (span.kind === 'url') {
      out.push(
        html`<a class="link" href="${span.value}" rel="noopener noreferrer nofollow" target="_blank">${shown}</a>`,
      );
    } else if (span.kind === 'tag') {
      out.push(
        html`<a class="tag" href="${VIEW_PREFIX}?q=${encodeURIComponent(`#${span.value}`)}">${shown}</a>`,
      );
    } else {
      out.push(
        html`<a class="mention" href="${VIEW_PREFIX}?user=${encodeURIComponent(span.value)}">${shown}</a>`,
      );
    }
    at = span.end;
  }
  out.push(html`${points.slice(at).join('')}`);
  return out;
}

export function mediaItem(media: AttachedMedia): SafeHtml {
  const src = `${VIEW_PREFIX}media/${media.id}`;
  const alt = media.altText ?? '';
  const size = media.width && media.height ? html` width="${media.width}" height="${media.height}"` : '';
  if (media.type === 'video') {
    return html`<figure class="item video"><video src="${src}" controls preload="metadata" playsinline${size}></video></figure>`;
  }
  const badge = media.type === 'animated_gif' ? html`<span class="badge">GIF</span>` : '';
  const altBadge = alt !== '' ? html`<span class="badge alt" title="${alt}">ALT</span>` : '';
  return html`<figure class="item ${media.type}"><img src="${src}" alt="${alt}" title="${alt}"${size} decoding="async">${badge}${altBadge}</figure>`;
}

/** A quoted post's media, small: pictures as thumbnails, a video as a labelled still. */
function quotedMedia(media: AttachedMedia): SafeHtml {
  const src = `${VIEW_PREFIX}media/${media.id}`;
  if (media.type === 'video') {
    return html`<video class="thumb" src="${src}#t=0.1" preload="metadata" muted aria-label="Video"></video>`;
  }
  return html`<img class="thumb" src="${src}" alt="${media.altText ?? ''}" title="${media.altText ?? ''}">`;
}

function counts(source: TimelineSource, tweet: StoredTweet, replies: number, quotes: number): SafeHtml {
  const social = source.socialCounts(tweet.id);
  return html`<footer class="counts">
    <span title="Replies">↩ ${replies}</span>
    <span title="Reposts">⟲ ${social.reposts}</span>
    <span title="Quotes">❝ ${quotes}</span>
    <span title="Likes">♥ ${social.likes}</span>
    <span class="id" title="Post id">${tweet.id}</span>
  </footer>`;
}

function author(source: TimelineSource, tweet: StoredTweet, deleted: boolean): SafeHtml {
  const user = source.user(tweet.authorId);
  const username = user?.username ?? tweet.authorId;
  return html`<header><strong class="name">${user?.name ?? 'unknown user'}</strong>
    <a class="handle" href="${VIEW_PREFIX}?user=${encodeURIComponent(username)}">@${username}</a>
    <span class="muted">·</span> <time datetime="${new Date(tweet.createdAt).toISOString()}">${formatTime(tweet.createdAt)}</time>
    ${deleted ? html`<span class="badge deleted-badge">Deleted</span>` : ''}</header>`;
}

function avatar(source: TimelineSource, tweet: StoredTweet): SafeHtml {
  const user = source.user(tweet.authorId);
  const initial = [...(user?.name ?? user?.username ?? '?')][0] ?? '?';
  return html`<span class="avatar" aria-hidden="true">${initial.toUpperCase()}</span>`;
}

interface Indexed {
  readonly byId: ReadonlyMap<string, StoredTweet>;
  readonly replies: ReadonlyMap<string, StoredTweet[]>;
  readonly quotes: ReadonlyMap<string, number>;
}

function indexPosts(posts: readonly StoredTweet[], source: TimelineSource): Indexed {
  const byId = new Map<string, StoredTweet>();
  const replies = new Map<string, StoredTweet[]>();
  const quotes = new Map<string, number>();
  for (const post of posts) {
    byId.set(post.id, post);
    const live = source.isLive(post.id);
    if (post.inReplyTo) {
      const list = replies.get(post.inReplyTo.tweetId) ?? [];
      list.push(post);
      replies.set(post.inReplyTo.tweetId, list);
    }
    if (post.quoteTweetId && live) quotes.set(post.quoteTweetId, (quotes.get(post.quoteTweetId) ?? 0) + 1);
  }
  return { byId, replies, quotes };
}

function quoted(source: TimelineSource, index: Indexed, id: string): SafeHtml {
  const post = index.byId.get(id);
  if (!post)
    return html`<blockquote class="quote missing">Quoted post ${id} is not in this sandbox.</blockquote>`;
  const user = source.user(post.authorId);
  const deleted = !source.isLive(post.id);
  return html`<blockquote class="quote${deleted ? ' deleted' : ''}">
    <a href="#post-${post.id}"><strong>${user?.name ?? ''}</strong> <span class="handle">@${user?.username ?? post.authorId}</span></a>
    ${deleted ? html`<span class="badge deleted-badge">Deleted</span>` : ''}
    <p class="text">${textWithLinks(post)}</p>
    ${post.media.length > 0 ? html`<div class="quote-media">${post.media.map(quotedMedia)}</div>` : ''}
  </blockquote>`;
}

function postHtml(
  source: TimelineSource,
  index: Indexed,
  post: StoredTweet,
  showReplyingTo: boolean,
): SafeHtml {
  // A repost shows the reposted post under a "reposted" line, as X does; its own text is only `RT @…`.
  const original = post.retweetOf !== undefined ? index.byId.get(post.retweetOf) : undefined;
  const tweet = original ?? post;
  const deleted = !source.isLive(tweet.id);
  const liveReplies = (index.replies.get(tweet.id) ?? []).filter((reply) => source.isLive(reply.id)).length;
  const parentUser = tweet.inReplyTo ? source.user(tweet.inReplyTo.userId) : undefined;
  const reposter = original ? source.user(post.authorId) : undefined;
  return html`<article class="post${deleted ? ' deleted' : ''}${original ? ' repost' : ''}" id="post-${post.id}" data-author="${source.user(post.authorId)?.username ?? ''}">
    ${original ? html`<p class="reposted">⟲ <a href="${VIEW_PREFIX}?user=${encodeURIComponent(reposter?.username ?? '')}">${reposter?.name ?? post.authorId}</a> reposted</p>` : ''}
    ${avatar(source, tweet)}<div class="body">
    ${author(source, tweet, deleted)}
    ${
      tweet.inReplyTo && showReplyingTo
        ? html`<p class="replying">Replying to <a href="#post-${tweet.inReplyTo.tweetId}">@${parentUser?.username ?? tweet.inReplyTo.userId}</a></p>`
        : ''
    }
    <p class="text">${textWithLinks(tweet)}</p>
    ${tweet.media.length > 0 ? html`<div class="media media-${Math.min(tweet.media.length, 4)}">${tweet.media.map(mediaItem)}</div>` : ''}
    ${tweet.poll ? html`<ul class="poll">${tweet.poll.options.map((option) => html`<li>${option.label} <span class="muted">${option.votes}</span></li>`)}</ul>` : ''}
    ${tweet.quoteTweetId ? quoted(source, index, tweet.quoteTweetId) : ''}
    ${counts(source, tweet, liveReplies, index.quotes.get(tweet.id) ?? 0)}
  </div></article>`;
}

function threadOf(
  source: TimelineSource,
  index: Indexed,
  root: StoredTweet,
  depth: number,
  out: SafeHtml[],
): void {
  out.push(
    html`<div class="depth-${Math.min(depth, MAX_DEPTH)}">${postHtml(source, index, root, depth === 0)}</div>`,
  );
  for (const reply of index.replies.get(root.id) ?? []) threadOf(source, index, reply, depth + 1, out);
}

function matches(source: TimelineSource, tweet: StoredTweet, filter: TimelineFilter): boolean {
  if (filter.user) {
    const username = source.user(tweet.authorId)?.username.toLowerCase();
    if (username !== filter.user.replace(/^@/, '').toLowerCase()) return false;
  }
  if (filter.q && !tweet.writtenText.toLowerCase().includes(filter.q.toLowerCase())) return false;
  return true;
}

/** One keyed item per thread (or per post when filtered), so the client swaps only what changed. */
export function renderTimeline(source: TimelineSource, filter: TimelineFilter): SafeHtml {
  // An undone repost leaves no trace on X, unlike a deleted post.
  const posts = source.posts().filter((post) => post.retweetOf === undefined || source.isLive(post.id));
  const index = indexPosts(posts, source);
  const items: SafeHtml[] = [];
  const filtered = Boolean(filter.user || filter.q);
  if (filtered) {
    const found = posts.filter((post) => matches(source, post, filter)).reverse();
    for (const post of found.slice(0, TIMELINE_LIMIT)) {
      const body = postHtml(source, index, post, true);
      items.push(html`<li class="thread" id="t-${post.id}" data-v="${fingerprint(body.value)}">${body}</li>`);
    }
    if (found.length === 0) items.push(html`<li class="empty" id="t-empty">No post matches.</li>`);
  } else {
    // A thread sorts by its newest post; a reply whose parent the view never saw starts its own thread.
    const roots = posts.filter((post) => !post.inReplyTo || !index.byId.has(post.inReplyTo.tweetId));
    // Ids grow with time (snowflakes), so the largest id in a thread is its newest post.
    const latest = new Map<string, bigint>();
    const newest = (post: StoredTweet): bigint => {
      let value = BigInt(post.id);
      for (const reply of index.replies.get(post.id) ?? []) {
        const candidate = newest(reply);
        if (candidate > value) value = candidate;
      }
      return value;
    };
    for (const root of roots) latest.set(root.id, newest(root));
    roots.sort((a, b) => {
      const difference = (latest.get(b.id) ?? 0n) - (latest.get(a.id) ?? 0n);
      return difference > 0n ? 1 : difference < 0n ? -1 : 0;
    });
    let drawn = 0;
    for (const root of roots) {
      if (drawn >= TIMELINE_LIMIT) break;
      const parts: SafeHtml[] = [];
      threadOf(source, index, root, 0, parts);
      drawn += parts.length;
      const body = html`${parts}`;
      items.push(html`<li class="thread" id="t-${root.id}" data-v="${fingerprint(body.value)}">${body}</li>`);
    }
    if (posts.length === 0) {
      items.push(
        html`<li class="empty" id="t-empty">No posts yet. Post through the sandbox and they appear here.</li>`,
      );
    }
  }
  return html`${items}`;
}
