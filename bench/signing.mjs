// OAuth 1.0a Authorization headers per second: peony's signer beside the oauth-1.0a package (HMAC-SHA1 from
// node:crypto, as its README shows) and X's official SDK's OAuth1 class (compared, never judged), on the same
// request. Rounds alternate; best kept.
// Rates are per second of CPU time, so that other processes on the machine do not skew them.

import { createHmac } from 'node:crypto';
import { OAuth1 } from '@xdevplatform/xdk';
import OAuth from 'oauth-1.0a';
import { signOAuth1 } from '../dist/entry/oauth.js';

const credentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
const url = new URL('https://api.x.com/1.1/statuses/update.json?include_entities=true');
const formParams = [['status', 'Hello Ladies + Gentlemen, a signed OAuth request!']];

const oauth = new OAuth({
  consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
  signature_method: 'HMAC-SHA1',
  hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
});
const token = { key: credentials.token, secret: credentials.tokenSecret };
const data = Object.fromEntries(formParams);

// The SDK signs inside its client with `buildRequestHeader(method, url, body)`, a public method that resolves to
// the header; it takes the form body as it would send it, urlencoded.
const xdk = new OAuth1({
  apiKey: credentials.consumerKey,
  apiSecret: credentials.consumerSecret,
  callback: 'http://127.0.0.1/callback',
  accessToken: credentials.token,
  accessTokenSecret: credentials.tokenSecret,
});
const formBody = new URLSearchParams(formParams).toString();

const SIGNERS = {
  peony: () => signOAuth1({ method: 'POST', url, formParams }, credentials).header,
  'oauth-1.0a': () =>
    oauth.toHeader(oauth.authorize({ url: url.href, method: 'POST', data }, token)).Authorization,
  xdk: () => xdk.buildRequestHeader('POST', url.href, formBody),
};
/** Signers whose header comes in a promise: each is awaited before the next starts. */
const ASYNC = new Set(['xdk']);

/**
 * Headers per second of the process's CPU time (user + system) rather than of wall time: on a shared machine
 * the process is often descheduled, which would count against whichever signer was running then.
 */
function rate(sign, ms) {
  const end = performance.now() + ms;
  const cpu = process.cpuUsage();
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) sign();
    n += 100;
  }
  const used = process.cpuUsage(cpu);
  return (n / (used.user + used.system)) * 1e6;
}

/** As rate(), for a signer that answers with a promise. */
async function rateAsync(sign, ms) {
  const end = performance.now() + ms;
  const cpu = process.cpuUsage();
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await sign();
    n += 100;
  }
  const used = process.cpuUsage(cpu);
  return (n / (used.user + used.system)) * 1e6;
}

const rateOf = (name, ms) => (ASYNC.has(name) ? rateAsync(SIGNERS[name], ms) : rate(SIGNERS[name], ms));

export async function benchSigning({ rounds = 6, ms = 500 } = {}) {
  const names = Object.keys(SIGNERS);
  for (const name of names) await rateOf(name, 200);
  const best = Object.fromEntries(names.map((n) => [n, 0]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      best[name] = Math.max(best[name], await rateOf(name, ms));
    }
  }
  return best;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchSigning({ rounds: 2 }));
