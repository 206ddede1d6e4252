// The media records behind both upload APIs: INIT/APPEND/FINALIZE/STATUS rules, ownership, expiry,
// the processing state machine (derived from the sandbox clock), attachment checks and inspection.
import {
  categoryAllowsType,
  expectedKind,
  inferCategory,
  isKnownMediaType,
  isMediaCategory,
  MAX_SEGMENT_INDEX,
  type MediaCategory,
  type MediaKind,
  maxBytesFor,
  mediaKeyPrefix,
} from './categories.js';
import { badRequest, MediaError, missingParameter, unknownMedia } from './media-error.js';
import {
  type MediaProcessingPace,
  type ProcessingInfo,
  type ProcessingState,
  processingInfoAt,
} from './processing.js';
import type { SegmentFiles, SpooledFile } from './segment-files.js';
import { declaredTypeMatches, findProcessingFailure, sniffMedia } from './sniff.js';

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

interface FinalizedMedia {
  detectedType: string;
  kind: MediaKind;
  width: number;
  height: number;
  finalizedAt: number;
  sha256: string;
  /** Set for video and animated GIFs uploaded with a media_category. */
  processing?: { failure: string | undefined };
}

interface MediaRecord {
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

const ID_PATTERN = /^[0-9]{1,19}$/;
const SWEEP_EVERY_MS = 1000;

export class MediaStore {
  readonly #deps: MediaStoreDeps;
  readonly #records = new Map<string, MediaRecord>();
  #lastSweep = Number.NEGATIVE_INFINITY;
  #closed = false;

  constructor(deps: MediaStoreDeps) {
    this.#deps = deps;
  }

  get files(): SegmentFiles {
    return this.#deps.files;
  }

  /** INIT: validates like X and creates an id owned by `ownerId`. */
  init(ownerId: string, request: InitRequest): MediaView {
    this.sweep();
    const totalBytes = parseTotalBytes(request.totalBytes);
    if (request.mediaType === undefined || request.mediaType === '') throw missingParameter('media_type');
    const mediaType = request.mediaType.toLowerCase();
    if (!isKnownMediaType(mediaType)) {
      throw badRequest(`Unsupported media_type: ${request.mediaType}.`, 'media_type', request.mediaType);
    }
    const category = resolveCategory(request.mediaCategory, mediaType);
    if (totalBytes > maxBytesFor(category)) {
      throw badRequest(
        `File size exceeds ${maxBytesFor(category)} bytes.`,
        'total_bytes',
        String(totalBytes),
      );
    }
    const record = this.#create(ownerId, {
      mediaType,
      category,
      categoryGiven: request.mediaCategory !== undefined && request.mediaCategory !== '',
      totalBytes,
      additionalOwners: parseAdditionalOwners(request.additionalOwners),
      kind: expectedKind(mediaType, category),
    });
    return this.#view(record);
  }

  /** APPEND: the caller has spooled the body; this checks the id and index, then commits or discards. */
  async append(
    ownerId: string,
    id: string,
    segmentIndex: string | undefined,
    spooled: SpooledFile,
  ): Promise<void> {
    try {
      const index = parseSegmentIndex(segmentIndex);
      const record = this.#owned(ownerId, id);
      if (spooled.size === 0) throw badRequest('Segment is empty.', 'media');
      await this.#commit(record, index, spooled);
    } catch (error) {
      await this.#deps.files.discard(spooled);
      throw error;
    }
  }

  /** FINALIZE: segments must be 0..n-1 and add up to total_bytes; the bytes must be what INIT said. */
  async finalize(ownerId: string, id: string): Promise<MediaView> {
    const record = this.#owned(ownerId, id);
    if (record.phase === 'finalized') return this.#view(record);
    if (record.phase === 'finalizing') throw badRequest('FINALIZE is already in progress for this media_id.');
    record.phase = 'finalizing';
    try {
      await record.commitChain;
      const segments = orderedSegments(record);
      const missing = segments.findIndex((segment, position) => segment.index !== position);
      if (segments.length === 0) throw badRequest('Segments do not add up to provided total file size.');
      const received = segments.reduce((sum, segment) => sum + segment.size, 0);
      if (received !== record.totalBytes)
        throw badRequest('Segments do not add up to provided total file size.');
      if (missing !== -1) {
        throw badRequest(`Segment ${missing} is missing: segment_index must run from 0 without gaps.`);
      }
      const source = this.#deps.files.byteSource(record.id, segments);
      const sniffed = await sniffMedia(source);
      if (sniffed === undefined || !declaredTypeMatches(record.mediaType, sniffed.mediaType)) {
        throw badRequest('media type unrecognized.', 'media');
      }
      if (!categoryAllowsType(record.category, sniffed.mediaType)) {
        throw badRequest('media type unrecognized.', 'media');
      }
      const processes = record.categoryGiven && (sniffed.kind === 'video' || sniffed.kind === 'gif');
      const finalized: FinalizedMedia = {
        detectedType: sniffed.mediaType,
        kind: sniffed.kind,
        width: sniffed.width,
        height: sniffed.height,
        finalizedAt: this.#deps.now(),
        sha256: await this.#deps.files.sha256(record.id, segments),
      };
      if (processes) {
        finalized.processing = { failure: await findProcessingFailure(source, sniffed.mediaType) };
      }
      if (!this.#records.has(record.id)) throw unknownMedia(id);
      record.finalized = finalized;
      record.phase = 'finalized';
      record.expiresAt = this.#deps.now() + this.#deps.expiresAfterSecs * 1000;
      this.#deps.onChange?.({ id: record.id, state: processes ? 'pending' : 'succeeded' });
      return this.#view(record);
    } finally {
      if (record.phase === 'finalizing') record.phase = 'uploading';
    }
  }

  /** STATUS: the same shape as FINALIZE, with processing_info advanced by the clock. */
  status(ownerId: string, id: string): MediaView {
    const record = this.#owned(ownerId, id);
    if (record.phase !== 'finalized')
      throw badRequest('Media is not finalized: call FINALIZE first.', 'media_id', id);
    return this.#view(record);
  }

  /** When an upload's id stops working, in clock ms. */
  expiresAt(ownerId: string, id: string): number {
    return this.#owned(ownerId, id).expiresAt;
  }

  /** Simple upload (v1.1 media/upload without command, v2 one-shot): INIT + APPEND 0 + FINALIZE. */
  async uploadWhole(
    ownerId: string,
    spooled: SpooledFile,
    request: {
      mediaCategory: string | undefined;
      additionalOwners: readonly string[];
      allowSubtitles: boolean;
    },
  ): Promise<MediaView> {
    let record: MediaRecord | undefined;
    try {
      this.sweep();
      if (spooled.size === 0) throw missingParameter('media');
      const sniffed = await sniffMedia(this.#deps.files.spooledSource(spooled));
      if (sniffed === undefined) throw badRequest('media type unrecognized.', 'media');
      const category = resolveCategory(request.mediaCategory, sniffed.mediaType);
      const isImage = sniffed.kind === 'image' || (sniffed.kind === 'gif' && !isProcessedCategory(category));
      const allowed = isImage || (request.allowSubtitles && sniffed.kind === 'subtitles');
      if (!allowed || !categoryAllowsType(category, sniffed.mediaType)) {
        throw badRequest(
          request.allowSubtitles
            ? 'Only images and subtitles can be uploaded in one request; use the chunked upload.'
            : 'Videos and GIFs must use chunked upload.',
          'media',
        );
      }
      if (spooled.size > maxBytesFor(category)) {
        throw badRequest(`File size exceeds ${maxBytesFor(category)} bytes.`, 'media');
      }
      record = this.#create(ownerId, {
        mediaType: sniffed.mediaType,
        category,
        categoryGiven: request.mediaCategory !== undefined && request.mediaCategory !== '',
        totalBytes: spooled.size,
        additionalOwners: parseAdditionalOwners(request.additionalOwners),
        kind: sniffed.kind,
      });
    } catch (error) {
      await this.#deps.files.discard(spooled);
      throw error;
    }
    await this.#commit(record, 0, spooled);
    return this.finalize(ownerId, record.id);
  }

  setAltText(ownerId: string, id: string, text: string): void {
    const record = this.#owned(ownerId, id);
    if (text.length > 1000) throw badRequest('alt_text must be at most 1000 characters.', 'alt_text');
    const kind = record.finalized?.kind ?? expectedKind(record.mediaType, record.category);
    if (kind !== 'image' && kind !== 'gif') {
      throw badRequest('Alt text can only be added to images and GIFs.', 'media_id', id);
    }
    record.altText = text;
  }

  addSubtitles(
    ownerId: string,
    videoId: string,
    subtitle: { mediaId: string; languageCode: string; displayName: string },
  ): void {
    const video = this.#owned(ownerId, videoId);
    if (expectedKind(video.mediaType, video.category) !== 'video') {
      throw badRequest('Subtitles can only be added to videos.', 'id', videoId);
    }
    const file = this.#owned(ownerId, subtitle.mediaId);
    if (file.category !== 'subtitles' || file.phase !== 'finalized') {
      throw badRequest(
        'The subtitle media_id must be a finalized upload with media_category subtitles.',
        'id',
      );
    }
    if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?$/.test(subtitle.languageCode)) {
      throw badRequest(
        `Invalid language_code: ${subtitle.languageCode}.`,
        'language_code',
        subtitle.languageCode,
      );
    }
    video.subtitles.set(subtitle.languageCode.toUpperCase(), {
      mediaId: subtitle.mediaId,
      displayName: subtitle.displayName,
    });
  }

  deleteSubtitles(ownerId: string, videoId: string, languageCode: string): boolean {
    const video = this.#owned(ownerId, videoId);
    return video.subtitles.delete(languageCode.toUpperCase());
  }

  subtitlesOf(
    ownerId: string,
    videoId: string,
  ): { mediaId: string; languageCode: string; displayName: string }[] {
    const video = this.#owned(ownerId, videoId);
    return [...video.subtitles].map(([languageCode, entry]) => ({ languageCode, ...entry }));
  }

  /**
   * For statuses/update and POST /2/tweets: every id must belong to the user and have finished
   * processing; a tweet takes up to 4 images, or 1 animated GIF, or 1 video.
   */
  usableMediaFor(userId: string, ids: readonly string[]): UsableMediaResult {
    this.sweep();
    const media: AttachableMedia[] = [];
    for (const id of ids) {
      const record = this.#records.get(id.trim());
      if (record === undefined || !ownedBy(record, userId)) {
        return { ok: false, code: 325, message: 'A media id was not found.' };
      }
      const finalized = record.finalized;
      const state = this.#processingInfo(record)?.state ?? (finalized ? 'succeeded' : undefined);
      if (!finalized || state !== 'succeeded' || finalized.kind === 'subtitles') {
        return { ok: false, code: 324, message: 'The validation of media ids failed.' };
      }
      media.push({
        id: record.id,
        mediaKey: record.mediaKey,
        type: finalized.kind === 'video' ? 'video' : finalized.kind === 'gif' ? 'animated_gif' : 'photo',
        width: finalized.width,
        height: finalized.height,
        ...(record.altText !== undefined ? { altText: record.altText } : {}),
      });
    }
    const videos = media.filter((item) => item.type === 'video').length;
    const gifs = media.filter((item) => item.type === 'animated_gif').length;
    if (videos > 0 && media.length > 1)
      return { ok: false, code: 386, message: 'Too many attachment types.' };
    if (gifs > 0 && media.length > 1) {
      return {
        ok: false,
        code: 323,
        message: 'Animated GIFs are not allowed when uploading multiple images.',
      };
    }
    if (media.length > 4) return { ok: false, code: 324, message: 'The validation of media ids failed.' };
    return { ok: true, media };
  }

  async inspect(id: string): Promise<MediaInspection | undefined> {
    this.sweep();
    const record = this.#records.get(id);
    if (record === undefined) return undefined;
    const segments = orderedSegments(record);
    const sha256 = record.finalized?.sha256 ?? (await this.#deps.files.sha256(record.id, segments));
    return {
      id: record.id,
      mediaKey: record.mediaKey,
      ownerId: record.ownerId,
      additionalOwners: [...record.additionalOwners],
      state:
        record.phase === 'finalized' ? (this.#processingInfo(record)?.state ?? 'succeeded') : record.phase,
      category: record.category,
      mediaType: record.mediaType,
      detectedType: record.finalized?.detectedType ?? null,
      totalBytes: record.totalBytes,
      bytesReceived: segments.reduce((sum, segment) => sum + segment.size, 0),
      segments: segments.map((segment) => ({ ...segment })),
      sha256,
      expiresAt: record.expiresAt,
      altText: record.altText ?? null,
      subtitles: [...record.subtitles].map(([languageCode, entry]) => ({ languageCode, ...entry })),
    };
  }

  /** Forgets expired uploads and deletes their files; runs at most once per clock second. */
  sweep(): void {
    const now = this.#deps.now();
    if (now - this.#lastSweep < SWEEP_EVERY_MS && now >= this.#lastSweep) return;
    this.#lastSweep = now;
    for (const record of this.#records.values()) {
      if (now >= record.expiresAt) this.#forget(record);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#records.clear();
    await this.#deps.files.removeAll();
  }

  #create(
    ownerId: string,
    fields: Pick<
      MediaRecord,
      'mediaType' | 'category' | 'categoryGiven' | 'totalBytes' | 'additionalOwners'
    > & {
      kind: MediaKind;
    },
  ): MediaRecord {
    if (this.#closed) throw new MediaError(503, 'The sandbox is shutting down.');
    const { kind, ...rest } = fields;
    const id = this.#deps.nextId();
    const record: MediaRecord = {
      id,
      // Fixed at creation: a client may keep the key INIT gave it.
      mediaKey: `${mediaKeyPrefix(kind, fields.category)}${id}`,
      ownerId,
      phase: 'uploading',
      segments: new Map(),
      commitChain: Promise.resolve(),
      subtitles: new Map(),
      expiresAt: this.#deps.now() + this.#deps.expiresAfterSecs * 1000,
      ...rest,
    };
    this.#records.set(record.id, record);
    this.#deps.onChange?.({ id: record.id, state: 'uploading' });
    return record;
  }

  async #commit(record: MediaRecord, index: number, spooled: SpooledFile): Promise<void> {
    const step = record.commitChain.then(async () => {
      // Checked again after the body arrived: FINALIZE or expiry may have happened meanwhile.
      if (this.#records.get(record.id) !== record) throw unknownMedia(record.id);
      if (record.phase !== 'uploading') {
        throw badRequest('Media has already been finalized; APPEND is not allowed.', 'media_id', record.id);
      }
      await this.#deps.files.commit(spooled, record.id, index);
      record.segments.set(index, { index, size: spooled.size, sha256: spooled.sha256 });
    });
    record.commitChain = step.catch(() => undefined);
    try {
      await step;
    } catch (error) {
      await this.#deps.files.discard(spooled);
      throw error;
    }
  }

  #owned(ownerId: string, id: string | undefined): MediaRecord {
    this.sweep();
    if (id === undefined || id === '') throw missingParameter('media_id');
    if (!ID_PATTERN.test(id)) throw unknownMedia(id);
    const record = this.#records.get(id);
    if (record === undefined || !ownedBy(record, ownerId)) throw unknownMedia(id);
    if (this.#deps.now() >= record.expiresAt) {
      this.#forget(record);
      throw unknownMedia(id);
    }
    return record;
  }

  #forget(record: MediaRecord): void {
    this.#records.delete(record.id);
    this.#deps.onChange?.({ id: record.id, state: 'expired' });
    void this.#deps.files.remove(record.id).catch(() => undefined);
  }

  #view(record: MediaRecord): MediaView {
    const now = this.#deps.now();
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
    const processingInfo = this.#processingInfo(record);
    if (processingInfo !== undefined) view.processingInfo = processingInfo;
    return view;
  }

  /** Derived from clock time since FINALIZE, so tests move it with the sandbox clock and no timer is needed. */
  #processingInfo(record: MediaRecord): ProcessingInfo | undefined {
    const finalized = record.finalized;
    if (finalized?.processing === undefined) return undefined;
    return processingInfoAt(
      this.#deps.now() - finalized.finalizedAt,
      this.#deps.pace,
      finalized.processing.failure,
    );
  }
}

function ownedBy(record: MediaRecord, userId: string): boolean {
  return record.ownerId === userId || record.additionalOwners.has(userId);
}

function orderedSegments(record: MediaRecord): SegmentInfo[] {
  return [...record.segments.values()].sort((a, b) => a.index - b.index);
}

function isProcessedCategory(category: MediaCategory): boolean {
  return category !== 'tweet_image' && category !== 'dm_image' && category !== 'subtitles';
}

function parseTotalBytes(value: string | undefined): number {
  if (value === undefined || value === '') throw missingParameter('total_bytes');
  if (!/^[0-9]{1,16}$/.test(value) || Number(value) <= 0) {
    throw badRequest('total_bytes must be a positive integer.', 'total_bytes', value);
  }
  return Number(value);
}

function parseSegmentIndex(value: string | undefined): number {
  if (value === undefined || value === '') throw missingParameter('segment_index');
  if (!/^-?[0-9]{1,6}$/.test(value) || Number(value) < 0 || Number(value) > MAX_SEGMENT_INDEX) {
    throw badRequest('SegmentIndex must be between 0 and 999.', 'segment_index', value);
  }
  return Number(value);
}

function resolveCategory(given: string | undefined, mediaType: string): MediaCategory {
  if (given !== undefined && given !== '') {
    const category = normalizeCategory(given);
    if (!isMediaCategory(category))
      throw badRequest(`Invalid media_category: ${given}.`, 'media_category', given);
    if (!categoryAllowsType(category, mediaType)) {
      throw badRequest(
        `media_type ${mediaType} is not allowed for media_category ${category}.`,
        'media_category',
        given,
      );
    }
    return category;
  }
  const inferred = inferCategory(mediaType);
  if (inferred === undefined) throw badRequest('media type unrecognized.', 'media_type', mediaType);
  return inferred;
}

/**
 * X takes `tweet_image`, and also the `TweetImage` / `TWEET_IMAGE` spellings that popular clients
 * (twitter-api-v2, the Ads API) send, so all three map to the same category.
 */
function normalizeCategory(given: string): string {
  return given.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

function parseAdditionalOwners(values: readonly string[]): Set<string> {
  const owners = values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (owners.length > 100)
    throw badRequest('additional_owners accepts at most 100 user ids.', 'additional_owners');
  const bad = owners.find((owner) => !ID_PATTERN.test(owner));
  if (bad !== undefined)
    throw badRequest(`Invalid user id in additional_owners: ${bad}.`, 'additional_owners', bad);
  return new Set(owners);
}
