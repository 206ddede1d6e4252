// undici's connection pool without the rest of undici, loaded when the first client is made rather than at
// `import 'peony'`. undici's package entry also loads fetch, WebSocket, the caches, mocks and interceptors
// (about 200 ms and 20 MB) that peony's requests never use: the pipeline needs only the Agent and request().

import { createRequire } from 'node:module';
import type { Dispatcher, Agent as UndiciAgent } from 'undici';

type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

const require = createRequire(import.meta.url);

function load(): { Agent: typeof UndiciAgent; request: RequestFn } {
  try {
    return {
      Agent: require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent,
      request: require('undici/lib/api/api-request.js') as RequestFn,
    };
  } catch {
    // A future undici that moved its files: the whole entry still has both.
    const undici = require('undici') as typeof import('undici');
    return { Agent: undici.Agent, request: undici.Dispatcher.prototype.request as unknown as RequestFn };
  }
}

let loaded: ReturnType<typeof load> | undefined;

/** A pool for one client, as `new Agent(options)` from undici. */
export function createAgent(options: UndiciAgent.Options): Dispatcher {
  loaded ??= load();
  return new loaded.Agent(options);
}

/** `dispatcher.request(options)`, for any dispatcher, including one loaded from undici's entry by the caller. */
export function sendRequest(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  loaded ??= load();
  return loaded.request.call(dispatcher, options);
}
