// Chat media: initialize, append (JSON), finalize and download, in a one-to-one conversation of two users of
// its own (so the order of case files does not matter), with the uploader's credentials.
import type { Auth } from '../../tweets/signed-client.js';
import type { CaseFile } from '../harness.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

interface Session {
  session_id: string;
  media_hash_key: string;
  conversation_id: string;
}

const cases: CaseFile = async (h) => {
  const [uploader, friend] = ['conf_chat_media_a', 'conf_chat_media_b'].map((screenName) => {
    const created = h.sb.createUser({ screenName });
    return { id: created.user.id, auth: { user: { ...h.sb.credentials, ...created } } as Auth };
  }) as [{ id: string; auth: Auth }, { id: string; auth: Auth }];
  for (const user of [uploader, friend]) {
    await h.send('POST', `/2/users/${user.id}/public_keys`, {
      json: { version: '1', public_key: { public_key: b64(`identity ${user.id}`) } },
      auth: user.auth,
    });
  }
  await h.send('POST', `/2/chat/conversations/${friend.id}/keys`, {
    json: {
      conversation_key_version: '1',
      conversation_participant_keys: [uploader, friend].map((user) => ({
        user_id: user.id,
        encrypted_conversation_key: b64(`key ${user.id}`),
        public_key_version: '1',
      })),
    },
    auth: uploader.auth,
  });
  const auth = uploader.auth;
  const initialize = async () => {
    const answer = await h.send('POST', '/2/chat/media/upload/initialize', {
      json: { conversation_id: friend.id, total_bytes: 4 },
      auth,
    });
    return (answer.body as { data: Session }).data;
  };
  const append = (session: Session) => ({
    conversation_id: session.conversation_id,
    media_hash_key: session.media_hash_key,
    segment_index: 0,
    media: b64('abcd'),
  });
  const finalizeBody = (session: Session) => ({
    conversation_id: session.conversation_id,
    media_hash_key: session.media_hash_key,
    num_parts: '1',
  });
  const appended = await initialize();
  const complete = await initialize();
  await h.send('POST', `/2/chat/media/upload/${complete.session_id}/append`, {
    json: append(complete),
    auth,
  });
  const finalized = await initialize();
  await h.send('POST', `/2/chat/media/upload/${finalized.session_id}/append`, {
    json: append(finalized),
    auth,
  });
  await h.send('POST', `/2/chat/media/upload/${finalized.session_id}/finalize`, {
    json: finalizeBody(finalized),
    auth,
  });
  return [
    {
      operation: 'POST /2/chat/media/upload/initialize',
      json: { conversation_id: friend.id, total_bytes: 10 },
      auth,
      repeatable: false,
    },
    {
      operation: 'POST /2/chat/media/upload/{id}/append',
      path: { id: appended.session_id },
      json: append(appended),
      auth,
    },
    {
      operation: 'POST /2/chat/media/upload/{id}/finalize',
      path: { id: complete.session_id },
      json: { ...finalizeBody(complete), message_id: 'm1', ttl_msec: '3600000' },
      auth,
      repeatable: false,
    },
    {
      operation: 'GET /2/chat/media/{id}/{media_hash_key}',
      path: { id: uploader.id, media_hash_key: finalized.media_hash_key },
      auth: friend.auth,
    },
  ];
};
export default cases;
