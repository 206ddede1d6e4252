// Pagination: one lazy Paginator over X's four paging schemes, typed entry points, and a since_id poller.

export {
  type CursorPageMeta,
  isPaginationError,
  type Page,
  type PageMeta,
  PaginationError,
  type TimelinePageMeta,
  type V2PageMeta,
} from './page.js';
export {
  type CursorPage,
  followerIds,
  friendIds,
  homeTimeline,
  type IdListParams,
  type PaginateRequest,
  type PaginatingClient,
  paginate,
  type SearchRecentParams,
  searchRecent,
  type TimelinePage,
  type TimelineParams,
  type UserTweetsParams,
  userTimeline,
  userTweets,
  type V2Page,
} from './paginate.js';
export { type PageSource, Paginator, type ToArrayOptions } from './paginator.js';
export {
  homeTimelinePoller,
  type PollOptions,
  type PollResult,
  SinceIdPoller,
  searchRecentPoller,
  sinceIdPoller,
  userTweetsPoller,
} from './poller.js';
export {
  type CursorStrategyOptions,
  cursorStrategy,
  maxIdStrategy,
  type PageContent,
  type PaginationStrategy,
  type StrategyName,
  strategyFor,
  tokenStrategy,
} from './strategies.js';
