// PeonyClient: credentials and options in, the endpoint tree (api, upload, v2, sub()) and typed helpers out.

import type { Dispatcher } from 'undici';
import { ApiPromise } from './api/api-promise.js';
import {
  buildRequest,
  checkTimeout,
  type RequestOptions,
  type SubApi,
  V1_API,
  V1_UPLOAD,
  V2_API,
} from './api/endpoint.js';
import { type FieldOptions, fieldParams } from './api/fields.js';
import { createPath, type PathNode } from './api/path.js';
import type { V2PathNode } from './api/typed-path.js';
import { bindFlows, type OAuthFlows } from './auth/bound-flows.js';
import {
  AppBearerAuth,
  OAuth1UserAuth,
  OAuth2UserAuth,
  type OAuth2UserAuthOptions,
  StaticBearerAuth,
} from './auth/index.js';
import type { Authenticator, TokenPost } from './auth/types.js';
import { InvalidRequestError, PeonyError } from './http/errors.js';
import type { Params } from './http/params.js';
import {
  type HttpMethod,
  HttpPipeline,
  type Logger,
  type PipelineRequest,
  type RateLimitWaitEvent,
  type RetryEvent,
} from './http/pipeline.js';
import type { RateLimitWaitOptions, RetryOptions } from './http/retry.js';
import type { MediaInput } from './media/input.js';
import { type UploadedMedia, type UploadMediaOptions, uploadMedia } from './media/upload.js';
import {
  type CursorPage,
  followerIds,
  friendIds,
  homeTimeline,
  type IdListParams,
  type Paginator,
  paginate,
  type SearchRecentParams,
  searchRecent,
  type TimelinePage,
  type TimelineParams,
  type UserTweetsParams,
  userTimeline,
  userTweets,
  type V2Page,
} from './paginate/index.js';
import {
  type AddStreamRulesResult,
  addStreamRules,
  type DeleteStreamRulesResult,
  deleteStreamRules,
  filteredStream,
  getStreamRules,
  type NewStreamRule,
  type StreamRule,
  type StreamRuleOptions,
  sampleStream,
  type TweetStream,
  type TweetStreamOptions,
} from './stream/index.js';
import type { StatusV1, Tweet, User, V2Response } from './types.js';

/**
 * An OAuth 2.0 user-context token (Authorization Code with PKCE), refreshed by the client when it expires
 * or is refused; the client supplies where and how the refresh is sent.
 */
export type OAuth2UserCredentials = Omit<OAuth2UserAuthOptions, 'tokenPost' | 'origin' | 'now'>;

export interface PeonyClientOptions {
  /** OAuth 1.0a consumer (API) key. With the secret alone, the client works app-only with a fetched bearer. */
  readonly consumerKey?: string | undefined;
  readonly consumerSecret?: string | undefined;
  /** OAuth 1.0a user context: all four of consumer key/secret and access token/secret. */
  readonly accessToken?: string | undefined;
  readonly accessTokenSecret?: string | undefined;
  /** An OAuth 2.0 app-only bearer token you already have. */
  readonly bearerToken?: string | undefined;
  /** An OAuth 2.0 user token. */
  readonly oauth2?: OAuth2UserCredentials | undefined;
  /** The OAuth 2.0 client id, for the PKCE flows in `client.oauth` (defaults to `oauth2.clientId`). */
  readonly clientId?: string | undefined;
  /** Only for confidential OAuth 2.0 clients. */
  readonly clientSecret?: string | undefined;
  /**
   * Where X is. Default `https://{api}.x.com`, `{api}` being the sub-API (`api`, `upload`). A value without
   * `{api}` (e.g. a sandbox at `http://127.0.0.1:4010`) sends every sub-API to that origin, same paths.
   */
  readonly baseUrl?: string | undefined;
  readonly userAgent?: string | undefined;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Milliseconds per request attempt. Default 30 000. */
  readonly timeout?: number | undefined;
  /** Retries of idempotent requests on connection errors, 5xx and short 429s; `false` for none. */
  readonly retry?: RetryOptions | false | undefined;
  /** On 429, wait until X's reset (bounded by `maxWaitMs`) and send again. */
  readonly waitOnRateLimit?: boolean | RateLimitWaitOptions | undefined;
  readonly onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Receives a line per request and response, already free of credentials. */
  readonly logger?: Logger | undefined;
  /** Aborts every request of this client. */
  readonly signal?: AbortSignal | undefined;
  /** An undici dispatcher (a ProxyAgent, a Pool with other settings). The client then leaves closing it to you. */
  readonly dispatcher?: Dispatcher | undefined;
}

export interface PostTweetOptions {
  readonly text?: string | undefined;
  readonly mediaIds?: readonly string[] | undefined;
  /** Id of the post this one answers. */
  readonly replyTo?: string | undefined;
  /** Id of the post this one quotes. */
  readonly quote?: string | undefined;
  readonly poll?: { readonly options: readonly string[]; readonly durationMinutes: number } | undefined;
}

const DEFAULT_BASE_URL = 'https://{api}.x.com';

export class PeonyClient implements AsyncDisposable {
  /** v1.1 on `api`, `.json` suffix, form bodies: `client.api.statuses.update.post({ status })`. */
  readonly api: PathNode;
  /** v1.1 on `upload`: `client.upload.media.upload.post(...)`. */
  readonly upload: PathNode;
  /** v2, JSON bodies, every path typed from X's OpenAPI document: `client.v2.users(id).tweets.get({ … })`. */
  readonly v2: V2PathNode;
  readonly baseUrl: string;
  /** The 3-legged OAuth 1.0a and OAuth 2.0 PKCE dances, sent through this client to its base URL. */
  readonly oauth: OAuthFlows;
  readonly #pipeline: HttpPipeline;
  readonly #options: PeonyClientOptions;
  #appOnly: PeonyClient | undefined;
  #closed = false;

  constructor(options: PeonyClientOptions = {}) {
    this.#options = options;
    this.baseUrl = validateBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    if (options.timeout !== undefined) checkTimeout(options.timeout);
    const pipeline: HttpPipeline = new HttpPipeline({
      authenticator: (tokenPost) => selectAuthenticator(options, tokenPost, this.apiOrigin),
      dispatcher: options.dispatcher,
      userAgent: options.userAgent,
      headers: options.headers,
      timeout: options.timeout,
      retry: options.retry,
      waitOnRateLimit: options.waitOnRateLimit,
      signal: options.signal,
      logger: options.logger,
      onRetry: options.onRetry,
      onRateLimitWait: options.onRateLimitWait,
    });
    this.#pipeline = pipeline;
    this.oauth = bindFlows(pipeline.tokenPost, this.apiOrigin, {
      consumerKey: options.consumerKey,
      consumerSecret: options.consumerSecret,
      clientId: options.clientId ?? options.oauth2?.clientId,
      clientSecret: options.clientSecret ?? options.oauth2?.clientSecret,
    });
    this.api = this.sub(V1_API);
    this.upload = this.sub(V1_UPLOAD);
    // The same proxy as any sub-API; only its type is walked from the document's routes.
    this.v2 = this.sub(V2_API) as unknown as V2PathNode;
  }

  /** The origin (and path prefix) of the `api` sub-API, where the OAuth endpoints live. */
  get apiOrigin(): string {
    return this.baseUrl.replace('{api}', 'api').replace(/\/+$/, '');
  }

  /** How this client authenticates: 'oauth1-user', 'app-bearer', 'bearer', 'oauth2-user' or 'none'. */
  get authKind(): Authenticator['kind'] {
    return this.#pipeline.authenticator?.kind ?? 'none';
  }

  /**
   * Any other sub-API, version or suffix: `client.sub({ api: 'ads-api', version: '12', suffix: '', bodyStyle: 'json' })`
   * or `client.sub('ads-api', { version: '12' })`.
   */
  sub(subApi: SubApi): PathNode;
  sub(api: string, settings?: Partial<Omit<SubApi, 'api'>>): PathNode;
  sub(apiOrSubApi: string | SubApi, settings: Partial<Omit<SubApi, 'api'>> = {}): PathNode {
    const subApi: SubApi =
      typeof apiOrSubApi === 'string'
        ? {
            api: apiOrSubApi,
            version: settings.version ?? '2',
            suffix: settings.suffix ?? '',
            bodyStyle: settings.bodyStyle ?? 'json',
          }
        : apiOrSubApi;
    return createPath(
      (segments, method, params, requestOptions) =>
        this.request(subApi, segments, method, params, requestOptions),
      (segments, params, { strategy, ...requestOptions } = {}) =>
        paginate(this, {
          subApi,
          segments,
          params,
          options: requestOptions,
          ...(strategy ? { strategy } : {}),
        }),
    );
  }

  /** One call to any endpoint; the path builders and helpers all come here. */
  request<T = unknown>(
    subApi: SubApi,
    segments: readonly string[],
    method: HttpMethod,
    params?: Params,
    options?: RequestOptions,
  ): ApiPromise<T> {
    // Built now, so that bad input throws at the call site; sent only when awaited.
    const built = buildRequest(this.baseUrl, subApi, segments, method, params, options);
    return new ApiPromise<T>(() => this.#pipeline.send<T>(built));
  }

  /** Sends a fully built request through this client's pipeline (uploads and streams use this). */
  send<T>(request: PipelineRequest): ApiPromise<T> {
    return new ApiPromise<T>(() => this.#pipeline.send<T>(request));
  }

  // ——— typed helpers for the everyday calls ———

  /** Posts a tweet (v2). Never retried: a post that may have been applied is not sent twice. */
  tweet(textOrOptions: string | PostTweetOptions, options?: RequestOptions): ApiPromise<Tweet> {
    const o: PostTweetOptions = typeof textOrOptions === 'string' ? { text: textOrOptions } : textOrOptions;
    const body: Record<string, Params[string]> = {};
    if (o.text !== undefined) body.text = o.text;
    if (o.mediaIds && o.mediaIds.length > 0) body.media = { media_ids: [...o.mediaIds] };
    if (o.replyTo !== undefined) body.reply = { in_reply_to_tweet_id: o.replyTo };
    if (o.quote !== undefined) body.quote_tweet_id = o.quote;
    if (o.poll) body.poll = { options: [...o.poll.options], duration_minutes: o.poll.durationMinutes };
    const hasText = typeof o.text === 'string' && o.text.trim() !== '';
    if (
      !hasText &&
      body.media === undefined &&
      body.poll === undefined &&
      body.quote_tweet_id === undefined
    ) {
      throw new InvalidRequestError(
        'A tweet needs text (not only spaces), media, a poll or a quote: pass at least one.',
      );
    }
    if (o.mediaIds && o.mediaIds.length > 4) {
      throw new InvalidRequestError(
        `X takes at most 4 media ids on a post (4 images, or 1 GIF or video); got ${o.mediaIds.length}.`,
      );
    }
    return mapData(this.request<V2Response<Tweet>>(V2_API, ['tweets'], 'POST', body, options), (r) => r.data);
  }

  /** Deletes a tweet; resolves `true` when X confirms the deletion. */
  deleteTweet(id: string | bigint, options?: RequestOptions): ApiPromise<boolean> {
    return mapData(
      this.request<V2Response<{ deleted: boolean }>>(
        V2_API,
        ['tweets', String(id)],
        'DELETE',
        undefined,
        options,
      ),
      (r) => r.data.deleted,
    );
  }

  /** Gets one tweet with the fields and expansions asked for; `includes` and partial `errors` are kept. */
  getTweet(
    id: string | bigint,
    fields: FieldOptions = {},
    options?: RequestOptions,
  ): ApiPromise<V2Response<Tweet>> {
    return this.request(V2_API, ['tweets', String(id)], 'GET', fieldParams(fields), options);
  }

  /** The user the credentials belong to (user context only). */
  me(fields: FieldOptions = {}, options?: RequestOptions): ApiPromise<User> {
    return mapData(
      this.request<V2Response<User>>(V2_API, ['users', 'me'], 'GET', fieldParams(fields), options),
      (r) => r.data,
    );
  }

  /** A user by username (a leading `@` is dropped). */
  userByUsername(username: string, fields: FieldOptions = {}, options?: RequestOptions): ApiPromise<User> {
    return mapData(
      this.request<V2Response<User>>(
        V2_API,
        ['users', 'by', 'username', username.replace(/^@/, '')],
        'GET',
        fieldParams(fields),
        options,
      ),
      (r) => r.data,
    );
  }

  // ——— streams (app-only auth: a bearer, or the consumer pair alone) ———

  /**
   * Tweets matching the app's rules, as they are posted (GET /2/tweets/search/stream). Nothing is sent until
   * the iteration starts; it reconnects by X's rules; `break` or `close()` ends it.
   */
  filteredStream(options?: TweetStreamOptions): TweetStream {
    return filteredStream(this.appOnly(), options);
  }

  /** A sample of all public tweets (GET /2/tweets/sample/stream). */
  sampleStream(options?: TweetStreamOptions): TweetStream {
    return sampleStream(this.appOnly(), options);
  }

  /** The filtered stream's rules. */
  readonly streamRules = {
    get: (filter?: { readonly ids?: readonly string[] }, options?: RequestOptions): Promise<StreamRule[]> =>
      getStreamRules(this.appOnly(), filter, options),
    add: (
      rules: ReadonlyArray<NewStreamRule | string>,
      options?: StreamRuleOptions,
    ): Promise<AddStreamRulesResult> => addStreamRules(this.appOnly(), rules, options),
    delete: (
      target: { readonly ids?: readonly string[]; readonly values?: readonly string[] },
      options?: StreamRuleOptions,
    ): Promise<DeleteStreamRulesResult> => deleteStreamRules(this.appOnly(), target, options),
  };

  /**
   * This client when it authenticates app-only; otherwise an app-only twin made from its consumer key and
   * secret, sharing its connection pool and options (X serves streams and their rules to apps only).
   */
  appOnly(): PeonyClient {
    if (this.#closed)
      throw new PeonyError('This client was closed; create a new PeonyClient to send requests.');
    const kind = this.authKind;
    // App auth, or an Authorization header the caller brings: nothing to derive.
    if (kind === 'app-bearer' || kind === 'bearer' || kind === 'none') return this;
    const { consumerKey, consumerSecret, bearerToken } = this.#options;
    if (!bearerToken && (!consumerKey || !consumerSecret)) {
      throw new InvalidRequestError(
        'X serves streams and stream rules to apps only, and this client has no bearer token or consumer key and secret to act as its app: create one with bearerToken, or with consumerKey and consumerSecret.',
      );
    }
    // A bearer the caller gave wins; otherwise the consumer pair fetches one.
    this.#appOnly ??= new PeonyClient({
      ...this.#options,
      accessToken: undefined,
      accessTokenSecret: undefined,
      oauth2: undefined,
      ...(bearerToken ? { consumerKey: undefined, consumerSecret: undefined } : {}),
      dispatcher: this.#pipeline.dispatcher,
    });
    return this.#appOnly;
  }

  // ——— lists, page by page (lazy; `for await` the items, or `.pages()`, `.toArray({ limit })`) ———

  /** A user's posts, newest first (GET /2/users/:id/tweets with pagination_token). */
  userTweets(
    userId: string | bigint,
    params?: UserTweetsParams,
    options?: RequestOptions,
  ): Paginator<V2Page<Tweet>, Tweet> {
    return userTweets(this, userId, params, options);
  }

  /** Recent search (GET /2/tweets/search/recent with next_token). */
  searchRecent(
    query: string,
    params?: SearchRecentParams,
    options?: RequestOptions,
  ): Paginator<V2Page<Tweet>, Tweet> {
    return searchRecent(this, query, params, options);
  }

  /** Follower ids as exact strings (GET /1.1/followers/ids.json with cursors). */
  followerIds(params?: IdListParams, options?: RequestOptions): Paginator<CursorPage<string>, string> {
    return followerIds(this, params, options);
  }

  /** Ids of the accounts a user follows (GET /1.1/friends/ids.json with cursors). */
  friendIds(params?: IdListParams, options?: RequestOptions): Paginator<CursorPage<string>, string> {
    return friendIds(this, params, options);
  }

  /** A user's v1.1 timeline, walked down with max_id. */
  userTimeline(
    params?: TimelineParams,
    options?: RequestOptions,
  ): Paginator<TimelinePage<StatusV1>, StatusV1> {
    return userTimeline(this, params, options);
  }

  /** The home timeline, walked down with max_id. */
  homeTimeline(
    params?: TimelineParams,
    options?: RequestOptions,
  ): Paginator<TimelinePage<StatusV1>, StatusV1> {
    return homeTimeline(this, params, options);
  }

  /**
   * Invalidates the app-only bearer this client fetched (POST /oauth2/invalidate_token); the next request
   * fetches a new one. Only for clients created with the consumer pair alone.
   */
  async invalidateBearerToken(signal?: AbortSignal): Promise<void> {
    const authenticator = this.#pipeline.authenticator;
    if (!(authenticator instanceof AppBearerAuth)) {
      throw new InvalidRequestError(
        `invalidateBearerToken() is for app-only clients (consumer key and secret only); this one uses ${this.authKind}.`,
      );
    }
    await authenticator.invalidate(signal);
  }

  /**
   * Uploads media from a path, URL, file handle, stream, bytes, Blob or fetch Response: the type is read
   * from the bytes, small images go in one request, everything else in parallel chunks with retries, and
   * video/GIF processing is waited for. Resolves with the media id to attach to a post.
   */
  uploadMedia(input: MediaInput, options?: UploadMediaOptions): Promise<UploadedMedia> {
    return uploadMedia(
      {
        baseUrl: this.baseUrl,
        send: (request) => this.#pipeline.send(request),
        // Media at an http(s) URL is fetched through the client's dispatcher (proxy, pool) and timeout.
        fetch: (url, init) => this.#pipeline.download(url, init.signal),
        timeoutMs: this.#options.timeout,
      },
      input,
      options,
    );
  }

  /** Cuts requests and streams in flight and ends pooled connections. Requests after this fail with a PeonyError. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#appOnly?.close();
    await this.#pipeline.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function mapData<T, U>(inner: ApiPromise<T>, map: (data: T) => U): ApiPromise<U> {
  return new ApiPromise(async () => {
    const response = await inner.withResponse();
    return { ...response, data: map(response.data) };
  });
}

function validateBaseUrl(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl.replace('{api}', 'api'));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    throw new InvalidRequestError(
      `baseUrl "${baseUrl}" is not an http(s) URL; use e.g. "https://{api}.x.com" or "http://127.0.0.1:4010".`,
    );
  }
  return baseUrl.replace(/\/+$/, '');
}

/** Picks how to authenticate from the credentials given, and says what is missing when a set is incomplete. */
function selectAuthenticator(
  options: PeonyClientOptions,
  tokenPost: TokenPost,
  apiOrigin: string,
): Authenticator | undefined {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret, bearerToken, oauth2 } = options;
  if (oauth2) {
    if (!oauth2.clientId || !oauth2.accessToken) {
      throw new InvalidRequestError('options.oauth2 needs clientId and accessToken.');
    }
    return new OAuth2UserAuth({ ...oauth2, tokenPost, origin: apiOrigin });
  }
  if (accessToken !== undefined || accessTokenSecret !== undefined) {
    const missing = Object.entries({ consumerKey, consumerSecret, accessToken, accessTokenSecret })
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length > 0) {
      throw new InvalidRequestError(
        `OAuth 1.0a user context needs consumerKey, consumerSecret, accessToken and accessTokenSecret; missing: ${missing.join(', ')}.`,
      );
    }
    return new OAuth1UserAuth({
      consumerKey: consumerKey as string,
      consumerSecret: consumerSecret as string,
      accessToken: accessToken as string,
      accessTokenSecret: accessTokenSecret as string,
    });
  }
  if (bearerToken !== undefined) {
    if (!bearerToken) throw new InvalidRequestError('options.bearerToken is empty.');
    return new StaticBearerAuth(bearerToken);
  }
  if (consumerKey !== undefined || consumerSecret !== undefined) {
    if (!consumerKey || !consumerSecret) {
      throw new InvalidRequestError(
        `App-only auth needs both consumerKey and consumerSecret; ${consumerKey ? 'consumerSecret' : 'consumerKey'} is missing.`,
      );
    }
    return new AppBearerAuth({
      consumerKey,
      consumerSecret,
      tokenPost,
      origin: apiOrigin,
    });
  }
  // No credentials: fine for a client that only runs the OAuth 2.0 dance (clientId) or that brings its own
  // Authorization header; anything else would only collect 401s.
  const bringsAuthorization = Object.keys(options.headers ?? {}).some(
    (h) => h.toLowerCase() === 'authorization',
  );
  if (!options.clientId && !bringsAuthorization) {
    throw new InvalidRequestError(
      'PeonyClient needs credentials: consumerKey, consumerSecret, accessToken and accessTokenSecret (OAuth 1.0a), ' +
        'or bearerToken, or consumerKey and consumerSecret alone (app-only), or oauth2 (OAuth 2.0 user), or clientId for the OAuth 2.0 dance.',
    );
  }
  return undefined;
}
