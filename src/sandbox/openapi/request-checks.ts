// Checks a request's path and query parameters, and its JSON body, against its document operation, and says
// what is wrong in X's invalid-request wording (one `{message, parameters}` entry per problem).
import type { DocumentOperation, DocumentParameter, JsonSchema, OpenApiDocument } from './document.js';
import { acceptedValues, TWEET_FIELD_PARAMETERS } from './field-lists.js';
import { type DocumentValidator, pointer } from './schema-validator.js';

export interface RequestIssue {
  message: string;
  parameters: Record<string, string[]>;
}

/**
 * Operations whose query may carry parameters the document does not declare: X's command-style upload
 * (`?command=INIT&total_bytes=…`) predates the document, which lists none, and clients still send it.
 */
const OPEN_QUERY = new Set(['POST /2/media/upload']);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** First value of each query parameter, in order. */
export function queryOf(url: string): Map<string, string> {
  const query = new Map<string, string>();
  const at = url.indexOf('?');
  if (at < 0) return query;
  for (const [name, value] of new URLSearchParams(url.slice(at + 1)))
    if (!query.has(name)) query.set(name, value);
  return query;
}

function issue(name: string, values: string[], message: string): RequestIssue {
  return { message, parameters: { [name]: values } };
}

function checkScalar(name: string, raw: string, schema: JsonSchema, shown: string = raw): string | undefined {
  const type = schema['type'];
  const values = Array.isArray(schema['enum']) ? schema['enum'].map(String) : undefined;
  if (type === 'integer' || type === 'number') {
    const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : undefined;
    const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : undefined;
    const value = Number(raw);
    const wellFormed =
      type === 'integer' ? /^-?[0-9]+$/.test(raw) : raw.trim() !== '' && Number.isFinite(value);
    if (!wellFormed || (min !== undefined && value < min) || (max !== undefined && value > max)) {
      return `The \`${name}\` query parameter value [${shown}] is not between ${min ?? '-2147483648'} and ${max ?? '2147483647'}`;
    }
    return undefined;
  }
  if (type === 'boolean') {
    return raw === 'true' || raw === 'false'
      ? undefined
      : `The \`${name}\` query parameter value [${shown}] is not one of [true,false]`;
  }
  if (values && !values.includes(raw)) {
    return `The \`${name}\` query parameter value [${shown}] is not one of [${values.join(',')}]`;
  }
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  if (raw.length === 0 && minLength > 0) return `The \`${name}\` query parameter can not be empty`;
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : undefined;
  if (raw.length < minLength || (maxLength !== undefined && raw.length > maxLength)) {
    return `The \`${name}\` query parameter value [${shown}] is not between ${minLength} and ${maxLength ?? 'unlimited'} characters long`;
  }
  if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(raw)) {
    return `The \`${name}\` query parameter value [${shown}] does not match ${schema['pattern']}`;
  }
  if (schema['format'] === 'date-time' && (!RFC3339.test(raw) || Number.isNaN(Date.parse(raw)))) {
    return `The \`${name}\` query parameter value [${shown}] is not a valid RFC 3339 date-time`;
  }
  return undefined;
}

function checkParameter(
  document: OpenApiDocument,
  operation: DocumentOperation,
  parameter: DocumentParameter,
  name: string,
  raw: string,
): RequestIssue | undefined {
  const { schema } = parameter;
  if (schema['type'] !== 'array') {
    const message = checkScalar(name, raw, schema);
    return message ? issue(name, [raw], message) : undefined;
  }
  const items = raw.split(',');
  if (raw === '' || items.some((item) => item === '')) {
    return issue(name, [raw], `The \`${name}\` query parameter can not be empty`);
  }
  const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : 1;
  const maxItems = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : undefined;
  if (items.length < minItems || (maxItems !== undefined && items.length > maxItems)) {
    return issue(
      name,
      [raw],
      `The number of values in the \`${name}\` query parameter list [${items.length}] is not between ${minItems} and ${maxItems ?? 'unlimited'}`,
    );
  }
  const accepted = acceptedValues(document, operation, parameter);
  if (accepted) {
    const unknown = items.filter((item) => !accepted.includes(item));
    if (unknown.length === 0) return undefined;
    return issue(
      name,
      unknown,
      `The \`${name}\` query parameter value [${unknown.join(',')}] is not one of [${accepted.join(',')}]`,
    );
  }
  const itemSchema = document.deref((schema['items'] as JsonSchema | undefined) ?? {});
  for (const item of items) {
    const message = checkScalar(name, item, itemSchema);
    if (message) return issue(name, [item], message);
  }
  return undefined;
}

/** Path and query parameters: unknown names, missing required ones, and each value against its schema. */
export function checkParameters(
  document: OpenApiDocument,
  operation: DocumentOperation,
  pathParams: Readonly<Record<string, string | undefined>>,
  query: ReadonlyMap<string, string>,
): RequestIssue[] {
  const issues: RequestIssue[] = [];
  const declared = new Map<string, DocumentParameter>();
  for (const parameter of operation.parameters) {
    if (parameter.in === 'query') declared.set(parameter.name, parameter);
  }
  for (const [alias, original] of [TWEET_FIELD_PARAMETERS, [...TWEET_FIELD_PARAMETERS].reverse()]) {
    const parameter = declared.get(original as string);
    if (parameter && !declared.has(alias as string))
      declared.set(alias as string, { ...parameter, name: alias as string });
  }
  const open = OPEN_QUERY.has(`${operation.method} ${operation.path}`);
  for (const [name, value] of query) {
    const parameter = declared.get(name);
    if (parameter) {
      const found = checkParameter(document, operation, parameter, name, value);
      if (found) issues.push(found);
    } else if (!open && !name.startsWith('oauth_')) {
      const names = operation.parameters.map((entry) => entry.name);
      issues.push(issue(name, [value], `The query parameter [${name}] is not one of [${names.join(',')}]`));
    }
  }
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') {
      const value = pathParams[parameter.name];
      if (value !== undefined) {
        const found = checkParameter(document, operation, parameter, parameter.name, value);
        if (found) issues.push(found);
      }
    } else if (parameter.in === 'query' && parameter.required && !query.has(parameter.name)) {
      issues.push(issue(parameter.name, [], `The \`${parameter.name}\` query parameter can not be empty`));
    }
  }
  return issues;
}

/** A JSON body against the operation's `application/json` request schema. */
export function checkJsonBody(
  validator: DocumentValidator,
  operation: DocumentOperation,
  body: unknown,
): RequestIssue[] {
  if (!operation.requestBody?.content['application/json']) return [];
  const location = pointer([
    'paths',
    operation.path,
    operation.method.toLowerCase(),
    'requestBody',
    'content',
    'application/json',
    'schema',
  ]);
  const seen = new Set<string>();
  const issues: RequestIssue[] = [];
  for (const found of validator.check(location, body)) {
    // Branches of a oneOf each report; the "match exactly one" summary adds nothing for a client.
    if (found.keyword === 'oneOf' || found.keyword === 'anyOf' || found.keyword === 'if') continue;
    const where =
      found.property !== undefined ? `${found.path}.${found.property}`.replace(/^\$\./, '$.') : found.path;
    const message =
      found.keyword === 'additionalProperties'
        ? `${where}: is not defined in the schema and the schema does not allow additional properties`
        : found.keyword === 'required'
          ? `${where}: is missing but it is required`
          : `${where}: ${found.message}`;
    if (seen.has(message)) continue;
    seen.add(message);
    issues.push({ message, parameters: {} });
  }
  return issues;
}
