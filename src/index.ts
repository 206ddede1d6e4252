// The public face of peony: the client, its errors and its types.

export { ApiPromise, type ApiResponse } from './api/api-promise.js';
export { type RequestOptions, type SubApi, V1_API, V1_UPLOAD, V2_API } from './api/endpoint.js';
export { type FieldOptions, fieldParams } from './api/fields.js';
export type { KnownSegment, PaginateMethod, PaginateOptions, PathNode, RequestMethod } from './api/path.js';
export type {
  AnswerOf,
  ItemOf,
  JsonBodyOf,
  NoParams,
  ParamsOf,
  QueryOf,
  SegmentChild,
  TypedPaginate,
  TypedPathNode,
  TypedRequest,
  V2PathNode,
} from './api/typed-path.js';
export type { OAuthFlows } from './auth/bound-flows.js';
export * from './auth/index.js';
export type { Authenticator, SignableRequest, TokenPost, TokenRequest, TokenResponse } from './auth/types.js';
export {
  type OAuth2UserCredentials,
  PeonyClient,
  type PeonyClientOptions,
  type PostTweetOptions,
} from './client.js';
export { every, type HandleOptions, handleEach, type RunOptions, runTasks, type Task } from './events.js';
/** X's OpenAPI document as types: `XComponents['schemas']['Post']`, `XOperations['getUsersPosts']`. */
export type {
  components as XComponents,
  operations as XOperations,
  paths as XPaths,
} from './generated/x-api.js';
export type { XV2Routes } from './generated/x-routes.js';
export {
  AbortError,
  ApiError,
  type ApiErrorInit,
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
  problemTypeOf,
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
export type { BinaryValue, JsonValue, ParamPair, Params, ParamValue, Scalar } from './http/params.js';
export type { RateLimit, RateLimitWindow } from './http/rate-limit.js';
export type {
  HttpMethod,
  Logger,
  PipelineRequest,
  PipelineResponse,
  RateLimitWaitEvent,
  RequestBody,
  ResponseType,
  RetryEvent,
} from './http/request.js';
export type { RateLimitWaitOptions, RetryOptions } from './http/retry.js';
export {
  categoryFor,
  MAX_BYTES,
  type MediaCategory,
  type MediaKind,
  sniffMediaType,
} from './media/detect.js';
export { InvalidMediaError, MediaProcessingError, type ProcessingFailure } from './media/errors.js';
export type { MediaInput } from './media/input.js';
export type { MediaApi, ProcessingInfo } from './media/protocol.js';
export {
  DEFAULT_CHUNK_SIZE,
  type MediaRateLimitWait,
  MediaUploadError,
  type UploadCheckpoint,
  type UploadedMedia,
  type UploadMediaOptions,
  type UploadProgress,
} from './media/upload.js';
export * from './paginate/index.js';
export * from './stream/index.js';
export type * from './types.js';
