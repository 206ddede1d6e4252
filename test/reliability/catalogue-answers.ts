// Catalogue cases where a credential comes back inside a 2xx answer, and the error is built from the answer's
// fields after the pipeline handed it over: a media processing failure, a page of nothing but errors, a
// stream's disconnect notice, a helper's missing `data`, an OAuth answer that does not confirm.

import { readFile } from 'node:fs/promises';
import {
  AuthProtocolError,
  MediaProcessingError,
  PaginationError,
  StreamDisconnectError,
  UnexpectedResponseError,
} from '../../src/index.js';
import type { Reply } from '../helpers/test-server.js';
import { BEARER, type Case, type CaseEnv, CREDENTIALS, REFRESH_TOKEN, rawGet } from './catalogue-kit.js';

const PNG = new URL('../../examples/media/peony.png', import.meta.url);
const uploadPng = async (env: CaseEnv, options = {}) => env.client(options).uploadMedia(await readFile(PNG));

const bearerOnly = {
  consumerKey: undefined,
  consumerSecret: undefined,
  accessToken: undefined,
  accessTokenSecret: undefined,
  bearerToken: BEARER,
};

/** A v2 media answer whose processing failed, with X's words for it. */
const failedMedia = (error: Record<string, unknown>): Reply => ({
  json: {
    data: {
      id: '1880000000000000001',
      media_key: '3_1880000000000000001',
      processing_info: { state: 'failed', error },
    },
  },
});

/** Answers `pending` to the upload, then `failed` (with X's words) to the STATUS poll. */
function failsOnPoll(error: Record<string, unknown>): () => Reply {
  let answered = 0;
  return () =>
    answered++ === 0
      ? {
          json: {
            data: { id: '1880000000000000002', processing_info: { state: 'pending', check_after_secs: 0 } },
          },
        }
      : failedMedia(error);
}

/** A v2 list page of nothing but errors, as X sends for an unknown user. */
const errorsOnlyPage = (detail: string): Reply => ({
  json: {
    errors: [{ title: 'Not Found Error', detail, type: 'https://api.x.com/2/problems/resource-not-found' }],
  },
});

/** Not even a part of `secret` in `message` (the runner looks for whole secrets): no 12 characters in a row. */
function noPartOf(secret: string, message: string): void {
  for (let i = 0; i + 12 <= secret.length; i++) {
    const part = secret.slice(i, i + 12);
    if (message.includes(part)) throw new Error(`the message quotes "${part}": ${message}`);
  }
}

export const ANSWER_CASES: readonly Case[] = [
  // ——— media processing failures (processing_info.error is X's text) ———
  {
    name: 'the consumer secret echoed in processing_info.error.message',
    expect: MediaProcessingError,
    boundMs: 3_000,
    reply: () =>
      failedMedia({
        code: 1,
        name: 'InvalidMedia',
        message: `cannot decode for ${CREDENTIALS.consumerSecret}`,
      }),
    run: (env) => uploadPng(env),
  },
  {
    name: 'the access token secret echoed in processing_info.error.name on a STATUS poll',
    expect: MediaProcessingError,
    boundMs: 3_000,
    reply: failsOnPoll({ code: 3, name: `Bad ${CREDENTIALS.accessTokenSecret}`, message: 'Unsupported' }),
    run: (env) => uploadPng(env),
  },
  {
    name: 'an OAuth 2.0 refresh token echoed in processing_info.error.message',
    expect: MediaProcessingError,
    boundMs: 3_000,
    secrets: [REFRESH_TOKEN],
    reply: () => failedMedia({ code: 1, name: 'InvalidMedia', message: `token ${REFRESH_TOKEN} said no` }),
    run: (env) =>
      uploadPng(env, {
        ...bearerOnly,
        bearerToken: undefined,
        oauth2: {
          clientId: 'catalogue-client',
          accessToken: BEARER,
          refreshToken: REFRESH_TOKEN,
          expiresAt: Date.now() + 3_600_000,
        },
      }),
  },
  // ——— a 200 page of nothing but errors ———
  {
    name: 'the access token secret echoed in the errors of a v2 page',
    expect: PaginationError,
    boundMs: 3_000,
    reply: () => errorsOnlyPage(`Could not find user for ${CREDENTIALS.accessTokenSecret}`),
    run: (env) => env.client().userTweets('12').firstPage(),
  },
  {
    name: 'the bearer echoed in the errors of a v2 search page',
    expect: PaginationError,
    boundMs: 3_000,
    reply: () => errorsOnlyPage(`Bearer ${BEARER} cannot search`),
    run: (env) => env.client(bearerOnly).searchRecent('a').firstPage(),
  },
  // ——— a stream's disconnect notice ———
  {
    name: "the bearer echoed in a stream's operational-disconnect notice",
    expect: StreamDisconnectError,
    boundMs: 3_000,
    reply: () => ({
      text: `${JSON.stringify({
        errors: [
          {
            title: 'operational-disconnect',
            detail: `Closing the stream of ${BEARER}`,
            type: 'https://api.x.com/2/problems/operational-disconnect',
          },
        ],
      })}\r\n`,
    }),
    run: async (env) => {
      for await (const _ of env.client(bearerOnly).sampleStream({ maxReconnects: 0 })) return;
    },
  },
  // ——— a helper that finds no `data` object ———
  {
    name: "the access token secret in a 200 without data, kept as me()'s error.body",
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: { errors: [{ message: `no user for ${CREDENTIALS.accessTokenSecret}` }] } }),
    run: (env) => env.client().me(),
  },
  {
    name: "the consumer secret as the whole 200 body of tweet(), quoted in the error's message",
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: `key ${CREDENTIALS.consumerSecret}` }),
    run: (env) => env.client().tweet('hello'),
  },
  {
    name: 'the consumer secret across the cut of a long 200 body quoted by me()',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    reply: () => ({ json: `${'x'.repeat(20)}${CREDENTIALS.consumerSecret}` }),
    run: (env) => env.client().me(),
    check: (error) => noPartOf(CREDENTIALS.consumerSecret, error.message),
  },
  // ——— an OAuth answer peony refuses ———
  {
    name: 'the consumer secret sent back as oauth_callback_confirmed',
    expect: AuthProtocolError,
    boundMs: 3_000,
    reply: () => ({
      text: `oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=${CREDENTIALS.consumerSecret}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    run: (env) => env.client().oauth.requestToken({ callback: 'https://example.com/callback' }),
    check: (error) => noPartOf(CREDENTIALS.consumerSecret, error.message),
  },
  // ——— a 2xx that is not JSON: its message quotes the first 200 characters ———
  {
    name: 'the consumer secret across the 200th character of a 200 that is not JSON',
    expect: UnexpectedResponseError,
    boundMs: 3_000,
    // 20 of the secret's 30 characters fall inside the quoted 200: the cut must not leave them unscrubbed.
    reply: () => ({
      text: `${'x'.repeat(180)}${CREDENTIALS.consumerSecret} and more`,
      headers: { 'content-type': 'text/plain' },
    }),
    run: (env) => rawGet(env, { retry: false }),
    check: (error) => noPartOf(CREDENTIALS.consumerSecret, error.message),
  },
];
