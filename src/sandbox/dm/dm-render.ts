// v2 DmEvent objects with the requested `dm_event.fields`, and the `includes` their expansions ask for.
import { displayUrl } from '../tweets/t-co.js';
import type { V2Fields } from '../tweets/v2-fields.js';
import { iso, renderV2Media, renderV2Tweet, renderV2User } from '../tweets/v2-render.js';
import type { TweetWorld } from '../tweets/world.js';
import type { DmEvent } from './dm-store.js';

type Json = Record<string, unknown>;

function renderEntities(event: DmEvent, world: TweetWorld): Json | undefined {
  const entities = event.entities;
  if (!entities) return undefined;
  const out: Json = {};
  if (entities.hashtags.length > 0) {
    out['hashtags'] = entities.hashtags.map(({ start, end, tag }) => ({ start, end, tag }));
  }
  if (entities.mentions.length > 0) {
    out['mentions'] = entities.mentions.map(({ start, end, username }) => {
      const user = world.userByUsername(username);
      return { start, end, username, ...(user ? { id: user.id } : {}) };
    });
  }
  if (entities.urls.length > 0) {
    out['urls'] = entities.urls.map((entity) => ({
      start: entity.start,
      end: entity.end,
      url: entity.url,
      expanded_url: entity.expandedUrl,
      display_url: entity.displayUrl ?? displayUrl(entity.expandedUrl),
    }));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `referenced_posts` (the document) reads as `referenced_tweets`; X's reference says `referenced_tweets.id`. */
function expandsReferenced(expansions: ReadonlySet<string>): boolean {
  return expansions.has('referenced_tweets') || expansions.has('referenced_tweets.id');
}

/**
 * One event. X's defaults are `id`, `event_type` and (for messages) `text`; a field of `dm_event.fields` or an
 * expansion puts its field into the event (`sender_id`, `participant_ids`, `referenced_tweets`, `attachments`).
 */
export function renderDmEvent(
  event: DmEvent,
  dmFields: ReadonlySet<string>,
  expansions: ReadonlySet<string>,
  world: TweetWorld,
): Json {
  const out: Json = { id: event.id, event_type: event.eventType };
  if (event.text !== undefined) out['text'] = event.text;
  if (dmFields.has('created_at')) out['created_at'] = iso(event.createdAt);
  if (dmFields.has('dm_conversation_id')) out['dm_conversation_id'] = event.conversationId;
  if (expansions.has('sender_id') || dmFields.has('sender_id')) out['sender_id'] = event.senderId;
  if (event.participantIds && (expansions.has('participant_ids') || dmFields.has('participant_ids'))) {
    out['participant_ids'] = [...event.participantIds];
  }
  const wantsAttachments = dmFields.has('attachments') || expansions.has('attachments.media_keys');
  if (wantsAttachments && event.media.length > 0) {
    out['attachments'] = { media_keys: event.media.map((media) => media.mediaKey) };
  }
  const wantsReferenced = dmFields.has('referenced_tweets') || expandsReferenced(expansions);
  if (wantsReferenced && event.referencedTweetIds.length > 0) {
    out['referenced_tweets'] = event.referencedTweetIds.map((id) => ({ id }));
  }
  if (dmFields.has('entities')) {
    const entities = renderEntities(event, world);
    if (entities) out['entities'] = entities;
  }
  return out;
}

export function renderDmEvents(
  events: readonly DmEvent[],
  dmFields: ReadonlySet<string>,
  fields: V2Fields,
  world: TweetWorld,
  now: number,
): { data: Json[]; includes?: Json } {
  const { expansions } = fields;
  const users = new Map<string, Json>();
  const media = new Map<string, Json>();
  const tweets = new Map<string, Json>();
  const addUser = (id: string) => {
    const user = users.has(id) ? undefined : world.user(id);
    if (user) users.set(id, renderV2User(user, fields.user, world));
  };
  for (const event of events) {
    if (expansions.has('sender_id')) addUser(event.senderId);
    if (expansions.has('participant_ids')) for (const id of event.participantIds ?? []) addUser(id);
    if (expansions.has('attachments.media_keys')) {
      for (const item of event.media) media.set(item.mediaKey, renderV2Media(item, fields.media));
    }
    if (expandsReferenced(expansions)) {
      for (const id of event.referencedTweetIds) {
        const tweet = tweets.has(id) ? undefined : world.tweet(id);
        if (tweet) tweets.set(id, renderV2Tweet(tweet, fields.tweet, world, now));
      }
    }
  }
  const includes: Json = {};
  if (users.size > 0) includes['users'] = [...users.values()];
  if (media.size > 0) includes['media'] = [...media.values()];
  if (tweets.size > 0) includes['tweets'] = [...tweets.values()];
  return {
    data: events.map((event) => renderDmEvent(event, dmFields, expansions, world)),
    ...(Object.keys(includes).length > 0 ? { includes } : {}),
  };
}
