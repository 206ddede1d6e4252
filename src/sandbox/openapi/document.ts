// X's OpenAPI document (openapi/x-openapi-2.167.json at the package root), loaded once and indexed by
// method + route template so any fastify route whose URL is a documented path finds its operation.
import { readFileSync } from 'node:fs';

/** A JSON Schema as the document writes it (OpenAPI 3.0 dialect). */
export type JsonSchema = { [keyword: string]: unknown };

export interface DocumentParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** The parameter's schema with a top-level `$ref` followed. */
  readonly schema: JsonSchema;
}

export interface DocumentOperation {
  /** Upper case: `GET`, `POST`… */
  readonly method: string;
  /** The document's template, `/2/users/{id}/liked_tweets`. */
  readonly path: string;
  /** The same written as a fastify route, `/2/users/:id/liked_tweets`. */
  readonly route: string;
  readonly operationId: string;
  readonly tag: string;
  readonly parameters: readonly DocumentParameter[];
  /** Request body schemas by media type, and whether a body is required. */
  readonly requestBody:
    | { readonly required: boolean; readonly content: Record<string, JsonSchema> }
    | undefined;
  /** Response schemas: status (`200`, `default`…) → media type → schema (undefined when none is given). */
  readonly responses: Record<string, Record<string, JsonSchema | undefined>>;
}

export interface OpenApiDocument {
  /** The document's text as shipped, served by `GET /2/openapi.json`. */
  readonly text: string;
  readonly raw: JsonSchema;
  readonly operations: readonly DocumentOperation[];
  /** `METHOD /route/:template` → operation. */
  readonly byRoute: ReadonlyMap<string, DocumentOperation>;
  /** Follows a local `$ref` (`#/components/...`). */
  resolve(ref: string): JsonSchema;
  /** Follows `$ref`s at the top of a schema until a schema without one. */
  deref(schema: JsonSchema): JsonSchema;
}

export const DOCUMENT_FILE = 'x-openapi-2.167.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `/2/users/{id}/likes/{tweet_id}` → `/2/users/:id/likes/:tweet_id`. */
export function routeOfTemplate(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

export function routeKey(method: string, route: string): string {
  return `${method.toUpperCase()} ${route}`;
}

let cached: OpenApiDocument | undefined;

/** The document, read and indexed on first use (src/ and dist/ both sit three levels under the root). */
export function openApiDocument(): OpenApiDocument {
  cached ??= parseDocument(
    readFileSync(new URL(`../../../openapi/${DOCUMENT_FILE}`, import.meta.url), 'utf8'),
  );
  return cached;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDocument(text: string): OpenApiDocument {
  const raw = JSON.parse(text) as JsonSchema;
  const resolve = (ref: string): JsonSchema => {
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
    let node: unknown = raw;
    for (const part of ref.slice(2).split('/')) {
      node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (!isObject(node)) throw new Error(`Unresolvable $ref ${ref}`);
    return node;
  };
  const deref = (schema: JsonSchema): JsonSchema => {
    let current = schema;
    for (let hops = 0; typeof current['$ref'] === 'string' && hops < 32; hops++) {
      const { $ref, ...siblings } = current;
      current = { ...resolve($ref as string), ...siblings };
    }
    return current;
  };

  const operations: DocumentOperation[] = [];
  const paths = isObject(raw['paths']) ? raw['paths'] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item['parameters']) ? item['parameters'] : [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const own = Array.isArray(op['parameters']) ? op['parameters'] : [];
      const parameters = [...shared, ...own].filter(isObject).map((entry): DocumentParameter => {
        const parameter = deref(entry);
        return {
          name: String(parameter['name']),
          in: parameter['in'] as DocumentParameter['in'],
          required: parameter['required'] === true,
          schema: deref(isObject(parameter['schema']) ? parameter['schema'] : {}),
        };
      });
      const body = isObject(op['requestBody']) ? deref(op['requestBody']) : undefined;
      const responses: DocumentOperation['responses'] = {};
      for (const [status, response] of Object.entries(isObject(op['responses']) ? op['responses'] : {})) {
        if (!isObject(response)) continue;
        const content = isObject(deref(response)['content'])
          ? (deref(response)['content'] as JsonSchema)
          : {};
        responses[status] = Object.fromEntries(
          Object.entries(content).map(([type, media]) => [
            type,
            isObject(media) && isObject(media['schema']) ? media['schema'] : undefined,
          ]),
        );
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        route: routeOfTemplate(path),
        operationId: String(op['operationId'] ?? `${method} ${path}`),
        tag: Array.isArray(op['tags']) && typeof op['tags'][0] === 'string' ? op['tags'][0] : 'Untagged',
        parameters,
        requestBody: body
          ? {
              required: body['required'] === true,
              content: Object.fromEntries(
                Object.entries(isObject(body['content']) ? body['content'] : {}).map(([type, media]) => [
                  type,
                  isObject(media) && isObject(media['schema']) ? media['schema'] : {},
                ]),
              ),
            }
          : undefined,
        responses,
      });
    }
  }
  const byRoute = new Map(operations.map((op) => [routeKey(op.method, op.route), op]));
  return { text, raw, operations, byRoute, resolve, deref };
}
