// Scheduled broadcasts (X's live video) of one sandbox: each user's schedule, its state by the sandbox clock
// (scheduled, running between its start and end, ended), and manual publishing.

/** The schedule fields a create or a full update sets (the document's request members, as sent). */
export interface BroadcastFields {
  readonly title?: string;
  readonly description?: string;
  readonly locale?: string;
  readonly available_for_replay?: boolean;
  readonly is_locked?: boolean;
  readonly chat_option?: string;
  readonly manual_publish?: boolean;
  readonly telecast_id?: string;
  readonly thumbnail_media_id?: string;
  readonly scheduled_start_ms: string;
  readonly scheduled_end_ms: string;
  readonly source_id: string;
}

export interface ScheduledBroadcast {
  /** Alphanumeric, up to 13 characters (the path's `:id`). */
  readonly broadcastId: string;
  /** Numeric scheduler id, re-sent in a full update's body. */
  readonly scheduledBroadcastId: string;
  readonly ownerId: string;
  readonly recurringScheduleId?: string;
  fields: BroadcastFields;
  /** Set by `POST .../live` on a manual-publish broadcast. */
  published: boolean;
}

/** X's scheduler states as the document names them ("Created, Scheduled, Running, …"). */
export type BroadcastState = 'Scheduled' | 'Running' | 'Ended';

export function stateOf(broadcast: ScheduledBroadcast, now: number): BroadcastState {
  const start = Number(broadcast.fields.scheduled_start_ms);
  const end = Number(broadcast.fields.scheduled_end_ms);
  if (now >= end) return 'Ended';
  if (broadcast.fields.manual_publish) return broadcast.published ? 'Running' : 'Scheduled';
  return now >= start ? 'Running' : 'Scheduled';
}

export function renderBroadcast(broadcast: ScheduledBroadcast, now: number): Record<string, unknown> {
  const { is_locked: _locked, ...shown } = broadcast.fields;
  return {
    broadcast_id: broadcast.broadcastId,
    scheduled_broadcast_id: broadcast.scheduledBroadcastId,
    ...shown,
    manual_publish: broadcast.fields.manual_publish ?? false,
    ...(broadcast.recurringScheduleId !== undefined
      ? { recurring_schedule_id: broadcast.recurringScheduleId }
      : {}),
    state: stateOf(broadcast, now),
  };
}
