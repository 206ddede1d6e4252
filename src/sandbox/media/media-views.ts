// Neutral views of a media record: what upload answers format, and what the inspector shows.
import { subtitleList } from './media-metadata.js';
import { orderedSegments } from './media-rules.js';
import type { MediaDescription, MediaInspection, MediaRecord, MediaView } from './media-types.js';
import type { ProcessingInfo, ProcessingState } from './processing.js';

export function uploadView(
  record: MediaRecord,
  now: number,
  processingInfo: ProcessingInfo | undefined,
): MediaView {
  const view: MediaView = {
    id: record.id,
    mediaKey: record.mediaKey,
    categoryGiven: record.categoryGiven,
    expiresAfterSecs: Math.max(0, Math.ceil((record.expiresAt - now) / 1000)),
  };
  const finalized = record.finalized;
  if (finalized === undefined) return view;
  view.size = record.totalBytes;
  if (finalized.kind === 'video') view.video = { video_type: finalized.detectedType };
  else if (finalized.kind !== 'subtitles') {
    view.image = { image_type: finalized.detectedType, w: finalized.width, h: finalized.height };
  }
  if (processingInfo !== undefined) view.processingInfo = processingInfo;
  return view;
}

export function inspection(
  record: MediaRecord,
  sha256: string,
  processingInfo: ProcessingInfo | undefined,
): MediaInspection {
  const segments = orderedSegments(record);
  return {
    id: record.id,
    mediaKey: record.mediaKey,
    ownerId: record.ownerId,
    additionalOwners: [...record.additionalOwners],
    state: record.phase === 'finalized' ? (processingInfo?.state ?? 'succeeded') : record.phase,
    category: record.category,
    mediaType: record.mediaType,
    detectedType: record.finalized?.detectedType ?? null,
    kind: record.finalized?.kind ?? null,
    totalBytes: record.totalBytes,
    bytesReceived: segments.reduce((sum, segment) => sum + segment.size, 0),
    segments: segments.map((segment) => ({ ...segment })),
    sha256,
    expiresAt: record.expiresAt,
    altText: record.altText ?? null,
    subtitles: subtitleList(record),
  };
}

/** `record` must be finalized. */
export function describeRecord(record: MediaRecord, state: ProcessingState): MediaDescription {
  const kind = record.finalized?.kind ?? 'image';
  return {
    id: record.id,
    mediaKey: record.mediaKey,
    ownerId: record.ownerId,
    additionalOwners: [...record.additionalOwners],
    category: record.category,
    type: kind === 'image' ? 'photo' : kind === 'gif' ? 'animated_gif' : kind,
    contentType: record.finalized?.detectedType ?? record.mediaType,
    width: record.finalized?.width ?? 0,
    height: record.finalized?.height ?? 0,
    ...(record.altText !== undefined ? { altText: record.altText } : {}),
    state,
  };
}
