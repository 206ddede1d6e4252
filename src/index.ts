// The public face of peony: what you call (the client, the task helpers), what you catch (the errors and
// their guards), and the everyday types (options, models, media). An explicit list: every name here is meant
// for users. Types of pages, streams, OAuth answers and typed paths are in `peony/types`; OAuth 1.0a signing
// for requests sent outside peony is in `peony/oauth`.

// The client and how to call it.
export { ApiPromise, type ApiResponse } from './api/api-promise.js';
export type { RequestOptions, SubApi } from './api/endpoint.js';
export type { FieldOptions } from './api/fields.js';
export type { PathNode } from './api/path.js';
export type { PostTweetOptions } from './api/tweets.js';
export type { V2PathNode } from './api/typed-path.js';
// Errors, one tree under PeonyError, and their guards.
export { AuthProtocolError } from './auth/errors.js';
export { type OAuth2UserCredentials, TokenRefreshCallbackError } from './auth/oauth2-user.js';
export { PeonyClient, type PeonyClientOptions } from './client.js';
// Running handlers and periodic tasks together under one signal.
export { every, type HandleOptions, handleEach, type RunOptions, runTasks, type Task } from './events.js';
// Models: the everyday objects, and X's whole OpenAPI document as types (`XComponents['schemas']['Tweet']`).
export type { components as XComponents } from './generated/x-api.js';
export type { AuthKind } from './http/authenticator.js';
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  DuplicateTweetError,
  ForbiddenError,
  InvalidRequestError,
  isApiError,
  isPeonyError,
  isRateLimitError,
  MediaIdError,
  NotFoundError,
  PeonyError,
  RateLimitError,
  RedirectError,
  type RequestSummary,
  ServerError,
  TimeoutError,
  TweetTooLongError,
  UnauthorizedError,
  UnexpectedResponseError,
  type XErrorEntry,
  type XProblem,
} from './http/errors.js';
export type { Params, ParamValue } from './http/params.js';
export type { RateLimit, RateLimitWindow } from './http/rate-limit.js';
export type { Logger, RateLimitWaitEvent, RetryEvent } from './http/request.js';
export type { RateLimitWaitOptions, RetryOptions } from './http/retry.js';
// Media upload.
export { type MediaCategory, sniffMediaType } from './media/detect.js';
export { InvalidMediaError, MediaProcessingError, type ProcessingFailure } from './media/errors.js';
export type { MediaInput } from './media/input.js';
export type { MediaApi, ProcessingInfo } from './media/protocol.js';
export type {
  MediaRateLimitWait,
  UploadCheckpoint,
  UploadedMedia,
  UploadMediaOptions,
  UploadProgress,
} from './media/upload.js';
export { MediaUploadError } from './media/upload.js';
export { PaginationError } from './paginate/page.js';
export { LineTooLongError, StreamDisconnectError, StreamStallError } from './stream/errors.js';
export type { Includes, Media, PartialError, StatusV1, Tweet, User, V2Response } from './types.js';
