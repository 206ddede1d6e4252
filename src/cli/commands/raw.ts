// `peony get|post|delete <path> [name=value...]`: any endpoint, e.g. `peony get 2/users/me`.

import type { Command } from 'commander';
import { type HttpMethod, InvalidRequestError, type PathNode } from '../../index.js';
import { connect } from '../connect.js';
import { printJson } from '../output.js';

/** `1.1/statuses/update` → client.api; `2/users/me` → client.v2; `upload/1.1/media/upload` → client.upload. */
function resolvePath(root: { api: PathNode; v2: PathNode; upload: PathNode }, path: string): PathNode {
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

function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InvalidRequestError(`Parameters are name=value; got "${pair}".`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

export function registerRaw(program: Command): void {
  for (const method of ['get', 'post', 'put', 'delete'] as const) {
    program
      .command(method)
      .description(`${method.toUpperCase()} any endpoint, e.g. \`peony ${method} 2/users/me\``)
      .argument('<path>', 'version and path: 2/…, 1.1/… or upload/1.1/…')
      .argument('[params...]', 'parameters as name=value')
      .option('--json', 'send the parameters as a JSON body')
      .option('--form', 'send the parameters as a form body')
      .option('--include', 'print status, rate limit and data')
      .action(
        async (
          path: string,
          pairs: string[],
          flags: { json?: boolean; form?: boolean; include?: boolean },
        ) => {
          const connection = await connect();
          try {
            const node = resolvePath(connection.client, path);
            const verb = method.toUpperCase() as HttpMethod;
            const response = await node[method](parseParams(pairs), {
              ...(flags.json ? { json: true } : {}),
              ...(flags.form ? { form: true } : {}),
            }).withResponse();
            printJson(
              flags.include
                ? {
                    method: verb,
                    status: response.status,
                    rateLimit: response.rateLimit,
                    data: response.data,
                  }
                : response.data,
            );
          } finally {
            await connection.close();
          }
        },
      );
  }
}
