// Chats: public keys (register, one user's, many users'), a one-to-one conversation (keys, a message, inbox,
// lookup, events with every field and a second page, read, typing) and a group (reserve, create, add a member).
import type { Auth } from '../../tweets/signed-client.js';
import type { CaseFile } from '../harness.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

const cases: CaseFile = async (h) => {
  const me = h.sb.user.id;
  const made = ['conf_chat_a', 'conf_chat_b'].map((screenName) => h.sb.createUser({ screenName }));
  const [friend, third] = made.map((created) => ({
    id: created.user.id,
    auth: { user: { ...h.sb.credentials, ...created } } as Auth,
  })) as [{ id: string; auth: Auth }, { id: string; auth: Auth }];
  const register = (id: string, auth: Auth) =>
    h.send('POST', `/2/users/${id}/public_keys`, {
      json: { version: '1', public_key: { public_key: b64(`identity ${id}`) } },
      auth,
    });
  await register(friend.id, friend.auth);
  await register(third.id, third.auth);
  await register(me, h.user);
  const keyFor = (id: string) => ({
    user_id: id,
    encrypted_conversation_key: b64(`key for ${id}`),
    public_key_version: '1',
  });
  const keys = await h.send('POST', `/2/chat/conversations/${friend.id}/keys`, {
    json: { conversation_key_version: '1', conversation_participant_keys: [keyFor(me), keyFor(friend.id)] },
  });
  const conversationId = (keys.body as { data?: { conversation_id?: string } }).data?.conversation_id ?? '';
  const message = (id: string) => ({ message_id: id, encoded_message_create_event: b64(`ciphertext ${id}`) });
  let last = '';
  for (const id of ['c1', 'c2']) {
    const sent = await h.send('POST', `/2/chat/conversations/${conversationId}/messages`, {
      json: message(id),
    });
    const encoded = (sent.body as { data?: { encoded_message_event?: string } }).data?.encoded_message_event;
    last = (JSON.parse(Buffer.from(encoded ?? 'e30=', 'base64').toString()) as { sequence_id?: string })
      .sequence_id as string;
  }
  const first = await h.send('GET', `/2/chat/conversations/${conversationId}/events`, {
    query: { max_results: '1' },
  });
  const next = (first.body as { meta?: { next_token?: string } }).meta?.next_token ?? '';
  const reserve = async () => {
    const answer = await h.send('POST', '/2/chat/conversations/group/initialize', {});
    return (answer.body as { data?: { conversation_id?: string } }).data?.conversation_id ?? '';
  };
  const newGroup = await reserve();
  const group = await reserve();
  await h.send('POST', '/2/chat/conversations/group', {
    json: {
      conversation_id: group,
      conversation_key_version: '1',
      conversation_participant_keys: [keyFor(me), keyFor(friend.id)],
      group_members: [friend.id],
    },
  });
  const conversationFields =
    'created_at,group_avatar_url,group_name,id,is_muted,message_ttl_ms,screen_capture_blocking_enabled,screen_capture_detection_enabled,type,updated_at';
  const allOfConversation = {
    'chat_conversation.fields': conversationFields,
    expansions: 'admin_ids,member_ids,participant_ids',
    'user.fields': 'created_at,username',
  };
  return [
    {
      operation: 'POST /2/users/{id}/public_keys',
      path: { id: me },
      json: {
        version: '7',
        public_key: {
          public_key: b64('identity v7'),
          signing_public_key: b64('signing v7'),
          identity_public_key_signature: 'sig',
          signing_public_key_signature: 'sig',
          public_key_fingerprint: 'fp',
          registration_method: 'sandbox',
        },
      },
      repeatable: false,
    },
    {
      operation: 'GET /2/users/{id}/public_keys',
      path: { id: me },
      query: {
        'public_key.fields':
          'identity_public_key_signature,juicebox_config,public_key,public_key_version,signing_public_key',
      },
    },
    { operation: 'GET /2/users/public_keys', query: { ids: `${me},${friend.id},1` } },
    {
      operation: 'POST /2/chat/conversations/{id}/keys',
      path: { id: friend.id },
      json: {
        conversation_key_version: '2',
        conversation_participant_keys: [keyFor(me), keyFor(friend.id)],
        base64_encoded_key_rotation: b64('rotation'),
      },
      repeatable: false,
    },
    {
      operation: 'POST /2/chat/conversations/{id}/messages',
      path: { id: conversationId },
      json: { ...message('c3'), encoded_message_event_signature: b64('signature'), conversation_token: 't' },
      repeatable: false,
    },
    { operation: 'GET /2/chat/conversations', query: { max_results: '1', ...allOfConversation } },
    { operation: 'GET /2/chat/conversations/{id}', path: { id: group }, query: allOfConversation },
    { operation: 'GET /2/chat/conversations/{id}', path: { id: friend.id } },
    {
      operation: 'GET /2/chat/conversations/{id}/events',
      path: { id: conversationId },
      query: {
        max_results: '1',
        pagination_token: next,
        'chat_message_event.fields':
          'conversation_id,conversation_token,created_at,encoded_event,id,is_trusted,message_event_signature,previous_id,sender_id',
      },
    },
    {
      operation: 'POST /2/chat/conversations/{id}/read',
      path: { id: friend.id },
      json: { seen_until_sequence_id: last },
    },
    { operation: 'POST /2/chat/conversations/{id}/typing', path: { id: conversationId } },
    { operation: 'POST /2/chat/conversations/group/initialize', repeatable: false },
    {
      operation: 'POST /2/chat/conversations/group',
      json: {
        conversation_id: newGroup,
        conversation_key_version: '1',
        conversation_participant_keys: [keyFor(me), keyFor(friend.id)],
        group_members: [friend.id],
        group_admins: [me],
        group_name: 'Conformance',
        group_avatar_url: 'https://example.com/a.png',
        group_description: 'd',
        ttl_msec: '86400000',
      },
      repeatable: false,
    },
    {
      operation: 'POST /2/chat/conversations/{id}/members',
      path: { id: group },
      json: {
        user_ids: [third.id],
        conversation_key_version: '2',
        conversation_participant_keys: [keyFor(me), keyFor(friend.id), keyFor(third.id)],
      },
      repeatable: false,
    },
  ];
};
export default cases;
