// The shapes of the media area: the neutral views routes format, and the record the store keeps per upload.
import type { MediaCategory, MediaKind } from './categories.js';
import type { MediaProcessingPace, ProcessingInfo, ProcessingState } from './processing.js';
import type { SegmentFiles } from './segment-files.js';

/** Everything an upload response needs, in neutral form; v1.1 and v2 format it differently. */
export interface MediaView {
  id: string;
  mediaKey: string;
  /** Whether the client named a category: v1.1 only returns media_key then. */
  categoryGiven: boolean;
  size?: number;
  expiresAfterSecs: number;
  image?: { image_type: string; w: number; h: number };
  video?: { video_type: string };
  processingInfo?: ProcessingInfo;
}

export interface SegmentInfo {
  index: number;
  size: number;
  sha256: string;
}

export interface MediaInspection {
  id: string;
  mediaKey: string;
  ownerId: string;
  additionalOwners: string[];
  state: 'uploading' | 'finalizing' | ProcessingState;
  category: MediaCategory;
  mediaType: string;
  detectedType: string | null;
  /** What the bytes were found to be once finalized (`gif` is an animated GIF; a still one is an `image`). */
  kind: MediaKind | null;
  totalBytes: number;
  bytesReceived: number;
  segments: SegmentInfo[];
  sha256: string;
  expiresAt: number;
  altText: string | null;
  subtitles: { mediaId: string; languageCode: string; displayName: string }[];
}

/** What T needs to attach media to a tweet. */
export interface AttachableMedia {
  id: string;
  mediaKey: string;
  type: 'photo' | 'animated_gif' | 'video';
  width: number;
  height: number;
  altText?: string;
}

export type UsableMediaResult =
  | { ok: true; media: AttachableMedia[] }
  | { ok: false; code: 323 | 324 | 325 | 386; message: string };

export interface FinalizedMedia {
  detectedType: string;
  kind: MediaKind;
  width: number;
  height: number;
  finalizedAt: number;
  sha256: string;
  /** Set for video and animated GIFs uploaded with a media_category. */
  processing?: { failure: string | undefined };
}

export interface MediaRecord {
  id: string;
  mediaKey: string;
  ownerId: string;
  additionalOwners: Set<string>;
  mediaType: string;
  category: MediaCategory;
  categoryGiven: boolean;
  totalBytes: number;
  expiresAt: number;
  phase: 'uploading' | 'finalizing' | 'finalized';
  segments: Map<number, SegmentInfo>;
  /** Serializes segment commits so the recorded size always belongs to the file on disk. */
  commitChain: Promise<void>;
  finalized?: FinalizedMedia;
  altText?: string;
  subtitles: Map<string, { mediaId: string; displayName: string }>;
}

export interface InitRequest {
  totalBytes: string | undefined;
  mediaType: string | undefined;
  mediaCategory: string | undefined;
  additionalOwners: readonly string[];
}

export interface MediaStoreDeps {
  now: () => number;
  nextId: () => string;
  files: SegmentFiles;
  expiresAfterSecs: number;
  pace: MediaProcessingPace;
  onChange?: (event: { id: string; state: string }) => void;
}

/** A finalized media item as lookups and DM attachments see it. */
export interface MediaDescription {
  id: string;
  mediaKey: string;
  ownerId: string;
  additionalOwners: readonly string[];
  category: MediaCategory;
  type: 'photo' | 'animated_gif' | 'video' | 'subtitles';
  contentType: string;
  width: number;
  height: number;
  altText?: string;
  state: ProcessingState;
}
