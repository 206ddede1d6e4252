// The rules of sending a DM: who may message whom, and which uploads may be attached.
import type { SandboxContext } from '../context.js';
import { mediaStoreOf } from '../media/media-registry.js';
import { socialGraph } from '../social/graph.js';
import type { AttachedMedia } from '../tweets/tweet-store.js';

import { forbidden, invalidValue } from '../v2-kit/problems.js';
import type { DmConversation, DmEvent, DmStore } from './dm-store.js';

export interface MessageBody {
  text?: string;
  attachments?: { media_id: string }[];
}

/** Reads `{text, attachments}` (the document layer has checked its shape). */
export function messageOf(body: unknown): MessageBody {
  const json = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const out: MessageBody = {};
  if (typeof json['text'] === 'string') out.text = json['text'];
  if (Array.isArray(json['attachments'])) {
    out.attachments = json['attachments'].filter(
      (item): item is { media_id: string } => typeof item?.media_id === 'string',
    );
  }
  if (out.text === undefined && (out.attachments ?? []).length === 0) {
    throw invalidValue('text', '', 'A Direct Message needs `text` or `attachments`.');
  }
  return out;
}

/**
 * A DM takes one upload of the sender's, finalized with a `dm_*` category and done processing.
 * UNCONFIRMED: X documents the one-attachment limit but not the wording of these errors.
 */
function attachedMedia(ctx: SandboxContext, senderId: string, message: MessageBody): AttachedMedia[] {
  const ids = (message.attachments ?? []).map((item) => item.media_id);
  if (ids.length > 1) {
    throw invalidValue('attachments', ids.join(','), 'Only one attachment is supported per Direct Message.');
  }
  const store = mediaStoreOf(ctx);
  return ids.map((id) => {
    const media = store.describe(id);
    const owns = media && (media.ownerId === senderId || media.additionalOwners.includes(senderId));
    if (!media || !owns) throw invalidValue('attachments.media_id', id, `Media id [${id}] was not found.`);
    if (!media.category.startsWith('dm_') || media.type === 'subtitles') {
      throw invalidValue(
        'attachments.media_id',
        id,
        `Media id [${id}] must be uploaded with media_category dm_image, dm_gif or dm_video.`,
      );
    }
    if (media.state !== 'succeeded') {
      throw invalidValue('attachments.media_id', id, `Media id [${id}] has not finished processing.`);
    }
    return {
      id: media.id,
      mediaKey: media.mediaKey,
      type: media.type,
      width: media.width,
      height: media.height,
      contentType: media.contentType,
      ...(media.altText !== undefined ? { altText: media.altText } : {}),
    };
  });
}

/**
 * A DM block or an account block (either way) stops one-to-one messages, then the message is sent.
 * UNCONFIRMED: X's 403 wording for a blocked recipient.
 */
export function sendMessage(
  ctx: SandboxContext,
  dms: DmStore,
  conversation: DmConversation,
  senderId: string,
  message: MessageBody,
): DmEvent {
  const others = conversation.participantIds.filter((id) => id !== senderId);
  const { blocks } = socialGraph(ctx);
  const blocked = (id: string) =>
    dms.blockedBetween(senderId, id) || blocks.has(senderId, id) || blocks.has(id, senderId);
  if (!conversation.group && others.some(blocked)) {
    throw forbidden('You are not permitted to DM the participants of this conversation.', {
      type: 'dm_conversation',
      id: conversation.id,
      parameter: 'dm_conversation_id',
    });
  }
  const media = attachedMedia(ctx, senderId, message);
  return dms.send(conversation, senderId, {
    ...(message.text !== undefined ? { text: message.text } : {}),
    media,
  });
}

/** A user id that must name an existing user (a DM recipient or group member). */
export function requireUser(ctx: SandboxContext, parameter: string, id: string): void {
  if (!ctx.store.users.has(id)) {
    throw invalidValue(parameter, id, `Could not find user with ${parameter}: [${id}].`);
  }
}
