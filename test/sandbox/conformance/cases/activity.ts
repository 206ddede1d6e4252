// X Activity subscriptions: create (bearer and user, a private event by its user), list, update, delete one and
// many.
import type { CaseFile } from '../harness.js';

const cases: CaseFile = async (h) => {
  const create = async (tag: string) => {
    const made = await h.send('POST', '/2/activity/subscriptions', {
      json: { event_type: 'post.create', filter: { user_id: h.sb.user.id }, tag },
      auth: h.bearer,
    });
    return (made.body as { data?: { subscription?: { subscription_id: string } } }).data?.subscription
      ?.subscription_id as string;
  };
  const kept = await create('kept');
  const deleted = await create('deleted one by one');
  const many = await create('deleted with others');
  return [
    {
      operation: 'POST /2/activity/subscriptions',
      json: {
        event_type: 'follow.follow',
        filter: { user_id: h.sb.user.id, direction: 'inbound' },
        tag: 'new',
      },
      repeatable: false,
    },
    // A private event, subscribed with the filtered user's own token (the harness's default credential).
    {
      operation: 'POST /2/activity/subscriptions',
      json: { event_type: 'dm.received', filter: { user_id: h.sb.user.id }, tag: 'private' },
      repeatable: false,
    },
    {
      operation: 'POST /2/activity/subscriptions',
      json: { event_type: 'news.new', filter: { keyword: 'api' }, webhook_id: '1' },
      auth: h.bearer,
      repeatable: false,
    },
    { operation: 'GET /2/activity/subscriptions', query: { max_results: '2' }, auth: h.bearer },
    { operation: 'GET /2/activity/subscriptions' },
    {
      operation: 'PUT /2/activity/subscriptions/{subscription_id}',
      path: { subscription_id: kept },
      json: { tag: 'renamed' },
      auth: h.bearer,
    },
    {
      operation: 'DELETE /2/activity/subscriptions/{subscription_id}',
      path: { subscription_id: deleted },
      auth: h.bearer,
      repeatable: false,
    },
    {
      operation: 'DELETE /2/activity/subscriptions',
      query: { ids: `${many},1` },
      auth: h.bearer,
      repeatable: false,
    },
  ];
};
export default cases;
