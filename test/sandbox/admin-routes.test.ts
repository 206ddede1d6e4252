// The admin routes' validation: every malformed body gets a 400 (404, 409) with a JSON `error` that names the
// field at fault, and changes nothing; well-formed fault rules round-trip through the listing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { send } from './helpers/http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sb.close();
});

async function postJson(path: string, body: string): Promise<{ status: number; error: unknown }> {
  const answer = await send(sb, {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: answer.status, error: (answer.json() as { error?: unknown }).error };
}

describe('POST /__sandbox/clock', () => {
  it.each(['null', '[1]', '"soon"'])('refuses the non-object body %s', async (body) => {
    expect(await postJson('/__sandbox/clock', body)).toEqual({
      status: 400,
      error: 'Expected a JSON object body',
    });
  });

  it.each([{ advanceMs: '60' }, { now: 'tomorrow' }])('refuses a non-number %j', async (body) => {
    const before = sb.context.now();
    const answer = await postJson('/__sandbox/clock', JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.error).toBe(`${Object.keys(body)[0]} must be a number`);
    expect(sb.context.now() - before).toBeLessThan(60_000);
  });

  it('sets the clock to an absolute time', async () => {
    const target = Date.UTC(2030, 0, 1);
    const answer = await send(sb, { method: 'POST', path: '/__sandbox/clock', json: { now: target } });
    expect(answer.status).toBe(200);
    expect((answer.json() as { now: number }).now).toBeGreaterThanOrEqual(target);
    expect((answer.json() as { now: number }).now).toBeLessThan(target + 60_000);
  });
});

describe('POST /__sandbox/faults', () => {
  it.each([
    [{ kind: 'error' }, 'route must be a string'],
    [{ route: '*' }, 'kind must be a string'],
    [{ route: '*', kind: 'explode' }, 'Unknown fault kind: explode'],
    [{ route: '*', kind: 'error', probability: 2 }, 'Fault probability must be between 0 and 1'],
    [{ route: '*', kind: 'error', status: '503' }, 'status must be a number'],
    [{ route: '*', kind: 'error', sequence: 'yes' }, 'sequence must be an array of booleans or 0/1'],
    [{ route: '*', kind: 'error', sequence: [true, 2] }, 'sequence must be an array of booleans or 0/1'],
  ])('refuses %j with a 400 naming the fault, and adds no rule', async (body, message) => {
    const answer = await postJson('/__sandbox/faults', JSON.stringify(body));
    expect(answer).toEqual({ status: 400, error: message });
    expect(sb.context.faults.list()).toEqual([]);
  });

  it('keeps every field of a full rule, lists it, and removes it by id once', async () => {
    const rule = {
      route: 'GET /2/users/me',
      kind: 'error',
      status: 503,
      delayMs: 5,
      afterBytes: 10,
      probability: 1,
      times: 2,
      sequence: [true, 0, 1, false],
    };
    const created = await send(sb, { method: 'POST', path: '/__sandbox/faults', json: rule });
    expect(created.status).toBe(201);
    const { id } = created.json() as { id: string };
    const listed = (await send(sb, { path: '/__sandbox/faults' })).json() as { faults: unknown[] };
    expect(listed.faults).toEqual([expect.objectContaining({ ...rule, id })]);

    const removed = await send(sb, { method: 'DELETE', path: `/__sandbox/faults/${id}` });
    expect(removed.json()).toEqual({ removed: true });
    const again = await send(sb, { method: 'DELETE', path: `/__sandbox/faults/${id}` });
    expect(again.status).toBe(404);
    expect(again.json()).toEqual({ error: 'No such fault' });
  });
});

describe('POST /__sandbox/users', () => {
  it('mints a user with generated names when the body is empty', async () => {
    const answer = await send(sb, { method: 'POST', path: '/__sandbox/users' });
    expect(answer.status).toBe(201);
    const { user, access_token } = answer.json() as {
      user: { id: string; username: string };
      access_token: string;
    };
    expect(user.username).toMatch(/\S/);
    expect(access_token).toMatch(new RegExp(`^${user.id}-`));
  });

  it('takes a display name, ignores non-string names, and refuses a taken screen name with 409', async () => {
    const named = await send(sb, {
      method: 'POST',
      path: '/__sandbox/users',
      json: { screen_name: 'named_one', name: 'Named One' },
    });
    expect((named.json() as { user: unknown }).user).toMatchObject({
      username: 'named_one',
      name: 'Named One',
    });

    const odd = await send(sb, {
      method: 'POST',
      path: '/__sandbox/users',
      json: { screen_name: 7, name: false },
    });
    expect(odd.status).toBe(201);
    expect((odd.json() as { user: { username: string } }).user.username).not.toBe('7');

    const users = sb.context.store.users.size;
    const taken = await postJson('/__sandbox/users', JSON.stringify({ screen_name: 'named_one' }));
    expect(taken).toEqual({ status: 409, error: 'Screen name taken' });
    expect(sb.context.store.users.size).toBe(users);
  });

  it('refuses a non-object body', async () => {
    expect(await postJson('/__sandbox/users', '[]')).toEqual({
      status: 400,
      error: 'Expected a JSON object body',
    });
  });
});
