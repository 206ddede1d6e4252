// The public face is a list chosen on purpose: each entry point exports exactly these names, and the root
// stays small. A name added or dropped fails here until the list below says so.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const INTENDED: Readonly<Record<string, readonly string[]>> = {
  'src/index.ts': [
    // the client and how to call it
    'PeonyClient',
    'PeonyClientOptions',
    'AuthKind',
    'OAuth2UserCredentials',
    'PostTweetOptions',
    'ApiPromise',
    'ApiResponse',
    'RequestOptions',
    'SubApi',
    'FieldOptions',
    'PathNode',
    'V2PathNode',
    'Params',
    'ParamValue',
    'RateLimit',
    'RateLimitWindow',
    'Logger',
    'RetryEvent',
    'RateLimitWaitEvent',
    'RetryOptions',
    'RateLimitWaitOptions',
    // errors and guards
    'PeonyError',
    'ApiError',
    'BadRequestError',
    'UnauthorizedError',
    'ForbiddenError',
    'NotFoundError',
    'ConflictError',
    'RateLimitError',
    'ServerError',
    'AuthenticationError',
    'DuplicateTweetError',
    'TweetTooLongError',
    'MediaIdError',
    'ConnectionError',
    'TimeoutError',
    'AbortError',
    'InvalidRequestError',
    'isPeonyError',
    'isApiError',
    'isRateLimitError',
    'RequestSummary',
    'XErrorEntry',
    'XProblem',
    'AuthProtocolError',
    'TokenRefreshCallbackError',
    'InvalidMediaError',
    'MediaProcessingError',
    'ProcessingFailure',
    'MediaUploadError',
    'PaginationError',
    'LineTooLongError',
    'StreamDisconnectError',
    'StreamStallError',
    // models
    'Tweet',
    'User',
    'Media',
    'Includes',
    'PartialError',
    'StatusV1',
    'V2Response',
    'XComponents',
    // media upload
    'MediaInput',
    'RedirectError',
    'UnexpectedResponseError',
    'sniffMediaType',
    'MediaRateLimitWait',
    'MediaCategory',
    'MediaApi',
    'ProcessingInfo',
    'UploadMediaOptions',
    'UploadedMedia',
    'UploadProgress',
    'UploadCheckpoint',
    // handlers and tasks
    'handleEach',
    'every',
    'runTasks',
    'HandleOptions',
    'RunOptions',
    'Task',
  ],
  'src/entry/oauth.ts': [
    'signOAuth1',
    'percentEncode',
    'OAuth1Credentials',
    'OAuth1SignOptions',
    'OAuth1Signature',
    'Parameter',
    'SignableRequest',
  ],
};

// One program for every entry point: building it is the slow part.
let program: ts.Program | undefined;

function exportedNames(entry: string): string[] {
  program ??= ts.createProgram(
    Object.keys(INTENDED).map((name) => resolve(ROOT, name)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      strict: true,
      skipLibCheck: true,
      types: ['node'],
    },
  );
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(resolve(ROOT, entry));
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry} is not a module`);
  return checker
    .getExportsOfModule(module)
    .map((symbol) => symbol.name)
    .sort();
}

// Compiling the sources takes seconds, more on a loaded machine.
describe('the public face', { timeout: 90_000 }, () => {
  for (const [entry, names] of Object.entries(INTENDED)) {
    it(`${entry} exports exactly its intended list`, () => {
      expect(exportedNames(entry)).toEqual([...names].sort());
    });
  }

  it('keeps the root small: at most 80 names', () => {
    expect(INTENDED['src/index.ts']!.length).toBeLessThanOrEqual(80);
  });

  it('peony/types holds types only: nothing of it exists at run time', async () => {
    expect(Object.keys(await import('../src/entry/types.js'))).toEqual([]);
  });

  it('leaves the internals out: no signing primitive, stream piece or path constant at the root', async () => {
    const root = await import('../src/index.js');
    for (const internal of [
      'hmacSha1Signature',
      'createNonce',
      'FRESH_BACKOFF',
      'CrlfLineDecoder',
      'openStream',
      'V2_API',
    ]) {
      expect(root).not.toHaveProperty(internal);
    }
  });
});
