// The streams' public API, re-exported by src/index.ts.

export {
  type BackoffState,
  classifyFailure,
  type FailureKind,
  FRESH_BACKOFF,
  HTTP_MAX_MS,
  HTTP_START_MS,
  httpBackoff,
  NETWORK_MAX_MS,
  NETWORK_STEP_MS,
  networkBackoff,
  nextReconnect,
  RATE_LIMIT_START_MS,
  type ReconnectDecision,
  rateLimitBackoff,
  rateLimitResetInMs,
} from './backoff.js';
export { readStreamConnection, type StreamBody, type StreamEvent } from './connection.js';
export { LineTooLongError, StreamDisconnectError, StreamStallError } from './errors.js';
export { CrlfLineDecoder, DEFAULT_MAX_LINE_BYTES, type LineOptions, splitCrlfLines } from './lines.js';
export {
  type AddStreamRulesResult,
  addStreamRules,
  bindStreamRules,
  type DeleteStreamRulesResult,
  deleteStreamRules,
  getStreamRules,
  type NewStreamRule,
  type RulesClient,
  type StreamRule,
  type StreamRuleOptions,
  type StreamRules,
} from './rules.js';
export {
  type ConnectEvent,
  connectThrough,
  DEFAULT_STALL_TIMEOUT_MS,
  type OpenConnection,
  openStream,
  type ReconnectEvent,
  ReconnectingStream,
  type StreamClient,
  type StreamOptions,
  type StreamStops,
} from './stream.js';
export {
  filteredStream,
  type MatchingRule,
  type StreamedTweet,
  sampleStream,
  type TweetStream,
  type TweetStreamOptions,
} from './tweet-streams.js';
