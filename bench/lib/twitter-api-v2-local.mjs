// Runs twitter-api-v2 against a local origin, as ../shared notes describe: rewrite each final URL
// synchronously in its request maker, plain-http agent, multipart forced for v1.1 uploads.
// (No plugin: registering one adds an await that corrupts its parallel uploads.)

import http from 'node:http';
import { TwitterApi } from 'twitter-api-v2';

const X_ORIGIN = /^https:\/\/(api|upload|stream)\.(x|twitter)\.com/;

/** `onAnswer(params)` is called as each request's answer arrives (the benchmark times FINALIZE by it). */
export function localTwitterApi(origin, credentials, onAnswer = () => {}) {
  const agent = new http.Agent({ keepAlive: true });
  const client = new TwitterApi(
    {
      appKey: credentials.consumerKey,
      appSecret: credentials.consumerSecret,
      accessToken: credentials.accessToken,
      accessSecret: credentials.accessTokenSecret,
    },
    { httpAgent: agent },
  );
  const maker = client._requestMaker;
  const rewrite = (params) => {
    const url = params.url.replace(X_ORIGIN, origin);
    const isV1Upload = params.method === 'POST' && url.endsWith('/1.1/media/upload.json');
    return { ...params, url, ...(isV1Upload ? { forceBodyMode: 'form-data' } : {}) };
  };
  const send = maker.send.bind(maker);
  const sendStream = maker.sendStream.bind(maker);
  maker.send = (params) =>
    send(rewrite(params)).then((answer) => {
      onAnswer(params);
      return answer;
    });
  maker.sendStream = (params) => sendStream(rewrite(params));
  return { client, close: () => agent.destroy() };
}
