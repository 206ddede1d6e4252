// Scheduled broadcasts as a streaming tool drives them: schedule, list by start time, read, fully update, go live
// by hand, chat while running, delete; the state follows the sandbox clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { type Auth, call } from '../tweets/signed-client.js';

let sb: Sandbox;
let user: Auth;

beforeEach(async () => {
  sb = await startSandbox();
  user = { user: sb.credentials };
});
afterEach(() => sb.close());

interface Broadcast {
  broadcast_id: string;
  scheduled_broadcast_id: string;
  title?: string;
  description?: string;
  state: string;
  manual_publish: boolean;
  scheduled_start_ms: string;
}
const MINUTE = 60_000;
const schedule = (startIn: number, extra: Record<string, unknown> = {}) => {
  const start = sb.clock.now() + startIn;
  return call<{ data: Broadcast }>(sb.url, 'POST', '/2/broadcasts/scheduled', {
    json: {
      source_id: 'rtmp-key-1',
      scheduled_start_ms: String(start),
      scheduled_end_ms: String(start + 30 * MINUTE),
      ...extra,
    },
    auth: user,
  });
};
const chat = (id: string) =>
  call(sb.url, 'POST', `/2/broadcasts/${id}/chat`, { json: { text: 'hello viewers' }, auth: user });

describe('scheduled broadcasts', () => {
  it('schedules, lists, updates in full, runs by the clock and takes chat while running', async () => {
    const later = await schedule(60 * MINUTE, { title: 'Later', description: 'kept only if re-sent' });
    const soon = await schedule(2 * MINUTE, { title: 'Soon' });
    expect(later.status).toBe(201);
    expect(later.body.data).toMatchObject({ title: 'Later', state: 'Scheduled', manual_publish: false });
    expect(later.body.data.broadcast_id).toMatch(/^[a-zA-Z0-9]{1,13}$/);

    const listed = await call<{ data: Broadcast[] }>(sb.url, 'GET', '/2/broadcasts/scheduled', {
      auth: user,
    });
    expect(listed.body.data.map((entry) => entry.title)).toEqual(['Soon', 'Later']);
    const window = await call<{ data: Broadcast[] }>(sb.url, 'GET', '/2/broadcasts/scheduled', {
      query: { oldest_start_time: later.body.data.scheduled_start_ms },
      auth: user,
    });
    expect(window.body.data.map((entry) => entry.title)).toEqual(['Later']);

    const start = Number(later.body.data.scheduled_start_ms);
    const updated = await call<{ data: Broadcast }>(
      sb.url,
      'PUT',
      `/2/broadcasts/scheduled/${later.body.data.broadcast_id}`,
      {
        json: {
          scheduled_broadcast_id: later.body.data.scheduled_broadcast_id,
          scheduled_start_ms: String(start),
          scheduled_end_ms: String(start + 10 * MINUTE),
          title: 'Later, renamed',
        },
        auth: user,
      },
    );
    expect(updated.body.data).toMatchObject({ title: 'Later, renamed' });
    expect(updated.body.data.description).toBeUndefined();

    expect((await chat(soon.body.data.broadcast_id)).status).toBe(400);
    // Moved less than OAuth 1.0a's five-minute timestamp window, so signed calls stay valid.
    sb.clock.advance(2.5 * MINUTE);
    const running = await call<{ data: Broadcast }>(
      sb.url,
      'GET',
      `/2/broadcasts/scheduled/${soon.body.data.broadcast_id}`,
      {
        auth: user,
      },
    );
    expect(running.body.data.state).toBe('Running');
    const sent = await chat(soon.body.data.broadcast_id);
    expect(sent.body).toEqual({ data: { success: true, timestamp: expect.stringMatching(/^[0-9]{19}$/) } });

    const deleted = await call(sb.url, 'DELETE', `/2/broadcasts/scheduled/${soon.body.data.broadcast_id}`, {
      auth: user,
    });
    expect(deleted.body).toEqual({ data: { deleted: true } });
    const gone = await call(sb.url, 'GET', `/2/broadcasts/scheduled/${soon.body.data.broadcast_id}`, {
      auth: user,
    });
    expect(gone.status).toBe(404);
  });

  it('goes live by hand only when created for it, and keeps each user to their own', async () => {
    const manual = await schedule(2 * MINUTE, { manual_publish: true });
    const automatic = await schedule(2 * MINUTE);
    sb.clock.advance(2.5 * MINUTE);
    const waiting = await call<{ data: Broadcast }>(
      sb.url,
      'GET',
      `/2/broadcasts/scheduled/${manual.body.data.broadcast_id}`,
      {
        auth: user,
      },
    );
    expect(waiting.body.data.state).toBe('Scheduled');
    const live = await call<{ data: Broadcast }>(
      sb.url,
      'POST',
      `/2/broadcasts/scheduled/${manual.body.data.broadcast_id}/live`,
      {
        auth: user,
      },
    );
    expect(live.body.data.state).toBe('Running');
    const refused = await call(
      sb.url,
      'POST',
      `/2/broadcasts/scheduled/${automatic.body.data.broadcast_id}/live`,
      {
        auth: user,
      },
    );
    expect(refused.status).toBe(400);

    const other = sb.createUser({ screenName: 'another_host' });
    const asOther = {
      user: { ...sb.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret },
    };
    const theirs = await call(sb.url, 'GET', `/2/broadcasts/scheduled/${manual.body.data.broadcast_id}`, {
      auth: asOther,
    });
    expect(theirs.status).toBe(404);
    const badWindow = await call(sb.url, 'POST', '/2/broadcasts/scheduled', {
      json: { source_id: 's', scheduled_start_ms: '2000', scheduled_end_ms: '1000' },
      auth: user,
    });
    expect(badWindow.status).toBe(400);
  });
});
