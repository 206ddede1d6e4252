// A sandbox with a few named users for the social tests, and short ways to call X as each of them.
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type Auth, type CallOptions, type CallResult, call } from '../tweets/signed-client.js';

export interface Person {
  readonly id: string;
  readonly username: string;
  readonly auth: Auth;
  /** An OAuth 2.0 user token with every scope the social operations use. */
  readonly oauth2: Auth;
}

const ALL_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'like.read',
  'like.write',
  'follows.read',
  'follows.write',
  'mute.read',
  'mute.write',
  'block.read',
  'bookmark.read',
  'bookmark.write',
  'timeline.read',
  'tweet.moderate.write',
];

export function person(sb: Sandbox, screenName?: string): Person {
  const created = screenName
    ? sb.createUser({ screenName })
    : {
        user: sb.user,
        accessToken: sb.credentials.accessToken,
        accessTokenSecret: sb.credentials.accessTokenSecret,
      };
  const token = `o2-${created.user.id}`;
  sb.context.store.oauth2AccessTokens.set(token, {
    token,
    clientId: sb.credentials.clientId,
    userId: created.user.id,
    scopes: new Set(ALL_SCOPES),
    expiresAt: sb.context.now() + 3_600_000,
  });
  return {
    id: created.user.id,
    username: created.user.username,
    auth: {
      user: {
        ...sb.credentials,
        accessToken: created.accessToken,
        accessTokenSecret: created.accessTokenSecret,
      },
    },
    oauth2: { bearer: token },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
export type Body = any;

export function api(sb: Sandbox) {
  const send = (method: string, path: string, options: CallOptions): Promise<CallResult<Body>> =>
    call<Body>(sb.url, method, path, options);
  return {
    send,
    get: (path: string, as: Auth, query: Record<string, string | number> = {}) =>
      send('GET', path, { auth: as, query }),
    post: (path: string, as: Auth, json: unknown) => send('POST', path, { auth: as, json }),
    delete: (path: string, as: Auth) => send('DELETE', path, { auth: as }),
    /** Posts a tweet and returns its id. */
    tweet: async (as: Person, text: string, extra: Record<string, unknown> = {}): Promise<string> => {
      const created = await send('POST', '/2/tweets', { auth: as.auth, json: { text, ...extra } });
      if (created.status !== 201) throw new Error(`posting failed: ${created.status} ${created.text}`);
      return created.body.data.id as string;
    },
  };
}
