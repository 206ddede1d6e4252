// `peony/types`: the types of what the client returns beyond the everyday ones, to name in your own code:
// pages and pollers, streams and their rules, the OAuth dances' answers, the typed v2 path and X's OpenAPI
// document. Types only; the values come from the client (`client.userTweets()`, `client.filteredStream()`,
// `client.oauth`, `client.v2`).

export type { KnownSegment, PaginateMethod, PaginateOptions, RequestMethod } from '../api/path.js';
export type {
  AnswerOf,
  Args,
  ItemOf,
  JsonBodyOf,
  JsonContent,
  Method,
  MethodName,
  NoParams,
  PaginateOf,
  ParamsOf,
  QueryOf,
  Segment,
  SegmentChild,
  TypedPaginate,
  TypedPathNode,
  TypedRequest,
} from '../api/typed-path.js';
export type { OAuthFlows } from '../auth/bound-flows.js';
export type { AccessTokenResult, AuthorizeUrlOptions, RequestTokenResult } from '../auth/oauth1-flow.js';
export type { OAuth2Tokens, Pkce } from '../auth/oauth2-flow.js';
export type { operations as XOperations, paths as XPaths } from '../generated/x-api.js';
export type { XV2Routes } from '../generated/x-routes.js';
export type { ApiErrorInit, ParsedErrorBody } from '../http/errors.js';
export type { BinaryValue, JsonValue, Scalar } from '../http/params.js';
export type { PipelineResponse } from '../http/request.js';
export type { CursorPageMeta, Page, PageMeta, TimelinePageMeta, V2PageMeta } from '../paginate/page.js';
export type {
  CursorPage,
  IdListParams,
  SearchRecentParams,
  TimelinePage,
  TimelineParams,
  UserTweetsParams,
  V2Page,
} from '../paginate/paginate.js';
export type { Paginator, ToArrayOptions } from '../paginate/paginator.js';
export type { PollOptions, PollResult, SinceIdPoller } from '../paginate/poller.js';
export type { StrategyName } from '../paginate/strategies.js';
export type {
  AddStreamRulesResult,
  DeleteStreamRulesResult,
  NewStreamRule,
  StreamRule,
  StreamRuleOptions,
  StreamRules,
} from '../stream/rules.js';
export type { ConnectEvent, ReconnectEvent, ReconnectingStream, StreamOptions } from '../stream/stream.js';
export type {
  MatchingRule,
  StreamedTweet,
  TweetStream,
  TweetStreamOptions,
} from '../stream/tweet-streams.js';
