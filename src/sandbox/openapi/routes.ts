// Makes every route whose method + URL is an operation of X's document follow it without per-route code:
// parameters and JSON bodies are checked before the handler runs, documented fixed paths are not caught by a
// sibling `/:id` route, and `GET /2/openapi.json` serves the document.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidRequestErrors, pageNotFound } from '../errors.js';
import { type OpenApiDocument, openApiDocument, routeKey } from './document.js';
import { checkJsonBody, checkParameters, queryOf } from './request-checks.js';
import { documentValidator } from './schema-validator.js';

/** `GET /2/users/search`-style operations: a literal path that a parametric sibling route would catch. */
function fixedPaths(document: OpenApiDocument): Set<string> {
  return new Set(
    document.operations.filter((op) => !op.path.includes('{')).map((op) => routeKey(op.method, op.path)),
  );
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/(.+\+)?json\b/i.test(type);
}

export function registerDocumentRoutes(app: FastifyInstance): void {
  const document = openApiDocument();
  const fixed = fixedPaths(document);

  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url;
    if (route === undefined) return;
    const path = request.url.split('?', 1)[0] ?? '';
    if (route !== path && fixed.has(routeKey(request.method, path))) throw pageNotFound();
    const operation = document.byRoute.get(routeKey(request.method, route));
    // An operation that declares no error answer (GET /2/openapi.json) is never refused for its parameters.
    if (!operation?.responses['default']) return;
    // X checks credentials before parameters: a request without any leaves the 401 to the route.
    if (request.headers.authorization === undefined) return;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const issues = checkParameters(document, operation, params, queryOf(request.url));
    if (issues.length === 0 && isJson(request) && request.body !== undefined) {
      issues.push(...checkJsonBody(documentValidator(), operation, request.body));
    }
    if (issues.length > 0) throw invalidRequestErrors(issues);
  });

  app.get('/2/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(document.text),
  );
}
