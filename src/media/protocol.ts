// The wire differences between the v1.1 and v2 media endpoints, in one place: how each command is sent
// and how each answer is read. The upload algorithm sees only these functions.

import { endpointUrl, V1_UPLOAD, V2_API } from '../api/endpoint.js';
import { PeonyError } from '../http/errors.js';
import { type ByteSource, type MultipartBody, multipartBody } from '../http/multipart.js';
import { appendQuery, type ParamPair, toJsonBody } from '../http/params.js';
import type { PipelineRequest } from '../http/request.js';
import type { MediaCategory } from './detect.js';
import type { ProcessingFailure } from './errors.js';

export type MediaApi = 'v1.1' | 'v2';

export interface InitParams {
  readonly totalBytes: number;
  readonly mediaType: string;
  readonly category: MediaCategory;
  readonly additionalOwners?: readonly string[] | undefined;
}

export interface ProcessingInfo {
  readonly state: 'pending' | 'in_progress' | 'succeeded' | 'failed' | string;
  readonly checkAfterSecs?: number;
  readonly progressPercent?: number;
  readonly error?: ProcessingFailure;
}

/** What INIT, FINALIZE, STATUS and simple upload answer, read the same way for both APIs. */
export interface MediaAnswer {
  readonly mediaId: string;
  readonly mediaKey?: string;
  readonly size?: number;
  readonly expiresAfterSecs?: number;
  readonly processingInfo?: ProcessingInfo;
  readonly image?: { readonly image_type?: string; readonly w?: number; readonly h?: number };
  readonly video?: { readonly video_type?: string };
}

function pairsForInit(p: InitParams): ParamPair[] {
  const pairs: ParamPair[] = [
    ['command', 'INIT'],
    ['total_bytes', String(p.totalBytes)],
    ['media_type', p.mediaType],
    ['media_category', p.category],
  ];
  if (p.additionalOwners?.length) pairs.push(['additional_owners', p.additionalOwners.join(',')]);
  return pairs;
}

function multipart(fields: readonly ParamPair[], media: ByteSource): () => MultipartBody {
  return () => multipartBody(fields, [{ name: 'media', filename: 'blob', bytes: media }]);
}

/** Builds the requests of one API version against one base URL. */
export class MediaProtocol {
  readonly api: MediaApi;
  readonly #baseUrl: string;

  constructor(api: MediaApi, baseUrl: string) {
    this.api = api;
    this.#baseUrl = baseUrl;
  }

  #v1(): URL {
    return endpointUrl(this.#baseUrl, V1_UPLOAD, ['media', 'upload']);
  }

  #v2(...segments: string[]): URL {
    return endpointUrl(this.#baseUrl, V2_API, ['media', ...segments]);
  }

  init(p: InitParams): PipelineRequest {
    if (this.api === 'v1.1')
      return { method: 'POST', url: this.#v1(), body: { kind: 'form', pairs: pairsForInit(p) } };
    return {
      method: 'POST',
      url: this.#v2('upload', 'initialize'),
      body: {
        kind: 'json',
        text: toJsonBody({
          media_type: p.mediaType,
          total_bytes: p.totalBytes,
          media_category: p.category,
          ...(p.additionalOwners?.length ? { additional_owners: [...p.additionalOwners] } : {}),
        }),
      },
    };
  }

  /** APPEND re-sends the same segment to the same index, which X replaces: safe to retry. */
  append(mediaId: string, segmentIndex: number, bytes: ByteSource): PipelineRequest {
    const build =
      this.api === 'v1.1'
        ? multipart(
            [
              ['command', 'APPEND'],
              ['media_id', mediaId],
              ['segment_index', String(segmentIndex)],
            ],
            bytes,
          )
        : multipart([['segment_index', String(segmentIndex)]], bytes);
    const url = this.api === 'v1.1' ? this.#v1() : this.#v2('upload', mediaId, 'append');
    return { method: 'POST', url, body: { kind: 'multipart', build }, idempotent: true };
  }

  finalize(mediaId: string): PipelineRequest {
    if (this.api === 'v1.1') {
      return {
        method: 'POST',
        url: this.#v1(),
        body: {
          kind: 'form',
          pairs: [
            ['command', 'FINALIZE'],
            ['media_id', mediaId],
          ],
        },
      };
    }
    return { method: 'POST', url: this.#v2('upload', mediaId, 'finalize') };
  }

  status(mediaId: string): PipelineRequest {
    const base = this.api === 'v1.1' ? this.#v1() : this.#v2('upload');
    return {
      method: 'GET',
      url: appendQuery(base, [
        ['command', 'STATUS'],
        ['media_id', mediaId],
      ]),
    };
  }

  /** One request for a small image (v1.1 simple upload; v2 one-shot upload). */
  simple(bytes: ByteSource, category: MediaCategory, additionalOwners?: readonly string[]): PipelineRequest {
    const fields: ParamPair[] = [['media_category', category]];
    if (additionalOwners?.length) fields.push(['additional_owners', additionalOwners.join(',')]);
    const url = this.api === 'v1.1' ? this.#v1() : this.#v2('upload');
    return { method: 'POST', url, body: { kind: 'multipart', build: multipart(fields, bytes) } };
  }

  /** Alt text (≤ 1000 characters; images and GIFs). */
  altText(mediaId: string, text: string): PipelineRequest {
    if (this.api === 'v1.1') {
      return {
        method: 'POST',
        url: endpointUrl(this.#baseUrl, V1_UPLOAD, ['media', 'metadata', 'create']),
        body: { kind: 'json', text: toJsonBody({ media_id: mediaId, alt_text: { text } }) },
      };
    }
    return {
      method: 'POST',
      url: this.#v2('metadata'),
      body: { kind: 'json', text: toJsonBody({ id: mediaId, metadata: { alt_text: { text } } }) },
    };
  }

  /** Reads INIT, FINALIZE, STATUS and simple-upload answers: v1.1 is flat, v2 wraps in `data` with string ids. */
  parse(body: unknown): MediaAnswer {
    const root = (body ?? {}) as Record<string, unknown>;
    const data = (this.api === 'v2' ? root.data : root) as Record<string, unknown> | undefined;
    const id = data?.media_id_string ?? data?.id ?? data?.media_id;
    if (!data || (typeof id !== 'string' && typeof id !== 'number')) {
      throw new PeonyError(
        `The ${this.api} media endpoint answered without a media id; this looks like a server fault, try again.`,
      );
    }
    const info = data.processing_info as Record<string, unknown> | undefined;
    return {
      mediaId: String(id),
      ...(typeof data.media_key === 'string' ? { mediaKey: data.media_key } : {}),
      ...(typeof data.size === 'number' ? { size: data.size } : {}),
      ...(typeof data.expires_after_secs === 'number' ? { expiresAfterSecs: data.expires_after_secs } : {}),
      ...(info && typeof info.state === 'string'
        ? {
            processingInfo: {
              state: info.state,
              ...(typeof info.check_after_secs === 'number' ? { checkAfterSecs: info.check_after_secs } : {}),
              ...(typeof info.progress_percent === 'number'
                ? { progressPercent: info.progress_percent }
                : {}),
              ...(info.error ? { error: info.error as ProcessingFailure } : {}),
            },
          }
        : {}),
      ...(data.image ? { image: data.image as MediaAnswer['image'] & object } : {}),
      ...(data.video ? { video: data.video as MediaAnswer['video'] & object } : {}),
    };
  }
}
