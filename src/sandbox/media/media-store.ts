// The media records behind both upload APIs: INIT/APPEND/FINALIZE/STATUS rules, ownership, expiry,
// the processing state machine (derived from the sandbox clock), attachment checks and inspection.
import {
  categoryAllowsType,
  expectedKind,
  isKnownMediaType,
  type MediaKind,
  maxBytesFor,
  mediaKeyPrefix,
} from './categories.js';
import { badRequest, MediaError, missingParameter, unknownMedia } from './media-error.js';
import {
  applyAltText,
  attachSubtitles,
  checkAttachable,
  type SubtitleEntry,
  subtitleList,
} from './media-metadata.js';
import {
  ID_PATTERN,
  isProcessedCategory,
  orderedSegments,
  ownedBy,
  parseAdditionalOwners,
  parseSegmentIndex,
  parseTotalBytes,
  resolveCategory,
} from './media-rules.js';
import type {
  FinalizedMedia,
  InitRequest,
  MediaDescription,
  MediaInspection,
  MediaRecord,
  MediaStoreDeps,
  MediaView,
  UsableMediaResult,
} from './media-types.js';
import { describeRecord, inspection, uploadView } from './media-views.js';
import { type ProcessingInfo, processingInfoAt } from './processing.js';
import type { SegmentFiles, SpooledFile } from './segment-files.js';
import { declaredTypeMatches, findProcessingFailure, sniffMedia } from './sniff.js';

export type {
  AttachableMedia,
  InitRequest,
  MediaDescription,
  MediaInspection,
  MediaStoreDeps,
  MediaView,
  SegmentInfo,
  UsableMediaResult,
} from './media-types.js';

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
    applyAltText(this.#owned(ownerId, id), text);
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
    attachSubtitles(video, this.#owned(ownerId, subtitle.mediaId), subtitle);
  }

  deleteSubtitles(ownerId: string, videoId: string, languageCode: string): boolean {
    const video = this.#owned(ownerId, videoId);
    return video.subtitles.delete(languageCode.toUpperCase());
  }

  subtitlesOf(ownerId: string, videoId: string): SubtitleEntry[] {
    return subtitleList(this.#owned(ownerId, videoId));
  }

  /** A finalized, unexpired media item by id (`GET /2/media`, DM attachments), or undefined. */
  describe(id: string): MediaDescription | undefined {
    this.sweep();
    const record = this.#records.get(id);
    if (record?.finalized === undefined) return undefined;
    return describeRecord(record, this.#processingInfo(record)?.state ?? 'succeeded');
  }

  /** The same by media key (`3_<id>`, `7_<id>`…). */
  describeByKey(mediaKey: string): MediaDescription | undefined {
    const id = /^[0-9]+_([0-9]{1,19})$/.exec(mediaKey)?.[1];
    const found = id === undefined ? undefined : this.describe(id);
    return found?.mediaKey === mediaKey ? found : undefined;
  }

  /** The bytes of a finalized upload (DM media download). */
  async bytes(id: string): Promise<Buffer | undefined> {
    const record = this.#records.get(id);
    if (record?.finalized === undefined) return undefined;
    const source = this.#deps.files.byteSource(record.id, orderedSegments(record));
    return source.readAt(0, source.size);
  }

  /**
   * For statuses/update and POST /2/tweets: every id must belong to the user and have finished
   * processing; a tweet takes up to 4 images, or 1 animated GIF, or 1 video.
   */
  usableMediaFor(userId: string, ids: readonly string[]): UsableMediaResult {
    this.sweep();
    return checkAttachable(
      ids.map((id) => {
        const record = this.#records.get(id.trim());
        return record !== undefined && ownedBy(record, userId) ? record : undefined;
      }),
      (record) => this.#processingInfo(record)?.state,
    );
  }

  async inspect(id: string): Promise<MediaInspection | undefined> {
    this.sweep();
    const record = this.#records.get(id);
    if (record === undefined) return undefined;
    const sha256 =
      record.finalized?.sha256 ?? (await this.#deps.files.sha256(record.id, orderedSegments(record)));
    return inspection(record, sha256, this.#processingInfo(record));
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
    return uploadView(record, this.#deps.now(), this.#processingInfo(record));
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
