// One sandbox and one bot's webhook server (a receiver on 127.0.0.1) per test, for the webhook test files: the
// app's bearer and its owner's user token, and a caller that checks every answer against X's document. The
// bindings are live: a test file imports them and calls useWebhookWorld() once, and each test sees its own.
import { afterEach, beforeEach } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, userAuthOf } from '../tweets/signed-client.js';
import { checkedCaller } from './checked-call.js';
import { type Receiver, startReceiver } from './receiver.js';

export let sb: Sandbox;
export let bearer: Auth;
export let user: Auth;
export let hook: Receiver;
export const violations: string[] = [];
export const api = checkedCaller(
  () => sb.url,
  () => bearer,
  violations,
);

/** The auth of a user made with `sb.createUser()`, signing as the sandbox's app. */
export const asUser = (created: { accessToken: string; accessTokenSecret: string }): Auth =>
  userAuthOf(sb.credentials, created);

export function useWebhookWorld(): void {
  beforeEach(async () => {
    sb = await startSandbox();
    bearer = { bearer: sb.credentials.bearerToken };
    user = { user: sb.credentials };
    violations.length = 0;
    hook = await startReceiver(sb.credentials.consumerSecret);
  });
  afterEach(async () => {
    await sb.close();
    await hook.close();
  });
}
