// ajv over X's OpenAPI document: OpenAPI 3.0's `nullable` is ajv's own keyword; each `discriminator`
// with a `mapping` (which ajv does not take) becomes an if/then per mapped value, so a problem body is checked
// against the one schema its `type` names; a `nullable` beside no `type` (which ajv refuses to compile) is
// dropped, as OpenAPI 3.0.3 says it then has no effect.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { type JsonSchema, type OpenApiDocument, openApiDocument } from './document.js';

const DOCUMENT_ID = 'x-openapi';

/** A validation failure: where in the data (`$.data.public_metrics`) and what is wrong. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
  readonly keyword: string;
  /** For `additionalProperties`: the undeclared property; for `required`: the missing one. */
  readonly property?: string;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites every discriminator in place (on a copy of the document). */
function rewriteDiscriminators(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteDiscriminators(item);
    return;
  }
  if (!isObject(node)) return;
  for (const value of Object.values(node)) rewriteDiscriminators(value);
  const discriminator = node['discriminator'];
  if (!isObject(discriminator) || !Array.isArray(node['oneOf'])) return;
  delete node['discriminator'];
  const property = discriminator['propertyName'];
  const mapping = discriminator['mapping'];
  // A discriminator on a parent's property (`../event_type`) cannot be expressed here: any branch may match.
  if (typeof property !== 'string' || property.includes('/') || !isObject(mapping)) {
    node['anyOf'] = node['oneOf'];
    delete node['oneOf'];
    return;
  }
  const values = Object.keys(mapping);
  const branches = values.map((value) => ({
    if: { properties: { [property]: { const: value } }, required: [property] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited
    then: { $ref: String(mapping[value]) },
  }));
  delete node['oneOf'];
  node['required'] = [...new Set([...(Array.isArray(node['required']) ? node['required'] : []), property])];
  node['properties'] = {
    ...(isObject(node['properties']) ? node['properties'] : {}),
    [property]: { type: 'string', enum: values },
  };
  node['allOf'] = [...(Array.isArray(node['allOf']) ? node['allOf'] : []), ...branches];
}

/**
 * Drops `nullable` where the same schema has no `type` (the media analytics counters: `oneOf` integer or
 * string, `nullable: true`). OpenAPI 3.0.3: "A true value adds null to the allowed types specified by the
 * type keyword, only if type is explicitly defined within the same Schema Object". So null stays refused.
 */
function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropUntypedNullable(item);
    return;
  }
  if (!isObject(node)) return;
  if ('nullable' in node && node['type'] === undefined) delete node['nullable'];
  for (const value of Object.values(node)) dropUntypedNullable(value);
}

/** JSON pointer of a location of the document (`['paths', '/2/users/{id}', 'get']` → `#/paths/~12~1users…`). */
export function pointer(parts: readonly string[]): string {
  return `#/${parts.map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

export class DocumentValidator {
  readonly document: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument = openApiDocument()) {
    this.document = document;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false });
    const addFormats = formatsModule as unknown as (ajv: Ajv) => Ajv;
    addFormats(this.ajv);
    const copy = JSON.parse(document.text) as JsonSchema;
    rewriteDiscriminators(copy);
    dropUntypedNullable(copy);
    this.ajv.addSchema({ ...copy, $id: DOCUMENT_ID });
  }

  /** Validates `data` against the schema at `location` (a pointer into the document, from `pointer`). */
  check(location: string, data: unknown): SchemaIssue[] {
    let validate = this.compiled.get(location);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${location}` });
      this.compiled.set(location, validate);
    }
    if (validate(data)) return [];
    return (validate.errors ?? []).map(toIssue);
  }
}

function toIssue(error: ErrorObject): SchemaIssue {
  const path = `$${error.instancePath.replace(/\/([^/]*)/g, (_all, part: string) =>
    /^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`,
  )}`;
  const params = error.params as Record<string, unknown>;
  const property =
    typeof params['additionalProperty'] === 'string'
      ? params['additionalProperty']
      : typeof params['missingProperty'] === 'string'
        ? params['missingProperty']
        : undefined;
  return {
    path,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    ...(property !== undefined ? { property } : {}),
  };
}

let shared: DocumentValidator | undefined;

/** One validator per process: compiled schemas are reused by every sandbox. */
export function documentValidator(): DocumentValidator {
  shared ??= new DocumentValidator();
  return shared;
}
