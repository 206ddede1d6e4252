import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DuplicateTweetError,
  ForbiddenError,
  MediaIdError,
  NotFoundError,
  PeonyClient,
  RateLimitError,
  ServerError,
  TweetTooLongError,
  UnauthorizedError,
} from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let client: PeonyClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new PeonyClient({ bearerToken: 'test-bearer', baseUrl: server.url, retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function failWith(
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): Promise<ApiError> {
  server.replies.push({ status, json, headers });
  const error = await client.api.statuses.update.post({ status: 'x' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const v1 = (code: number, message: string) => ({ errors: [{ code, message }] });

describe('the error factory picks a class from real response bodies', () => {
  it.each([
    [429, v1(88, 'Rate limit exceeded'), RateLimitError],
    [401, v1(32, 'Could not authenticate you.'), AuthenticationError],
    [401, v1(89, 'Invalid or expired token.'), AuthenticationError],
    [401, v1(135, 'Timestamp out of bounds.'), AuthenticationError],
    [403, v1(187, 'Status is a duplicate.'), DuplicateTweetError],
    [403, v1(186, 'Tweet needs to be a bit shorter.'), TweetTooLongError],
    [400, v1(324, 'The validation of media ids failed.'), MediaIdError],
    [400, v1(325, 'A media id was not found.'), MediaIdError],
    [404, v1(34, 'Sorry, that page does not exist'), NotFoundError],
    [403, v1(220, 'Your credentials do not allow access to this resource.'), ForbiddenError],
    [400, v1(44, 'attachment_url parameter is invalid.'), BadRequestError],
    [503, v1(130, 'Over capacity'), ServerError],
    [500, v1(131, 'Internal error'), ServerError],
  ] as const)('%i with %j → %o', async (status, body, errorClass) => {
    const error = await failWith(status, body);
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(error.code).toBe(body.errors[0]!.code);
    expect(error.codes).toEqual([body.errors[0]!.code]);
    expect(error.message).toContain(body.errors[0]!.message);
    expect(error.message).toContain(`code ${body.errors[0]!.code}`);
    expect(error.body).toEqual(body);
  });

  it('reads the upload host’s {"request","error"} body', async () => {
    const error = await failWith(400, {
      request: '/1.1/media/upload.json',
      error: 'media type unrecognized.',
    });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.errors).toEqual([{ message: 'media type unrecognized.' }]);
    expect(error.message).toContain('media type unrecognized.');
  });

  it('reads v2 problems and matches their type by path suffix whatever the host', async () => {
    const body = {
      errors: [{ parameters: { ids: ['x'] }, message: 'The `ids` query parameter value [x] is not valid' }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    };
    const error = await failWith(400, body);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.problem?.problemType).toBe('invalid-request');
    expect(error.problem?.title).toBe('Invalid Request');
    expect(error.errors[0]?.message).toContain('ids');
    const onX = await failWith(409, {
      title: 'ConnectionException',
      detail: 'This stream is currently at the maximum allowed connection limit.',
      connection_issue: 'TooManyConnections',
      type: 'https://api.x.com/2/problems/streaming-connection',
    });
    expect(onX).toBeInstanceOf(ConflictError);
    expect(onX.problem?.problemType).toBe('streaming-connection');
    expect(onX.problem?.connection_issue).toBe('TooManyConnections');
  });

  it('maps v2 401 and duplicate-content 403 problems', async () => {
    const unauthorized = await failWith(401, {
      title: 'Unauthorized',
      type: 'about:blank',
      status: 401,
      detail: 'Unauthorized',
    });
    expect(unauthorized).toBeInstanceOf(UnauthorizedError);
    expect(unauthorized).not.toBeInstanceOf(AuthenticationError);
    const duplicate = await failWith(403, {
      detail: 'You are not allowed to create a Tweet with duplicate content.',
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
    });
    expect(duplicate).toBeInstanceOf(DuplicateTweetError);
  });

  it('gives a rate-limit error its reset and resetIn from x-rate-limit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    const error = await failWith(
      429,
      { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      { 'x-rate-limit-limit': '15', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
    );
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimited = error as RateLimitError;
    expect(rateLimited.reset).toEqual(new Date(reset * 1000));
    expect(rateLimited.resetIn).toBeGreaterThan(590_000);
    expect(rateLimited.resetIn).toBeLessThanOrEqual(600_000);
    expect(rateLimited.rateLimit?.remaining).toBe(0);
    expect(rateLimited.message).toContain('waitOnRateLimit');
    // The message alone (a log line, the CLI's one line) says when to come back.
    expect(rateLimited.message).toContain(
      `Wait for the reset at ${new Date(reset * 1000).toISOString()} (in `,
    );
  });

  it('says a v2 problem once when its title and detail repeat, and maps v2 too-long text', async () => {
    const unavailable = await failWith(503, {
      title: 'Service Unavailable',
      detail: 'Service Unavailable',
      type: 'about:blank',
    });
    expect(unavailable.message).not.toContain('Service Unavailable: Service Unavailable');
    const long = await failWith(403, {
      detail:
        'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.',
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
    });
    expect(long).toBeInstanceOf(TweetTooLongError);
  });

  it('gives no reset when no window is used up (a 429 for another reason), unless Retry-After says', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 600);
    const headers = {
      'x-rate-limit-limit': '50',
      'x-rate-limit-remaining': '49',
      'x-rate-limit-reset': reset,
    };
    const other = (await failWith(
      429,
      { title: 'Too Many Requests', type: 'about:blank' },
      headers,
    )) as RateLimitError;
    expect(other.reset).toBeUndefined();
    expect(other.resetIn).toBeUndefined();
    const told = (await failWith(429, {}, { ...headers, 'retry-after': '30' })) as RateLimitError;
    expect(told.resetIn).toBeGreaterThan(29_000);
    expect(told.resetIn).toBeLessThanOrEqual(30_000);
  });

  it('keeps a non-JSON error body as text', async () => {
    server.replies.push({
      status: 502,
      text: '<html>Bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const error = await client.v2.users.me.get().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).body).toBe('<html>Bad gateway</html>');
  });
});
