// A client of one's own handed to the paginator or the stream (or a mapping of an answer) must say how it scrubs
// credentials from the errors built out of an answer (X's `errors`, a disconnect notice): leaving `redact` out
// does not compile.
// Compiled by vitest's typecheck mode, never run.

import { describe, it } from 'vitest';
import { mapResponse } from '../../src/api/api-promise.js';
import { V2_API } from '../../src/api/endpoint.js';
import type { PeonyClient } from '../../src/index.js';
import { paginate, userTweetsPoller } from '../../src/paginate/index.js';
import { filteredStream, openStream } from '../../src/stream/index.js';

declare const client: PeonyClient;
const request: PeonyClient['request'] = (...args) => client.request(...args);
const send: PeonyClient['send'] = (req) => client.send(req);
const redact = <E>(error: E): E => client.redact(error);
const segments = ['users', '1', 'followers'];

describe('a custom client', () => {
  it('pages only with a redact of its own', () => {
    paginate({ request, redact }, { subApi: V2_API, segments });
    userTweetsPoller({ request, redact }, '1');
    // @ts-expect-error no redact: a page's echoed secret would reach the PaginationError as sent
    paginate({ request }, { subApi: V2_API, segments });
    // @ts-expect-error no redact for the poller either
    userTweetsPoller({ request }, '1');
  });

  it('streams only with a redact of its own', () => {
    filteredStream({ baseUrl: client.baseUrl, send, redact });
    openStream({ baseUrl: client.baseUrl, send, redact }, new URL('/2/tweets/sample/stream', client.baseUrl));
    // @ts-expect-error no redact: a notice's echoed secret would reach the StreamDisconnectError as sent
    filteredStream({ baseUrl: client.baseUrl, send });
    // @ts-expect-error no redact for openStream either
    openStream({ baseUrl: client.baseUrl, send }, new URL('/2/tweets/sample/stream', client.baseUrl));
  });

  it('maps an answer only with a redact for what the mapping throws', () => {
    const answer = client.v2.users.me.get();
    mapResponse(answer, (response) => response.data.data, redact);
    // @ts-expect-error no redact: an error built from the answer would keep an echoed secret
    mapResponse(answer, (response) => response.data.data);
  });
});
