// The one line the CLI prints for a failure, for the library's time limits: the errors are real (a client with
// short limits against a silent server on port 0, a stream that never ends), and the line must not ask the shell
// user to raise an option no flag sets.

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cli/output.js';
import { PeonyClient } from '../../src/index.js';

let server: Server;
let url: string;
beforeAll(async () => {
  // Takes every request and never answers; a download gets its head and 20 bytes, then nothing.
  server = createServer((request, response) => {
    if (request.url?.endsWith('.png')) {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': '1000' });
      response.write(Buffer.alloc(20));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => describeFailure(error),
  );

describe('the CLI line for a time limit', () => {
  it('names no option when a call runs out of its total time', async () => {
    await using client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: url, totalTimeout: 200 });
    const line = await failureOf(client.v2.users.me.get());
    expect(line).toMatch(/^TimeoutError: GET .* did not complete within 200 ms/);
    expect(line).not.toMatch(/totalTimeout|raise/);
  });

  it('names no option when a media URL stalls', async () => {
    await using client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: url, timeout: 200 });
    const line = await failureOf(client.uploadMedia(`${url}/stalls.png`));
    expect(line).toContain('stalled: nothing arrived for 200 ms. Check the server.');
    expect(line).not.toMatch(/client's timeout|raise/);
  });

  it('names no option when standard input sends nothing', async () => {
    await using client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: url, timeout: 200 });
    const stdin = new PassThrough();
    const line = await failureOf(client.uploadMedia(stdin));
    stdin.destroy();
    expect(line).toContain('sent nothing for 200 ms, so reading it stopped; check that the stream ends.');
    expect(line).not.toMatch(/client's timeout|raise/);
  });
});
