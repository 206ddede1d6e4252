// A caller that sends a request to a documented operation and records every way its answer departs from X's
// document (status, content type, body schema) in `violations`.
import { openApiDocument, routeKey, routeOfTemplate } from '../../../src/sandbox/openapi/document.js';
import { documentValidator } from '../../../src/sandbox/openapi/schema-validator.js';
import { checkAnswer } from '../conformance/check-answer.js';
import { type Auth, type CallResult, call } from '../tweets/signed-client.js';

export interface CallOptions {
  path?: Record<string, string>;
  json?: unknown;
  query?: Record<string, string>;
}

export type CheckedCall = <T>(
  method: string,
  template: string,
  options?: CallOptions,
  auth?: Auth,
) => Promise<CallResult<T>>;

export function checkedCaller(
  baseUrl: () => string,
  defaultAuth: () => Auth,
  violations: string[],
): CheckedCall {
  return async <T>(
    method: string,
    template: string,
    options: CallOptions = {},
    auth: Auth = defaultAuth(),
  ) => {
    const path = template.replace(/\{([^}]+)\}/g, (_all, name: string) => options.path?.[name] ?? '');
    const answer = await call<T>(baseUrl(), method, path, {
      auth,
      ...(options.json !== undefined ? { json: options.json } : {}),
      ...(options.query ? { query: options.query } : {}),
    });
    const operation = openApiDocument().byRoute.get(routeKey(method, routeOfTemplate(template)));
    if (!operation) throw new Error(`${method} ${template} is not in the document`);
    for (const issue of checkAnswer(documentValidator(), operation, {
      status: answer.status,
      contentType: answer.headers.get('content-type') ?? '',
      text: answer.text,
    })) {
      violations.push(`${method} ${template}: ${issue}`);
    }
    return answer;
  };
}
