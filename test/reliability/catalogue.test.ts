// Runs the catalogue: every case ends in its typed error within its bound, with no unhandled rejection, no
// uncaught exception, no handle left behind, and no credential in the error's message, stack, JSON or
// inspect output.

import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeonyClient, PeonyError } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { BEARER, CATALOGUE, type CaseEnv, CREDENTIALS } from './catalogue.js';
import { activeHandles, leakedHandles, settleWithin, watchDefects } from './harness.js';

/** Scheduling slack on top of each case's bound, for a loaded machine. */
const SLACK_MS = 1_500;

let server: TestServer;
let closedUrl: string;
beforeAll(async () => {
  server = await startTestServer();
  // A port that was just free: nothing listens there.
  const probe = await startTestServer();
  closedUrl = probe.url;
  await probe.close();
});
afterAll(async () => {
  await server.close();
});

const STATIC_SECRETS = [
  ...Object.values(CREDENTIALS),
  BEARER,
  Buffer.from(`${CREDENTIALS.consumerKey}:${CREDENTIALS.consumerSecret}`).toString('base64'),
];

function leaks(error: unknown, secrets: readonly string[]): string[] {
  const views = [
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error) ?? '',
    inspect(error, { depth: 6 }),
  ];
  return secrets.filter((secret) => views.some((view) => view.includes(secret)));
}

describe(`the reliability catalogue (${CATALOGUE.length} cases)`, () => {
  it('holds at least 60 cases', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CATALOGUE.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    server.handler = (request) => (c.reply ? c.reply({ headers: request.headers }) : { json: {} });
    const first = server.requests.length;
    const clients: PeonyClient[] = [];
    const env: CaseEnv = {
      url: server.url,
      closedUrl,
      requests: () => server.requests.length - first,
      client: (options = {}) => {
        const client = new PeonyClient({ ...CREDENTIALS, baseUrl: server.url, ...options });
        clients.push(client);
        return client;
      },
    };
    const before = activeHandles();
    const { result: outcome, defects } = await watchDefects(async () => {
      const outcome = await settleWithin(
        Promise.resolve().then(() => c.run(env)),
        c.boundMs + SLACK_MS,
      );
      for (const client of clients) await client.close();
      return outcome;
    });
    expect(outcome.kind, 'settled (no hang)').not.toBe('hung');
    expect(outcome.kind, 'rejected').toBe('rejected');
    const error = outcome.kind === 'rejected' ? outcome.error : undefined;
    expect(error, `typed: ${String(error)}`).toBeInstanceOf(PeonyError);
    expect(error, `${String(error)}`).toBeInstanceOf(c.expect);
    expect(outcome.ms, 'within its bound').toBeLessThan(c.boundMs + SLACK_MS);
    c.check?.(error as PeonyError, env);
    expect(defects, 'no unhandled rejection or uncaught exception').toEqual({ unhandled: [], uncaught: [] });
    const sent = server.requests.slice(first).flatMap((r) => {
      const value = r.headers.authorization;
      return typeof value === 'string' ? [value] : [];
    });
    expect(
      leaks(error, [...STATIC_SECRETS, ...(c.secrets ?? []), ...sent]),
      'no secret in the error',
    ).toEqual([]);
    expect(await leakedHandles(before), 'no handle left behind').toEqual([]);
  });
});
