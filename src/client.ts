// PeonyClient: credentials and options in, the endpoint tree (api, upload, v2, sub()) and typed helpers out.

import { ApiPromise, mapData, mapResponse } from './api/api-promise.js';
import { checkId, checkUsername, dataObject } from './api/checks.js';
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
import { type PostTweetOptions, tweetBody } from './api/tweets.js';
import type { V2PathNode } from './api/typed-path.js';
import { bindFlows, type OAuthFlows } from './auth/bound-flows.js';
import { authenticatorFor, type Credentials } from './auth/credentials.js';
import { AppBearerAuth } from './auth/index.js';
import { tokenPostThrough } from './auth/token-post.js';
import type { AuthKind } from './http/authenticator.js';
import { InvalidRequestError, PeonyError } from './http/errors.js';
import type { Params } from './http/params.js';
import { HttpPipeline } from './http/pipeline.js';
import type { HttpMethod, PipelineOptions, PipelineRequest } from './http/request.js';
import { resolveOrigin } from './http/url.js';
import type { MediaInput } from './media/input.js';
import { type UploadedMedia, type UploadMediaOptions, uploadMedia } from './media/upload.js';
import {
  type CursorPage,
  followerIds,
  friendIds,
  homeTimeline,
  homeTimelinePoller,
  type IdListParams,
  type Paginator,
  type PollOptions,
  paginate,
  type SearchRecentParams,
  type SinceIdPoller,
  searchRecent,
  searchRecentPoller,
  type TimelinePage,
  type TimelineParams,
  type UserTweetsParams,
  userTimeline,
  userTweets,
  userTweetsPoller,
  type V2Page,
} from './paginate/index.js';
import {
  bindStreamRules,
  filteredStream,
  type StreamRules,
  sampleStream,
  type TweetStream,
  type TweetStreamOptions,
} from './stream/index.js';
import type { StatusV1, Tweet, User, V2Response } from './types.js';

/** Credentials, where X is, and how requests are sent (every transport setting of the pipeline). */
export interface PeonyClientOptions extends Credentials, Omit<PipelineOptions, 'authenticator'> {
  /**
   * Where X is. Default `https://{api}.x.com`, `{api}` being the sub-API (`api`, `upload`). A value without
   * `{api}` (e.g. a sandbox at `http://127.0.0.1:4010`) sends every sub-API to that origin, same paths.
   */
  readonly baseUrl?: string | undefined;
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
    const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    resolveOrigin(baseUrl.replace('{api}', 'api'), 'PeonyClient', 'baseUrl');
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    if (options.timeout !== undefined) checkTimeout(options.timeout);
    if (options.totalTimeout !== undefined) checkTimeout(options.totalTimeout, 'totalTimeout');
    // Token requests go through this client's own pipeline, made just below.
    const tokenPost = tokenPostThrough((request) => pipeline.send<string>(request));
    const { headers } = options;
    const authenticator = authenticatorFor(options, {
      tokenPost,
      origin: this.apiOrigin,
      bringsAuthorization: Object.keys(headers ?? {}).some((h) => h.toLowerCase() === 'authorization'),
    });
    const pipeline: HttpPipeline = new HttpPipeline({ ...options, authenticator });
    this.#pipeline = pipeline;
    this.oauth = bindFlows(tokenPost, this.apiOrigin, {
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
    return this.baseUrl.replace('{api}', 'api');
  }

  /** How this client authenticates: 'oauth1-user', 'app-bearer', 'bearer', 'oauth2-user' or 'none'. */
  get authKind(): AuthKind {
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

  /**
   * One call to any endpoint; the path builders and helpers all come here.
   * @internal The path builders (`client.v2…`) are the public way.
   */
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

  /** Fires when close() is called: this client's streams then end their loops cleanly. @internal */
  get closeSignal(): AbortSignal {
    return this.#pipeline.closeSignal;
  }

  /** Sends a fully built request through this client's pipeline (streams use this). @internal */
  send<T>(request: PipelineRequest): ApiPromise<T> {
    return new ApiPromise<T>(() => this.#pipeline.send<T>(request));
  }

  // ——— typed helpers for the everyday calls ———

  /** Posts a tweet (v2). Never retried: a post that may have been applied is not sent twice. */
  tweet(textOrOptions: string | PostTweetOptions, options?: RequestOptions): ApiPromise<Tweet> {
    const body = tweetBody(textOrOptions);
    return this.#data(this.request<V2Response<Tweet>>(V2_API, ['tweets'], 'POST', body, options));
  }

  /** Deletes a tweet; resolves `true` when X confirms the deletion. */
  deleteTweet(id: string | bigint, options?: RequestOptions): ApiPromise<boolean> {
    const path = ['tweets', checkId('id', id)];
    const answer = this.request<V2Response<{ deleted: boolean }>>(V2_API, path, 'DELETE', undefined, options);
    return mapData(this.#data(answer), (data) => data.deleted === true);
  }

  /** Gets one tweet with the fields and expansions asked for; `includes` and partial `errors` are kept. */
  getTweet(
    id: string | bigint,
    fields: FieldOptions = {},
    options?: RequestOptions,
  ): ApiPromise<V2Response<Tweet>> {
    return this.request(V2_API, ['tweets', checkId('id', id)], 'GET', fieldParams(fields), options);
  }

  /** The user the credentials belong to (user context only). */
  me(fields: FieldOptions = {}, options?: RequestOptions): ApiPromise<User> {
    return this.#data(
      this.request<V2Response<User>>(V2_API, ['users', 'me'], 'GET', fieldParams(fields), options),
    );
  }

  /** A user by username (a leading `@` is dropped). */
  userByUsername(username: string, fields: FieldOptions = {}, options?: RequestOptions): ApiPromise<User> {
    const path = ['users', 'by', 'username', checkUsername(username)];
    return this.#data(this.request<V2Response<User>>(V2_API, path, 'GET', fieldParams(fields), options));
  }

  /** The `data` object of a v2 answer; an error about the answer is scrubbed of this client's credentials. */
  #data<T>(inner: ApiPromise<V2Response<T>>): ApiPromise<T> {
    return mapResponse(inner, dataObject<T>, (error) => this.redact(error));
  }

  /**
   * `error` with this client's credentials scrubbed from it: for errors built from an answer after the
   * pipeline handed it over (a page's or a stream's errors, a media processing failure).
   * @internal
   */
  redact<E>(error: E): E {
    return this.#pipeline.redact(error);
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
  readonly streamRules: StreamRules = bindStreamRules(() => this.appOnly());

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

  /** Polls a user's posts: each `poll()` returns what came since the last one (v2, since_id). */
  userTweetsPoller(
    userId: string | bigint,
    params?: UserTweetsParams,
    pollOptions?: PollOptions,
    options?: RequestOptions,
  ): SinceIdPoller<Tweet> {
    return userTweetsPoller(this, userId, params, pollOptions, options);
  }

  /** Polls a recent search: each `poll()` returns what matched since the last one. */
  searchRecentPoller(
    query: string,
    params?: SearchRecentParams,
    pollOptions?: PollOptions,
    options?: RequestOptions,
  ): SinceIdPoller<Tweet> {
    return searchRecentPoller(this, query, params, pollOptions, options);
  }

  /** Polls the home timeline (v1.1): each `poll()` returns what came since the last one. */
  homeTimelinePoller(
    params?: TimelineParams,
    pollOptions?: PollOptions,
    options?: RequestOptions,
  ): SinceIdPoller<StatusV1> {
    return homeTimelinePoller(this, params, pollOptions, options);
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
   * video/GIF processing is waited for. Resolves with the media id; errors never quote a credential.
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
    ).catch((error: unknown) => Promise.reject(this.#pipeline.redact(error)));
  }

  /** Cuts requests in flight, ends pooled connections, refuses new requests; stream loops end cleanly. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#appOnly?.close();
    await this.#pipeline.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
