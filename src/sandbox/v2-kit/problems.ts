// The v2 problems every area answers with, in the shapes of X's document: a resource that does not resolve
// (partial error or whole answer), a resource the caller may not act on (403), an invalid value.
import { invalidRequest, v2Problem } from '../context.js';

type Json = Record<string, unknown>;

/** X's partial error for an id that does not resolve (inside a 200 answer's `errors`). */
export function notFound(value: string, parameter: string, resourceType: string): Json {
  return {
    value,
    detail: `Could not find ${resourceType} with ${parameter}: [${value}].`,
    title: 'Not Found Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: 'https://api.x.com/2/problems/resource-not-found',
  };
}

/** The same as a whole answer: a command on a resource that does not exist. */
export function notFoundProblem(value: string, parameter: string, resourceType: string) {
  const { type: _type, ...rest } = notFound(value, parameter, resourceType);
  return v2Problem(404, { type: 'resource-not-found', ...rest });
}

/**
 * The 403 about one resource the caller may not act on (another user's id in the path, another's post, list
 * or conversation): the document's `not-authorized-for-resource` problem, whose Problem schema has no
 * `about:blank`. `about:blank` 403s are kept for refusals of what a request says, not of whom it touches
 * (duplicate text, as XAPI.md observed). UNCONFIRMED: X's wording varies by endpoint.
 */
export function forbidden(detail: string, resource: { type: string; id: string; parameter: string }) {
  return v2Problem(403, {
    type: 'not-authorized-for-resource',
    title: 'Authorization Error',
    detail,
    value: resource.id,
    resource_type: resource.type,
    resource_id: resource.id,
    parameter: resource.parameter,
    status: 403,
  });
}

/** One invalid parameter or body field. */
export function invalidValue(parameter: string, value: string, message: string) {
  return invalidRequest(message, { [parameter]: [value] });
}

/** A `{data: [...]}`-style body whose `data` is omitted when empty, as X does. */
export function listBody(data: readonly unknown[], extra: Json = {}): Json {
  return { ...(data.length > 0 ? { data } : {}), ...extra };
}
