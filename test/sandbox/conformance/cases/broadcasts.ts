// Scheduled broadcasts: create (with every member), list, read, full update, go live, chat, delete.
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => {
  const now = Date.now();
  const create = async (extra: Record<string, unknown>) => {
    const made = await h.send('POST', '/2/broadcasts/scheduled', {
      json: {
        source_id: 'key',
        scheduled_start_ms: String(now - 1000),
        scheduled_end_ms: String(now + 3_600_000),
        ...extra,
      },
    });
    return (
      (made.body as { data?: { broadcast_id: string; scheduled_broadcast_id: string } }).data ?? {
        broadcast_id: '',
        scheduled_broadcast_id: '',
      }
    );
  };
  const running = await create({ title: 'Running' });
  const manual = await create({ manual_publish: true });
  const doomed = await create({});
  return [
    {
      operation: 'POST /2/broadcasts/scheduled',
      json: {
        source_id: 'key',
        scheduled_start_ms: String(now + 60_000),
        scheduled_end_ms: String(now + 120_000),
        title: 'All members',
        description: 'd',
        locale: 'en',
        available_for_replay: true,
        is_locked: false,
        chat_option: '1',
        manual_publish: false,
        telecast_id: '1',
        thumbnail_media_id: '1',
        recurrence: { frequency: 'Weekly', repeats: '3' },
      },
      repeatable: false,
    },
    { operation: 'GET /2/broadcasts/scheduled', query: { max_results: '2' } },
    { operation: 'GET /2/broadcasts/scheduled/{id}', path: { id: running.broadcast_id } },
    {
      operation: 'PUT /2/broadcasts/scheduled/{id}',
      path: { id: running.broadcast_id },
      json: {
        scheduled_broadcast_id: running.scheduled_broadcast_id,
        scheduled_start_ms: String(now - 1000),
        scheduled_end_ms: String(now + 7_200_000),
        title: 'Running, longer',
      },
    },
    { operation: 'POST /2/broadcasts/scheduled/{id}/live', path: { id: manual.broadcast_id } },
    { operation: 'POST /2/broadcasts/{id}/chat', path: { id: running.broadcast_id }, json: { text: 'hi' } },
    {
      operation: 'DELETE /2/broadcasts/scheduled/{id}',
      path: { id: doomed.broadcast_id },
      repeatable: false,
    },
  ];
};
export default cases;
