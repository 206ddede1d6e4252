// `peony get|post|delete <path> [name=value...]`: any endpoint, e.g. `peony get 2/users/me`.

import { type Command, Option } from 'commander';
import type { JsonValue } from '../../entry/types.js';
import { InvalidRequestError, type PathNode, type PeonyClient, type RateLimit } from '../../index.js';
import { connect } from '../connect.js';
import { type PrintedFields, printedObject } from '../output.js';

/** `1.1/statuses/update` → client.api; `2/users/me` → client.v2; `upload/1.1/media/upload` → client.upload. */
// Segments from the command line: the variadic call form, which is untyped on `v2` too.
function resolvePath(root: Pick<PeonyClient, 'api' | 'v2' | 'upload'>, path: string): PathNode {
  const segments = path
    .replace(/^\/+/, '')
    .replace(/\.json$/, '')
    .split('/');
  const [head, ...rest] = segments;
  if (head === '2') return root.v2(...rest);
  if (head === '1.1') return root.api(...rest);
  if (head === 'upload' && rest[0] === '1.1') return root.upload(...rest.slice(1));
  throw new InvalidRequestError(`Paths start with 2/, 1.1/ or upload/1.1/ (e.g. 2/users/me); got "${path}".`);
}

/**
 * `name=value` is text; `name:=value` is a JSON value (httpie's convention), for what a JSON body needs beyond
 * text: `private:=true`, `max_results:=5`, `poll:='{"options":["a","b"],"duration_minutes":60}'`.
 */
function parseParams(pairs: readonly string[]): Record<string, JsonValue> {
  const params: Record<string, JsonValue> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const json = at > 0 && pair[at - 1] === ':';
    const name = pair.slice(0, json ? at - 1 : at);
    if (at <= 0 || name === '') {
      throw new InvalidRequestError(`Parameters are name=value; got "${pair}".`);
    }
    const value = pair.slice(at + 1);
    params[name] = json ? jsonValue(name, value) : value;
  }
  return params;
}

function jsonValue(name: string, text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new InvalidRequestError(
      `${name}:= takes a JSON value (true, 5, "text", [...], {...}); got "${text}". Use ${name}=… for text.`,
    );
  }
}

const EXAMPLES: Readonly<Record<string, string>> = {
  get: 'peony get 2/users/me user.fields=created_at',
  post: 'peony post 1.1/statuses/update status=hello',
  put: 'peony put 2/lists/123 name=flowers',
  delete: 'peony delete 2/tweets/123',
};

export function registerRaw(program: Command): void {
  for (const method of ['get', 'post', 'put', 'delete'] as const) {
    const command = program
      .command(method)
      .description(
        `${method.toUpperCase()} any endpoint and print X's answer as sent, e.g. \`${EXAMPLES[method]}\``,
      )
      .argument('<path>', 'version and path: 2/…, 1.1/… or upload/1.1/…')
      .argument('[params...]', 'parameters as name=value (text) or name:=<JSON value> (true, 5, {...})')
      .option(
        '--include',
        'print a line with the status and rate limit before the body: {"method", "status", "rate_limit": {"limit", "remaining", "reset"}}',
      );
    if (method === 'post' || method === 'put') {
      command
        .addOption(
          new Option('--json', 'send the parameters as a JSON body (v2 does by default)').conflicts('form'),
        )
        .addOption(new Option('--form', 'send the parameters as a form body (v1.1 does by default)'));
    }
    command.action(
      async (path: string, pairs: string[], flags: { json?: boolean; form?: boolean; include?: boolean }) => {
        const connection = await connect();
        try {
          const node = resolvePath(connection.client, path);
          // The body as sent: parsing and printing again would round ids beyond 2^53 (`"id": 2125…700`).
          const response = await node[method]<string>(parseParams(pairs), {
            responseType: 'text',
            ...(flags.json ? { json: true } : {}),
            ...(flags.form ? { form: true } : {}),
          }).withResponse();
          if (flags.include) {
            process.stdout.write(
              `${JSON.stringify({ method: method.toUpperCase(), status: response.status, rate_limit: rateLimitJson(response.rateLimit) })}\n`,
            );
          }
          process.stdout.write(response.data.endsWith('\n') ? response.data : `${response.data}\n`);
        } finally {
          await connection.close();
        }
      },
    );
  }
}

/**
 * X's rate-limit headers in snake_case like the body printed under them (`jq .rate_limit.remaining`), the
 * reset as ISO 8601; the 24-hour windows as `app_24hour` and `user_24hour`, after X's `x-app-limit-24hour-*`.
 */
function rateLimitJson(rateLimit: RateLimit | undefined): Record<string, unknown> | undefined {
  if (!rateLimit) return undefined;
  const fields: PrintedFields<RateLimit> = {
    limit: ['limit', rateLimit.limit],
    remaining: ['remaining', rateLimit.remaining],
    reset: ['reset', rateLimit.reset],
    app24h: ['app_24hour', rateLimit.app24h],
    user24h: ['user_24hour', rateLimit.user24h],
  };
  return printedObject(fields);
}
