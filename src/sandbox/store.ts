// The sandbox's in-memory world: apps, users, every kind of token, and per-area state slots.

import { randomBytes } from 'node:crypto';

/** A registered developer app. All credentials are known so tests can sign with them. */
export interface SandboxApp {
  id: string;
  name: string;
  consumerKey: string;
  consumerSecret: string;
  /** OAuth 2.0 client id (PKCE). */
  clientId: string;
  /** OAuth 2.0 client secret (confidential clients); public clients just don't send it. */
  clientSecret: string;
  /** Callback URLs accepted as `oauth_callback` by /oauth/request_token (plus `oob`). */
  callbackUrls: string[];
  /** Redirect URIs accepted (exact match) by /i/oauth2/authorize. */
  redirectUris: string[];
  /** The app's current bearer token; `undefined` after invalidation until the next /oauth2/token. */
  bearerToken: string | undefined;
  /** Id of the user who owns the app. */
  ownerId: string;
}

/** A user. `screen_name` (v1.1) and `username` (v2) are the same string. */
export interface SandboxUser {
  /** Numeric id as a decimal string. */
  id: string;
  screen_name: string;
  username: string;
  name: string;
  description: string;
  location: string;
  /** Creation time, epoch ms. */
  createdAt: number;
  protected: boolean;
  verified: boolean;
  /** Ids of users following this user. */
  followers: Set<string>;
  /** Ids of users this user follows. */
  friends: Set<string>;
  /** Tweets posted; the tweets area keeps it current for `statuses_count` / `tweet_count`. */
  statusesCount: number;
}

/** An OAuth 1.0a access token, tied to one app and one user. */
export interface OAuth1AccessToken {
  token: string;
  secret: string;
  consumerKey: string;
  userId: string;
  accessLevel: 'read' | 'read-write';
}

/** A temporary credential from /oauth/request_token, waiting to be authorized. */
export interface RequestToken {
  token: string;
  secret: string;
  consumerKey: string;
  callback: string;
  accessType: 'read' | 'read-write';
  createdAt: number;
  /** Set once the user approved. */
  verifier?: string;
  userId?: string;
}

/** An OAuth 2.0 user access token. */
export interface OAuth2AccessToken {
  token: string;
  clientId: string;
  userId: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

export interface OAuth2RefreshToken {
  token: string;
  clientId: string;
  userId: string;
  scopes: ReadonlySet<string>;
}

/** A PKCE authorization code, valid for `oauth2CodeTtlSecs` and usable once. */
export interface AuthorizationCode {
  code: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: ReadonlySet<string>;
  challenge: string;
  challengeMethod: 'S256' | 'plain';
  expiresAt: number;
}

/** A pending /i/oauth2/authorize request, waiting for the approve POST. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: ReadonlySet<string>;
  state: string;
  challenge: string;
  challengeMethod: 'S256' | 'plain';
}

export interface NewAppInput {
  name?: string;
  consumerKey?: string;
  consumerSecret?: string;
  clientId?: string;
  clientSecret?: string;
  callbackUrls?: string[];
  redirectUris?: string[];
  bearerToken?: string;
  ownerId?: string;
}

export interface NewUserInput {
  id?: string;
  screenName?: string;
  name?: string;
  description?: string;
  location?: string;
  protected?: boolean;
  verified?: boolean;
}

/** A random token string of URL-safe characters. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Default callback and redirect URIs every app accepts unless told otherwise. */
export const DEFAULT_CALLBACK_URLS = ['http://127.0.0.1/callback', 'http://localhost/callback'];

export class SandboxStore {
  readonly apps = new Map<string, SandboxApp>();
  readonly users = new Map<string, SandboxUser>();
  readonly accessTokens = new Map<string, OAuth1AccessToken>();
  readonly requestTokens = new Map<string, RequestToken>();
  readonly oauth2AccessTokens = new Map<string, OAuth2AccessToken>();
  readonly oauth2RefreshTokens = new Map<string, OAuth2RefreshToken>();
  readonly authorizationCodes = new Map<string, AuthorizationCode>();
  readonly pendingAuthorizations = new Map<string, PendingAuthorization>();
  private readonly slots = new Map<string, unknown>();
  private nextUserId = 1_000_000_001n;
  private nextAppId = 30_000_001;

  constructor(private readonly now: () => number) {}

  /**
   * A named slot of per-area state (media store, tweet store…), created on first use.
   * The store never looks inside; M and T keep their own data here so F need not know it.
   */
  state<T>(key: string, init: () => T): T {
    if (!this.slots.has(key)) this.slots.set(key, init());
    return this.slots.get(key) as T;
  }

  createUser(input: NewUserInput = {}): SandboxUser {
    const id = input.id ?? String(this.nextUserId++);
    if (this.users.has(id)) throw new Error(`A sandbox user with id ${id} already exists`);
    const screenName = input.screenName ?? `sandbox_user_${id}`;
    if (this.userByUsername(screenName)) throw new Error(`A sandbox user @${screenName} already exists`);
    const user: SandboxUser = {
      id,
      screen_name: screenName,
      username: screenName,
      name: input.name ?? screenName,
      description: input.description ?? '',
      location: input.location ?? '',
      createdAt: this.now(),
      protected: input.protected ?? false,
      verified: input.verified ?? false,
      followers: new Set(),
      friends: new Set(),
      statusesCount: 0,
    };
    this.users.set(id, user);
    return user;
  }

  /** Looks a user up by screen name / username, case-insensitively as X does. */
  userByUsername(name: string): SandboxUser | undefined {
    const wanted = name.toLowerCase();
    for (const user of this.users.values()) if (user.username.toLowerCase() === wanted) return user;
    return undefined;
  }

  /** Makes `follower` follow `followed` (updates both sides). */
  follow(followerId: string, followedId: string): void {
    this.users.get(followerId)?.friends.add(followedId);
    this.users.get(followedId)?.followers.add(followerId);
  }

  createApp(input: NewAppInput = {}): SandboxApp {
    const id = String(this.nextAppId++);
    const app: SandboxApp = {
      id,
      name: input.name ?? `sandbox-app-${id}`,
      consumerKey: input.consumerKey ?? randomToken(18),
      consumerSecret: input.consumerSecret ?? randomToken(30),
      clientId: input.clientId ?? randomToken(18),
      clientSecret: input.clientSecret ?? randomToken(30),
      callbackUrls: input.callbackUrls ?? [...DEFAULT_CALLBACK_URLS],
      redirectUris: input.redirectUris ?? [...DEFAULT_CALLBACK_URLS],
      bearerToken: input.bearerToken ?? `AAAAAAAAAAAAAAAAAAAAA${randomToken(30)}`,
      ownerId: input.ownerId ?? '',
    };
    if (this.apps.has(app.consumerKey)) throw new Error('An app with this consumer key already exists');
    this.apps.set(app.consumerKey, app);
    return app;
  }

  appByClientId(clientId: string): SandboxApp | undefined {
    for (const app of this.apps.values()) if (app.clientId === clientId) return app;
    return undefined;
  }

  appByBearer(token: string): SandboxApp | undefined {
    for (const app of this.apps.values())
      if (app.bearerToken !== undefined && app.bearerToken === token) return app;
    return undefined;
  }

  /** Issues an OAuth 1.0a access token for a user of an app (what the 3-legged flow ends with). */
  issueAccessToken(
    consumerKey: string,
    userId: string,
    options: { token?: string; secret?: string; accessLevel?: 'read' | 'read-write' } = {},
  ): OAuth1AccessToken {
    const token: OAuth1AccessToken = {
      token: options.token ?? `${userId}-${randomToken(30)}`,
      secret: options.secret ?? randomToken(33),
      consumerKey,
      userId,
      accessLevel: options.accessLevel ?? 'read-write',
    };
    this.accessTokens.set(token.token, token);
    return token;
  }
}
