// Typed reads of JSON request bodies (metadata, subtitles): a missing or mistyped field is a clear 400.
import type { FastifyRequest } from 'fastify';
import { badRequest, missingParameter } from './media-error.js';

export function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw badRequest('Expected a JSON object body.');
  }
  return body as Record<string, unknown>;
}

export function objectField(
  json: Record<string, unknown>,
  name: string,
): Record<string, unknown> | undefined {
  const value = json[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function stringField(json: Record<string, unknown>, name: string): string {
  const value = json[name];
  if (typeof value !== 'string' || value === '') throw missingParameter(name);
  return value;
}

/** Ids may come as strings or (imprecise, as clients send them) numbers. */
export function idField(json: Record<string, unknown>, name: string): string {
  const value = json[name];
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value).toString();
  return stringField(json, name);
}

export function subtitleEntries(json: Record<string, unknown>): Record<string, unknown>[] {
  const list = objectField(json, 'subtitle_info')?.['subtitles'];
  if (!Array.isArray(list) || list.length === 0) throw missingParameter('subtitle_info.subtitles');
  return list.filter(
    (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
  );
}
