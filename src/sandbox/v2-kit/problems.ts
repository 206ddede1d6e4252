// The v2 problems these areas answer with, in X's shapes.
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

/** One invalid parameter or body field. */
export function invalidValue(parameter: string, value: string, message: string) {
  return invalidRequest(message, { [parameter]: [value] });
}

/** A `{data: [...]}`-style body whose `data` is omitted when empty, as X does. */
export function listBody(data: readonly unknown[], extra: Json = {}): Json {
  return { ...(data.length > 0 ? { data } : {}), ...extra };
}
