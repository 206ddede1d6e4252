// The shape of one endpoint's rate limits, apart from the limiter so that options can name it.

/** Limits of one endpoint. Windows are 15 minutes unless `windowSecs` says otherwise. */
export interface RateLimitRule {
  /** Calls per window per user (user-context credentials). */
  user: number;
  /** Calls per window per app with app-only credentials. */
  app: number;
  windowSecs: number;
  /** Calls per 24 h per app, all credentials together (X's `x-app-limit-24hour-*`). */
  app24h?: number;
  /** Calls per 24 h per user (X's `x-user-limit-24hour-*`). */
  user24h?: number;
}

export type RateLimitOverride = Partial<RateLimitRule>;
