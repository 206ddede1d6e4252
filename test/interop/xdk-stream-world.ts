// One sandbox and one X SDK client for a stream test file. The SDK calls the global fetch, which pools keep-alive
// connections in the global dispatcher: the file gets a pool of its own, so closing it shows whether any request
// (a stream above all) is still holding a socket. The bindings are live: a test file imports them and calls
// useSdkWithOwnPool() once.
import type { Client } from '@xdevplatform/xdk';
import { Agent, type Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { appAndUserClient } from './xdk-setup.js';

export let sb: Sandbox;
export let sdk: Client;
export let pool: Agent;

export function useSdkWithOwnPool(): void {
  let previousDispatcher: Dispatcher;
  beforeAll(async () => {
    sb = await startSandbox();
    sdk = appAndUserClient(sb);
    previousDispatcher = getGlobalDispatcher();
    pool = new Agent();
    setGlobalDispatcher(pool);
  });
  afterAll(async () => {
    setGlobalDispatcher(previousDispatcher);
    await pool?.destroy();
    await sb?.close();
  });
}
