// twitter-api-v2 pointed at a sandbox, unchanged but for the host, per
// /work/shared/notes/twitter-api-v2-on-localhost.md: every request's URL is rewritten synchronously before the
// library signs it. Two of its choices hang on X's host names and are restored here: v1.1 media uploads go as
// multipart, and the OAuth 1.0a token endpoints' form-encoded answers are parsed as forms.
import type http from 'node:http';
import { TwitterApi, type TwitterApiOAuth2Init, type TwitterApiTokens } from 'twitter-api-v2';
import type { Sandbox } from '../../src/sandbox/index.js';

interface RequestParams {
  url: string;
  method: string;
  forceBodyMode?: 'json' | 'url' | 'form-data' | 'raw';
  forceParseMode?: 'json' | 'url' | 'text' | 'buffer' | 'none';
}
interface RequestMaker {
  send(params: RequestParams): Promise<unknown>;
  sendStream(params: RequestParams): unknown;
}

const X_HOSTS = /^https:\/\/(?:api|upload|stream)\.(?:x|twitter)\.com/;

function rewrite(params: RequestParams, origin: string): RequestParams {
  const url = params.url.replace(X_HOSTS, origin);
  const path = new URL(url).pathname;
  const isUploadPost = params.method.toUpperCase() === 'POST' && path === '/1.1/media/upload.json';
  return {
    ...params,
    url,
    ...(isUploadPost ? { forceBodyMode: 'form-data' as const } : {}),
    ...(path.startsWith('/oauth/') ? { forceParseMode: 'url' as const } : {}),
  };
}

/** Points every request of `api` (and of the clients it logs in) at the sandbox. */
export function routeToSandbox<T extends TwitterApi>(api: T, origin: string): T {
  const maker = (api as unknown as { _requestMaker: RequestMaker })._requestMaker;
  const send = maker.send.bind(maker);
  const sendStream = maker.sendStream.bind(maker);
  maker.send = (params) => send(rewrite(params, origin));
  maker.sendStream = (params) => sendStream(rewrite(params, origin));
  return api;
}

/**
 * A twitter-api-v2 client with these credentials, routed to the sandbox (or to `origin`, a proxy in front of
 * it) over a plain http agent.
 */
export function sandboxClient(
  sb: Sandbox,
  agent: http.Agent,
  credentials: TwitterApiTokens | TwitterApiOAuth2Init | string,
  origin: string = sb.url,
): TwitterApi {
  const settings = { httpAgent: agent };
  const api =
    typeof credentials === 'string'
      ? new TwitterApi(credentials, settings)
      : 'clientId' in credentials
        ? new TwitterApi(credentials, settings)
        : new TwitterApi(credentials, settings);
  return routeToSandbox(api, origin);
}

/** OAuth 1.0a user context for a user of the sandbox (the default user when none is given). */
export function userClient(
  sb: Sandbox,
  agent: http.Agent,
  user: { accessToken: string; accessTokenSecret: string } = sb.credentials,
  origin: string = sb.url,
): TwitterApi {
  return sandboxClient(
    sb,
    agent,
    {
      appKey: sb.credentials.consumerKey,
      appSecret: sb.credentials.consumerSecret,
      accessToken: user.accessToken,
      accessSecret: user.accessTokenSecret,
    },
    origin,
  );
}
