// What the view remembers on top of the sandbox's own state: every post it saw (so deleted ones stay,
// marked), every upload id, and the request log; and the change notifications the live page listens to.

import { type ChatConversation, chatStoreOf } from '../chats/chat-store.js';
import type { SandboxContext, SandboxUser } from '../context.js';
import { type DmConversationView, type DmEvent, dmStoreOf } from '../dm/dm-store.js';
import { MediaError } from '../media/media-error.js';
import { mediaStoreOf } from '../media/media-registry.js';
import { streamsState } from '../streams/state.js';
import { tweetService } from '../tweets/service.js';
import type { StoredTweet } from '../tweets/tweet-store.js';
import type { ChatSource } from './chats.js';
import type { DmSource } from './dms.js';
import type { MediaRow, StreamRow } from './panels.js';
import { RequestLog } from './request-log.js';
import type { TimelineSource } from './timeline.js';

/** Uploads drawn in the media panel, newest first. */
const MEDIA_PANEL_ROWS = 50;
/**
 * Posts and upload ids the view remembers, newest kept: it holds deleted posts the store has let go, so it
 * must not grow with a long run.
 */
const REMEMBERED_POSTS = 1000;
const REMEMBERED_UPLOADS = 200;
/** How long a burst of changes is gathered into one notification. */
const NOTIFY_DELAY_MS = 15;

export class ViewState implements TimelineSource, DmSource, ChatSource {
  readonly log = new RequestLog();
  readonly #posts = new Map<string, StoredTweet>();
  readonly #mediaIds = new Set<string>();
  readonly #listeners = new Set<() => void>();
  #timer: NodeJS.Timeout | undefined;
  #later: NodeJS.Timeout | undefined;
  #version = 0;

  constructor(private readonly ctx: SandboxContext) {
    ctx.events.on('tweet', (tweet: StoredTweet) => {
      this.#posts.set(tweet.id, tweet);
      if (this.#posts.size > REMEMBERED_POSTS) this.#posts.delete(this.#posts.keys().next().value ?? '');
      this.notify();
    });
    ctx.events.on('media', (event: { id: string; state: string }) => {
      if (event.state === 'expired') this.#mediaIds.delete(event.id);
      else {
        this.#mediaIds.delete(event.id);
        this.#mediaIds.add(event.id);
        if (this.#mediaIds.size > REMEMBERED_UPLOADS)
          this.#mediaIds.delete(this.#mediaIds.values().next().value ?? '');
      }
      this.notify();
    });
    ctx.events.on('dm', () => this.notify());
    ctx.events.on('chat', () => this.notify());
    this.log.onChange(() => this.notify());
    ctx.onClose(() => {
      clearTimeout(this.#timer);
      clearTimeout(this.#later);
      this.#listeners.clear();
    });
  }

  /** Gathers changes for a few ms, then tells every live page once. */
  notify(): void {
    if (this.#timer !== undefined || this.#listeners.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#version++;
      for (const listener of this.#listeners) listener();
    }, NOTIFY_DELAY_MS);
  }

  /** Notifies once after `ms` (for state that moves with the clock, such as media processing). */
  notifyLater(ms: number): void {
    if (this.#later !== undefined) return;
    this.#later = setTimeout(() => {
      this.#later = undefined;
      this.notify();
    }, ms);
    this.#later.unref();
  }

  /** Grows with every notification; the page shows which state it has drawn. */
  get version(): number {
    return this.#version;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets what the view remembers (posts, uploads, requests); the sandbox's own reset does the rest. */
  forget(): void {
    this.#posts.clear();
    this.#mediaIds.clear();
    this.log.clear();
    this.notify();
  }

  posts(): readonly StoredTweet[] {
    return [...this.#posts.values()];
  }

  isLive(id: string): boolean {
    return tweetService(this.ctx).store.get(id) !== undefined;
  }

  user(id: string): SandboxUser | undefined {
    return this.ctx.store.users.get(id);
  }

  socialCounts(id: string): { likes: number; reposts: number } {
    const { world } = tweetService(this.ctx);
    return { likes: world.likeCount(id), reposts: world.retweetCount(id) };
  }

  conversations(): DmConversationView[] {
    return dmStoreOf(this.ctx).conversations();
  }

  chatConversations(): readonly ChatConversation[] {
    return chatStoreOf(this.ctx).all();
  }

  deletedBy(event: DmEvent, participantIds: readonly string[]): string[] {
    const store = dmStoreOf(this.ctx);
    return participantIds.filter((id) => !store.visibleTo(event, id));
  }

  users(): SandboxUser[] {
    return [...this.ctx.store.users.values()];
  }

  async media(): Promise<MediaRow[]> {
    const store = mediaStoreOf(this.ctx);
    const ids = [...this.#mediaIds].reverse().slice(0, MEDIA_PANEL_ROWS);
    const rows: MediaRow[] = [];
    for (const id of ids) {
      const inspection = await store.inspect(id);
      if (inspection === undefined) continue;
      let processing: MediaRow['processing'];
      if (inspection.state !== 'uploading' && inspection.state !== 'finalizing') {
        try {
          processing = store.status(inspection.ownerId, id).processingInfo;
        } catch (error) {
          if (!(error instanceof MediaError)) throw error;
        }
      }
      rows.push(processing ? { inspection, processing } : { inspection });
    }
    return rows;
  }

  /** Media requests X refused (INIT, APPEND, FINALIZE, STATUS, metadata), newest first. */
  mediaFailures() {
    return this.log
      .list()
      .filter(
        (entry) => /\/media\//.test(entry.path) && ((entry.status ?? 0) >= 400 || entry.state === 'aborted'),
      )
      .slice(0, 20);
  }

  streams(): StreamRow[] {
    const state = streamsState(this.ctx);
    const apps = [...this.ctx.store.apps.values()];
    return state.hub.subscribers().map(({ connection }) => ({
      key: `${connection.kind}-${connection.appId}`,
      kind: connection.kind,
      appName: apps.find((app) => app.id === connection.appId)?.name ?? connection.appId,
      stalled: connection.stalled,
      rules: state
        .rulesOf(connection.appId)
        .list()
        .map((rule) => ({
          id: rule.id,
          value: rule.value,
          ...(rule.tag !== undefined ? { tag: rule.tag } : {}),
        })),
    }));
  }
}
