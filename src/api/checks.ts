// Checks of the typed helpers' arguments (made at the call, before anything is sent) and of the answers
// they read (so a body without the expected `data` is a typed error, never a TypeError).

import {
  InvalidRequestError,
  MAX_DETAIL_CHARS,
  parseErrorBody,
  UnexpectedResponseError,
} from '../http/errors.js';
import type { PipelineResponse } from '../http/request.js';

/** A post, user or media id: digits, as a string or a bigint. */
export function checkId(name: string, id: unknown): string {
  const text = typeof id === 'bigint' ? id.toString() : id;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) {
    throw new InvalidRequestError(
      `${name} must be a numeric id (a string of digits or a bigint); got ${describeValue(id)}.`,
    );
  }
  return text;
}

/** An X username: 1 to 15 letters, digits or underscores, with or without a leading `@`. */
export function checkUsername(username: unknown): string {
  const bare = typeof username === 'string' ? username.replace(/^@/, '') : undefined;
  if (bare === undefined || !/^\w{1,15}$/.test(bare)) {
    throw new InvalidRequestError(
      `username must be an X username (1 to 15 letters, digits or _); got ${describeValue(username)}.`,
    );
  }
  return bare;
}

/** Argument of tweet(): a text or an options object. */
export function checkTweetArgument(value: unknown): void {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new InvalidRequestError(
      `tweet() takes a text or an options object such as { text, mediaIds }; got ${describeValue(value)}.`,
    );
  }
}

/** The `data` object of a v2 answer; anything else is an UnexpectedResponseError naming what came. */
export function dataObject<T>(response: PipelineResponse<unknown>): T {
  const body = response.data;
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data)) {
    // X answers a lookup of what does not exist with 200 and errors only: its words say why there is no data.
    const said = wholeMessages(parseErrorBody(body).errors.map((error) => error.message));
    throw new UnexpectedResponseError(
      said
        ? `X answered ${response.status} with errors and no "data" object: ${said}`
        : `X answered ${response.status} without the "data" object this call reads (the body was ${describeAnswer(body)}).`,
      { status: response.status, headers: response.headers, body },
    );
  }
  return data as T;
}

/**
 * X's messages joined, each whole or left out (see describeAnswer), within MAX_DETAIL_CHARS; those left out are
 * counted. Empty when not even the first fits.
 */
function wholeMessages(messages: readonly string[]): string {
  const kept: string[] = [];
  let length = 0;
  for (const message of messages) {
    length += message.length + 2;
    if (length > MAX_DETAIL_CHARS) break;
    kept.push(message);
  }
  const left = messages.length - kept.length;
  if (kept.length === 0) return '';
  return `${kept.join('; ')}${left > 0 ? ` (and ${left} more in error.body)` : ''}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An answer is quoted whole or not at all: a cut could keep part of a credential it echoes, which the
 * scrubbing of whole credentials would then miss.
 */
function describeAnswer(value: unknown): string {
  return typeof value === 'string' && value.length > 40
    ? `a string of ${value.length} characters`
    : describeValue(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object without it';
  return `${typeof value} ${String(value)}`;
}
