// The exact JSON of upload answers and errors: v1.1 (numeric media_id beside media_id_string, upload-host
// errors) and v2 ({"data":…} with string ids, problem JSON).
import { invalidRequest, type SandboxHttpError, uploadError, v2Problem } from '../context.js';
import type { MediaError } from './media-error.js';
import type { MediaView } from './media-store.js';

/**
 * X's media_id is a 64-bit number that JSON.stringify cannot write; it is spliced in as raw digits,
 * exactly as X sends it (so a client reading media_id instead of media_id_string loses precision, as on X).
 */
export function v1MediaJson(view: MediaView, phase: 'init' | 'final'): string {
  const rest: Record<string, unknown> = { media_id_string: view.id };
  if (view.categoryGiven) rest['media_key'] = view.mediaKey;
  if (phase === 'final' && view.size !== undefined) rest['size'] = view.size;
  rest['expires_after_secs'] = view.expiresAfterSecs;
  if (phase === 'final') {
    if (view.image) rest['image'] = view.image;
    if (view.video) rest['video'] = view.video;
    if (view.processingInfo) rest['processing_info'] = view.processingInfo;
  }
  if (!/^[0-9]+$/.test(view.id)) throw new Error('media ids are decimal');
  return `{"media_id":${view.id},${JSON.stringify(rest).slice(1)}`;
}

export function v2MediaData(view: MediaView, phase: 'init' | 'final'): Record<string, unknown> {
  const data: Record<string, unknown> = { id: view.id, media_key: view.mediaKey };
  if (phase === 'final' && view.size !== undefined) data['size'] = view.size;
  data['expires_after_secs'] = view.expiresAfterSecs;
  if (phase === 'final') {
    if (view.processingInfo) data['processing_info'] = view.processingInfo;
    if (view.image) data['image'] = view.image;
    if (view.video) data['video'] = view.video;
  }
  return data;
}

const CLOSE = { connection: 'close' };

export function toUploadError(error: MediaError): SandboxHttpError {
  const http = uploadError(error.status, error.message);
  if (error.closeConnection) Object.assign(http.headers, CLOSE);
  return http;
}

export function toV2Problem(error: MediaError): SandboxHttpError {
  const http =
    error.status === 400
      ? invalidRequest(
          error.message,
          error.parameter ? { [error.parameter]: error.value !== undefined ? [error.value] : [] } : {},
        )
      : v2Problem(error.status, { detail: error.message });
  if (error.closeConnection) Object.assign(http.headers, CLOSE);
  return http;
}
