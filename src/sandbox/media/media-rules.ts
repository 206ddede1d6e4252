// The request rules of INIT, APPEND and ownership: parsing total_bytes, segment_index, media_category
// and additional_owners as X does.
import {
  categoryAllowsType,
  inferCategory,
  isMediaCategory,
  MAX_SEGMENT_INDEX,
  type MediaCategory,
} from './categories.js';
import { badRequest, missingParameter } from './media-error.js';
import type { MediaRecord, SegmentInfo } from './media-types.js';

export const ID_PATTERN = /^[0-9]{1,19}$/;

export function ownedBy(record: MediaRecord, userId: string): boolean {
  return record.ownerId === userId || record.additionalOwners.has(userId);
}

export function orderedSegments(record: MediaRecord): SegmentInfo[] {
  return [...record.segments.values()].sort((a, b) => a.index - b.index);
}

export function isProcessedCategory(category: MediaCategory): boolean {
  return category !== 'tweet_image' && category !== 'dm_image' && category !== 'subtitles';
}

export function parseTotalBytes(value: string | undefined): number {
  if (value === undefined || value === '') throw missingParameter('total_bytes');
  if (!/^[0-9]{1,16}$/.test(value) || Number(value) <= 0) {
    throw badRequest('total_bytes must be a positive integer.', 'total_bytes', value);
  }
  return Number(value);
}

export function parseSegmentIndex(value: string | undefined): number {
  if (value === undefined || value === '') throw missingParameter('segment_index');
  if (!/^-?[0-9]{1,6}$/.test(value) || Number(value) < 0 || Number(value) > MAX_SEGMENT_INDEX) {
    throw badRequest('SegmentIndex must be between 0 and 999.', 'segment_index', value);
  }
  return Number(value);
}

export function resolveCategory(given: string | undefined, mediaType: string): MediaCategory {
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
export function normalizeCategory(given: string): string {
  return given.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

export function parseAdditionalOwners(values: readonly string[]): Set<string> {
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
