// `/2/connections`: an app's stream connections, open and ended (with why), and killing them by UUID, by
// endpoint or all at once, app-only as the document says. A kill ends the stream cleanly.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { listParam } from '../v2-kit/fields.js';
import { guard } from '../v2-kit/guard.js';
import { offsetPage } from '../v2-kit/paging.js';
import { listBody } from '../v2-kit/problems.js';
import type { ConnectionRecord } from './connection-history.js';
import type { StreamsState } from './state.js';

const APP = { need: 'app', scopes: [] } as const;

type Json = Record<string, unknown>;

/** `id`, `endpoint_name` and `connected_at` always, the rest when `connection.fields` asks (UNCONFIRMED). */
function render(record: ConnectionRecord, fields: ReadonlySet<string>): Json {
  return {
    id: record.id,
    endpoint_name: record.endpoint,
    connected_at: new Date(record.connectedAt).toISOString(),
    ...(fields.has('client_ip') ? { client_ip: record.clientIp } : {}),
    ...(fields.has('disconnected_at') && record.disconnectedAt !== undefined
      ? { disconnected_at: new Date(record.disconnectedAt).toISOString() }
      : {}),
    ...(fields.has('disconnect_reason') && record.reason !== undefined
      ? { disconnect_reason: record.reason }
      : {}),
  };
}

/** Ends the given open connections; a UUID that names none is a failed kill. */
function kill(records: readonly ConnectionRecord[], uuids?: readonly string[]): Json {
  const open = records.filter((record) => record.open !== undefined);
  const targets = uuids ?? open.map((record) => record.id);
  const results = targets.map((uuid) => {
    const connection = open.find((candidate) => candidate.id === uuid)?.open;
    if (!connection) {
      return { uuid, success: false, error_message: 'No open connection of this app has this UUID.' };
    }
    connection.end('terminated_by_api');
    return { uuid, success: true };
  });
  const successful = results.filter((result) => result.success).length;
  return { data: { successful_kills: successful, failed_kills: results.length - successful, results } };
}

export function registerConnectionRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  state: StreamsState,
): void {
  const { connections } = state;

  app.get('/2/connections', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'GET /2/connections', APP);
    const params = ctx.params(request);
    const status = params['status'] ?? 'active';
    const endpoints = listParam(params, 'endpoints');
    const found = connections
      .ofApp(auth.app.id)
      .filter((record) => status === 'all' || (status === 'active') === (record.open !== undefined))
      .filter((record) => endpoints.size === 0 || endpoints.has(record.endpoint));
    const page = offsetPage(found, params, 10);
    const fields = listParam(params, 'connection.fields');
    const { result_count, next_token } = page.meta;
    return listBody(
      page.items.map((record) => render(record, fields)),
      { meta: { result_count, ...(next_token !== undefined ? { next_token } : {}) } },
    );
  });

  app.delete('/2/connections', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/connections', APP);
    // The document's check has made the body `{uuids: [1..100 strings]}`.
    const { uuids } = request.body as { uuids: string[] };
    return kill(connections.ofApp(auth.app.id), [...new Set(uuids)]);
  });

  app.delete('/2/connections/all', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/connections/all', APP);
    return kill(connections.ofApp(auth.app.id));
  });

  app.delete<{ Params: { endpoint_id: string } }>('/2/connections/:endpoint_id', async (request, reply) => {
    const auth = await guard(ctx, request, reply, 'DELETE /2/connections/:endpoint_id', APP);
    const endpoint = request.params.endpoint_id;
    return kill(connections.ofApp(auth.app.id).filter((record) => record.endpoint === endpoint));
  });
}
