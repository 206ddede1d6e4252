// X's three error body formats (v1.1 `errors` array, v2 problem JSON, upload-host `{request, error}`)
// and the one error class every sandbox route throws to produce them.

/** Which of X's error formats a route speaks. `upload` is the v1.1 upload host (`/1.1/media/...`). */
export type ApiFlavor = 'v1' | 'v2' | 'upload';

/** One entry of a v1.1 `{"errors":[…]}` body. */
export interface V1ErrorEntry {
  code: number;
  message: string;
  label?: string;
}

/** A v2 problem (RFC 7807). Extra fields (`errors`, `reason`, `connection_issue`…) are kept as given. */
export interface V2ProblemBody {
  type: string;
  title: string;
  detail: string;
  status?: number;
  [extra: string]: unknown;
}

/** The bodies an error can take; the one used depends on the route's flavor unless `forced`. */
export interface ErrorShapes {
  v1?: V1ErrorEntry[];
  problem?: V2ProblemBody;
  upload?: string;
  /** A body sent verbatim (OAuth 2.0 token endpoint errors, form-encoded answers). */
  raw?: { body: string; contentType: string };
}

/** X's problem type URIs, as the OpenAPI document and X's docs write them (docs/XAPI.md §5). */
export const PROBLEM_PREFIX = 'https://api.x.com/2/problems/';

/** docs/XAPI.md §4: code → [HTTP status, message]. 89 uses 401, as in X's auth examples. */
const V1_CODES: Record<number, readonly [number, string]> = {
  32: [401, 'Could not authenticate you.'],
  34: [404, 'Sorry, that page does not exist.'],
  38: [403, 'parameter is missing.'],
  44: [400, 'attachment_url parameter is invalid.'],
  50: [404, 'User not found.'],
  63: [403, 'User has been suspended.'],
  87: [403, 'Client is not permitted to perform this action.'],
  88: [429, 'Rate limit exceeded.'],
  89: [401, 'Invalid or expired token.'],
  99: [403, 'Unable to verify your credentials'],
  130: [503, 'Over capacity.'],
  131: [500, 'Internal error.'],
  135: [401, 'Timestamp out of bounds.'],
  139: [403, 'You have already favorited this status.'],
  144: [404, 'No status found with that ID.'],
  179: [403, 'Sorry, you are not authorized to see this status.'],
  185: [403, 'User is over daily status update limit.'],
  186: [403, 'Tweet needs to be a bit shorter.'],
  187: [403, 'Status is a duplicate.'],
  215: [400, 'Bad authentication data.'],
  220: [403, 'Your credentials do not allow access to this resource.'],
  251: [410, 'This endpoint has been retired and should not be used.'],
  261: [403, 'Application cannot perform write actions.'],
  323: [400, 'Animated GIFs are not allowed when uploading multiple images.'],
  324: [400, 'The validation of media ids failed.'],
  325: [400, 'A media id was not found.'],
  327: [403, 'You have already retweeted this Tweet.'],
  385: [403, 'You attempted to reply to a Tweet that is deleted or not visible to you.'],
  386: [403, 'The Tweet exceeds the number of allowed attachment types.'],
  407: [400, 'The given URL is invalid.'],
  415: [403, 'Callback URL not approved for this client application.'],
  416: [401, 'Invalid / suspended application'],
  417: [401, 'Desktop applications only support the oauth_callback value oob'],
  421: [404, 'This Tweet is no longer available.'],
  433: [403, 'The original Tweet author restricted who can reply to this Tweet.'],
};

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The reason phrase X uses as a problem `title` for a bare status. */
export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

/** The HTTP status and message X documents for a v1.1 error code. */
export function v1CodeInfo(code: number): { status: number; message: string } {
  const known = V1_CODES[code];
  return known ? { status: known[0], message: known[1] } : { status: 400, message: 'Bad Request.' };
}

/**
 * Thrown by any sandbox route or hook; the server's error handler turns it into X's exact body.
 * When `forced` is unset the body follows the route's flavor (v1 errors, v2 problem, upload error).
 */
export class SandboxHttpError extends Error {
  override readonly name = 'SandboxHttpError';
  readonly status: number;
  readonly shapes: ErrorShapes;
  readonly forced: ApiFlavor | 'raw' | undefined;
  /** Extra response headers (e.g. `www-authenticate`). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    shapes: ErrorShapes,
    options: { forced?: ApiFlavor | 'raw'; headers?: Record<string, string> } = {},
  ) {
    super(shapes.v1?.[0]?.message ?? shapes.problem?.detail ?? shapes.upload ?? statusTitle(status));
    this.status = status;
    this.shapes = shapes;
    this.forced = options.forced;
    this.headers = options.headers ?? {};
  }
}

/** A v1.1 `{"errors":[{code,message}]}` error; status from docs/XAPI.md §4 unless given. */
export function v1Error(code: number, message?: string, status?: number): SandboxHttpError {
  const info = v1CodeInfo(code);
  return new SandboxHttpError(
    status ?? info.status,
    { v1: [{ code, message: message ?? info.message }] },
    {
      forced: 'v1',
    },
  );
}

/** Expands a short problem type (`invalid-request`) to X's full URI; `about:blank` and URIs stay. */
export function problemType(type: string): string {
  return type.includes(':') ? type : PROBLEM_PREFIX + type;
}

/** A v2 problem JSON error. `type` may be short (`resource-not-found`) or a full URI. */
export function v2Problem(
  status: number,
  problem: { type?: string; title?: string; detail?: string; [extra: string]: unknown },
): SandboxHttpError {
  const { type, title, detail, ...extra } = problem;
  const body: V2ProblemBody = {
    ...extra,
    type: problemType(type ?? 'about:blank'),
    title: title ?? statusTitle(status),
    detail: detail ?? statusTitle(status),
  };
  if (body.type === 'about:blank' && body.status === undefined) body.status = status;
  return new SandboxHttpError(status, { problem: body }, { forced: 'v2' });
}

/** The v2 "invalid-request" problem (400) with X's `errors[{message, parameters}]` list. */
export function invalidRequest(message: string, parameters: Record<string, string[]> = {}): SandboxHttpError {
  return invalidRequestErrors([{ message, parameters }]);
}

/** The invalid-request problem listing several mistakes at once, as X does. */
export function invalidRequestErrors(
  errors: ReadonlyArray<{ message: string; parameters: Record<string, string[]> }>,
): SandboxHttpError {
  return v2Problem(400, {
    type: 'invalid-request',
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    errors: errors.map(({ message, parameters }) => ({ parameters, message })),
  });
}

/** The upload host's `{"request":"/1.1/media/upload.json","error":"…"}` error. */
export function uploadError(status: number, message: string): SandboxHttpError {
  return new SandboxHttpError(status, { upload: message }, { forced: 'upload' });
}

/**
 * An error whose body follows the route: a v1.1 code on v1/upload routes, a problem on v2 routes.
 * Without `problem`, v2 gets `about:blank` with the status title and the v1 message as detail.
 */
export function xError(code: number, problem?: Parameters<typeof v2Problem>[1]): SandboxHttpError {
  const info = v1CodeInfo(code);
  const shaped = v2Problem(info.status, problem ?? { detail: statusTitle(info.status) });
  return new SandboxHttpError(info.status, {
    v1: [{ code, message: info.message }],
    ...(shaped.shapes.problem ? { problem: shaped.shapes.problem } : {}),
  });
}

/** An auth failure: the v1.1 code (status from X's table) on v1/upload routes, the 401 problem on v2. */
export function authFailure(api: ApiFlavor, code: 32 | 89 | 135 | 215): SandboxHttpError {
  if (api === 'v2') return v2Problem(401, { title: 'Unauthorized', detail: 'Unauthorized' });
  return v1Error(code);
}

/** A credential the endpoint refuses: 403 code 220 on v1.1, unsupported-authentication on v2. */
export function unsupportedAuthentication(api: ApiFlavor, supported: string): SandboxHttpError {
  if (api !== 'v2') return v1Error(220);
  return v2Problem(403, {
    type: 'unsupported-authentication',
    title: 'Unsupported Authentication',
    detail: `Authenticating with this method is forbidden for this endpoint.  Supported authentication types are [${supported}].`,
    status: 403,
  });
}

/** The 429 of an exhausted rate limit (code 88 / Too Many Requests). */
export function rateLimited(): SandboxHttpError {
  return xError(88, { title: 'Too Many Requests', detail: 'Too Many Requests' });
}

/** 404 for a path no route serves (code 34 / about:blank Not Found). */
export function pageNotFound(): SandboxHttpError {
  return xError(34, { title: 'Not Found', detail: 'Sorry, that page does not exist' });
}

/**
 * A generic error for a status with no X code (malformed bodies, faults): v1 gets code 0 (UNCONFIRMED). On v2 a
 * 400 is the invalid-request problem with its `errors` list, as X answers a body it cannot read; a 5xx is the
 * document's `internal-error` problem (its only server-side type; UNCONFIRMED, see docs/SANDBOX.md).
 */
export function statusError(status: number, message?: string): SandboxHttpError {
  const detail = message ?? statusTitle(status);
  const v1Code = status === 500 ? 131 : status === 503 ? 130 : status === 429 ? 88 : 0;
  const v1Message = v1Code === 0 ? detail : v1CodeInfo(v1Code).message;
  const problem: V2ProblemBody =
    status === 400
      ? {
          type: `${PROBLEM_PREFIX}invalid-request`,
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          errors: [{ parameters: {}, message: detail }],
        }
      : status >= 500
        ? { type: `${PROBLEM_PREFIX}internal-error`, title: statusTitle(status), detail, status }
        : { type: 'about:blank', title: statusTitle(status), detail, status };
  return new SandboxHttpError(status, {
    v1: [{ code: v1Code, message: v1Message }],
    problem,
    upload: detail,
  });
}

/** Chooses the flavor a request speaks from its path: `/2/…` v2, `/1.1/media/…` upload, the rest v1. */
export function flavorOfPath(path: string): ApiFlavor {
  if (path.startsWith('/2/')) return 'v2';
  if (path.startsWith('/1.1/media/')) return 'upload';
  return 'v1';
}

/** Renders an error for a request: the status, content type and exact body text X would send. */
export function renderError(
  error: SandboxHttpError,
  flavor: ApiFlavor,
  requestPath: string,
): { status: number; contentType: string; body: string } {
  const { shapes } = error;
  const chosen = error.forced ?? flavor;
  if (chosen === 'raw' && shapes.raw) {
    return { status: error.status, contentType: shapes.raw.contentType, body: shapes.raw.body };
  }
  const json = 'application/json; charset=utf-8';
  if (chosen === 'v2' && shapes.problem) {
    return {
      status: error.status,
      contentType: 'application/problem+json',
      body: JSON.stringify(shapes.problem),
    };
  }
  if (chosen === 'upload' && shapes.upload !== undefined) {
    return {
      status: error.status,
      contentType: json,
      body: JSON.stringify({ request: requestPath, error: shapes.upload }),
    };
  }
  if (shapes.v1) {
    return { status: error.status, contentType: json, body: JSON.stringify({ errors: shapes.v1 }) };
  }
  if (shapes.problem) {
    return {
      status: error.status,
      contentType: 'application/problem+json',
      body: JSON.stringify(shapes.problem),
    };
  }
  const message = shapes.upload ?? shapes.raw?.body ?? statusTitle(error.status);
  return {
    status: error.status,
    contentType: json,
    body: JSON.stringify({ errors: [{ code: 0, message }] }),
  };
}
