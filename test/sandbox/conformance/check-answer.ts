// Checks one answer against the document: its status is declared (or covered by `default`), its content type is
// one the document gives for that status, and a JSON body validates against that schema.
import type { DocumentOperation } from '../../../src/sandbox/openapi/document.js';
import { type DocumentValidator, pointer } from '../../../src/sandbox/openapi/schema-validator.js';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

export function checkAnswer(
  validator: DocumentValidator,
  operation: DocumentOperation,
  answer: Answer,
): string[] {
  const statusKey = operation.responses[String(answer.status)]
    ? String(answer.status)
    : answer.status >= 400 && operation.responses['default']
      ? 'default'
      : undefined;
  if (statusKey === undefined) {
    return [`status ${answer.status} is not declared (${Object.keys(operation.responses).join(', ')})`];
  }
  const declared = operation.responses[statusKey] ?? {};
  const types = Object.keys(declared);
  if (types.length === 0) return answer.text === '' ? [] : ['a body where the document declares none'];
  const mediaType = answer.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!types.includes(mediaType))
    return [`content type ${mediaType || '(none)'} is not one of ${types.join(', ')}`];
  // A binary answer (a media download) is held to its declared content type; only JSON has a schema to check.
  if (declared[mediaType] === undefined || !/json$/.test(mediaType)) return [];
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return ['the body is not JSON'];
  }
  const location = pointer([
    'paths',
    operation.path,
    operation.method.toLowerCase(),
    'responses',
    statusKey,
    'content',
    mediaType,
    'schema',
  ]);
  return validator
    .check(location, body)
    .map((issue) => `${issue.path}: ${issue.message}${issue.property ? ` (${issue.property})` : ''}`);
}
