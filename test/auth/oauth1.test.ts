import { describe, expect, it } from 'vitest';
import { basicAuthorization } from '../../src/auth/basic.js';
import {
  authorizationHeader,
  baseStringUri,
  createNonce,
  currentTimestamp,
  hmacSha1Signature,
  normalizeParameters,
  type OAuth1Credentials,
  percentEncode,
  signatureBaseString,
  signingKey,
  signOAuth1,
  signWithParameters,
} from '../../src/auth/oauth1.js';
import type { SignableRequest } from '../../src/auth/types.js';

// X's "Creating a signature" inputs (docs/XAPI.md §5.2).
const xCredentials: OAuth1Credentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
const xFixed = { nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: 1318622958 };
const xStatus: Array<[string, string]> = [['status', 'Hello Ladies + Gentlemen, a signed OAuth request!']];

function statusUpdate(origin: string, path = '/1.1/statuses/update.json'): SignableRequest {
  return { method: 'POST', url: new URL(`${origin}${path}?include_entities=true`), formParams: xStatus };
}

function xHeader(signature: string): string {
  return (
    'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", ' +
    `oauth_signature="${signature}", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", ` +
    'oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"'
  );
}

describe('percentEncode (X percent-encoding page)', () => {
  it.each([
    ['Ladies + Gentlemen', 'Ladies%20%2B%20Gentlemen'],
    ['An encoded string!', 'An%20encoded%20string%21'],
    ['Dogs, Cats & Mice', 'Dogs%2C%20Cats%20%26%20Mice'],
    ['☃', '%E2%98%83'],
  ])('%s → %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('leaves exactly the unreserved set and encodes the characters encodeURIComponent keeps', () => {
    expect(percentEncode('AZaz09-._~')).toBe('AZaz09-._~');
    expect(percentEncode("!*'()")).toBe('%21%2A%27%28%29');
    expect(percentEncode('/?#[]@:=&\n')).toBe('%2F%3F%23%5B%5D%40%3A%3D%26%0A');
  });

  it('encodes astral characters as UTF-8 and turns a lone surrogate into U+FFFD instead of throwing', () => {
    expect(percentEncode('😀')).toBe('%F0%9F%98%80');
    expect(percentEncode('a\uD800b')).toBe('a%EF%BF%BDb');
  });
});

describe("X's signature example (docs/XAPI.md §5.2)", () => {
  const parameterString =
    'include_entities=true&oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&oauth_nonce=kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1318622958&oauth_token=370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb&oauth_version=1.0&status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21';
  const baseString =
    'POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521';

  it('builds the parameter string, base string, key, signature and header for api.x.com', () => {
    const signed = signOAuth1(statusUpdate('https://api.x.com'), xCredentials, xFixed);
    expect(signed.parameterString).toBe(parameterString);
    expect(signed.baseString).toBe(baseString);
    expect(signingKey(xCredentials.consumerSecret, xCredentials.tokenSecret)).toBe(
      'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
    );
    expect(signed.signature).toBe('Ls93hJiZbQ3akF3HF3x1Bz8/zU4=');
    expect(Buffer.from(signed.signature, 'base64').toString('hex').toUpperCase()).toBe(
      '2ECF778498996D0DDA905DC7177C75073F3FCD4E',
    );
    expect(signed.header).toBe(xHeader('Ls93hJiZbQ3akF3HF3x1Bz8%2FzU4%3D'));
  });

  it('gives the older pages’ signatures for api.twitter.com /1.1/ and /1/, with the header X printed', () => {
    expect(signOAuth1(statusUpdate('https://api.twitter.com'), xCredentials, xFixed).signature).toBe(
      'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
    );
    const v1 = signOAuth1(
      statusUpdate('https://api.twitter.com', '/1/statuses/update.json'),
      xCredentials,
      xFixed,
    );
    expect(v1.signature).toBe('tnnArxj06cWHq44gCs1OSKk/jLY=');
    expect(v1.header).toBe(xHeader('tnnArxj06cWHq44gCs1OSKk%2FjLY%3D'));
  });

  it('signs only oauth_* for a v2 JSON POST (empty formParams)', () => {
    const request = { method: 'POST', url: new URL('https://api.x.com/2/tweets'), formParams: [] };
    expect(signOAuth1(request, xCredentials, xFixed).signature).toBe('lr+tV/DKclEvXKVjG6tgaSSLV0k=');
  });

  it('signs the query of a media INIT, and nothing of a multipart body', () => {
    const init = {
      method: 'POST',
      url: new URL(
        'https://upload.twitter.com/1.1/media/upload.json?command=INIT&total_bytes=10240&media_type=image/jpeg',
      ),
      formParams: [],
    };
    expect(signOAuth1(init, xCredentials, xFixed).signature).toBe('ckXH+acfGR4qphxzz6iCrFouz7Y=');
    const multipart = { ...init, url: new URL('https://upload.twitter.com/1.1/media/upload.json') };
    expect(signOAuth1(multipart, xCredentials, xFixed).signature).toBe('NMzR2ONZg7LB8GenCn/47b0dz4A=');
  });

  it('drops the default port and lowercases scheme and host before signing', () => {
    const shouty = statusUpdate('HTTPS://API.X.COM:443');
    expect(baseStringUri(shouty.url)).toBe('https://api.x.com/1.1/statuses/update.json');
    expect(signOAuth1(shouty, xCredentials, xFixed).signature).toBe('Ls93hJiZbQ3akF3HF3x1Bz8/zU4=');
    expect(baseStringUri(new URL('http://Example.com:80/a'))).toBe('http://example.com/a');
    expect(baseStringUri(new URL('http://127.0.0.1:4010/a?b=c#d'))).toBe('http://127.0.0.1:4010/a');
    expect(baseStringUri(new URL('https://example.com:80/a'))).toBe('https://example.com:80/a');
  });
});

describe('RFC 5849 vectors (docs/XAPI.md §5.3)', () => {
  it('§3.1: normalized parameters, base string and the corrected signature', () => {
    const request: SignableRequest = {
      method: 'POST',
      url: new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'),
      formParams: [...new URLSearchParams('c2&a3=2+q')],
    };
    // realm is not a signed parameter, and this example has no oauth_version.
    const oauthParams: Array<[string, string]> = [
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
    ];
    const signed = signWithParameters(request, oauthParams, 'j49sk3j29djd', 'dh893hdasih9');
    expect(signed.parameterString).toBe(
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
    );
    expect(signed.baseString).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
    expect(signed.signature).toBe('r6/TJjbCOr97/+UU0NsvSne7s5g=');
    expect(signed.signature).not.toBe('bYT5CMsGcbgUdFHObYMEfcx6bsw=');
  });

  const consumer = { consumerKey: 'dpf43f3p2l4k3l03', consumerSecret: 'kd94hf93k423kf44' };
  function rfcParams(
    extra: Array<[string, string]>,
    timestamp: string,
    nonce: string,
  ): Array<[string, string]> {
    return [
      ['oauth_consumer_key', consumer.consumerKey],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', timestamp],
      ['oauth_nonce', nonce],
      ...extra,
    ];
  }

  it('§1.2 temporary credentials (callback, empty token secret)', () => {
    const request = { method: 'POST', url: new URL('https://photos.example.net/initiate'), formParams: [] };
    const params = rfcParams([['oauth_callback', 'http://printer.example.com/ready']], '137131200', 'wIjqoS');
    expect(signWithParameters(request, params, consumer.consumerSecret).signature).toBe(
      '74KNZJeDHnMBp0EMJ9ZHt/XKycU=',
    );
    expect(signingKey(consumer.consumerSecret)).toBe('kd94hf93k423kf44&');
  });

  it('§1.2 token credentials (verifier)', () => {
    const request = { method: 'POST', url: new URL('https://photos.example.net/token'), formParams: [] };
    const params = rfcParams(
      [
        ['oauth_token', 'hh5s93j4hdidpola'],
        ['oauth_verifier', 'hfdp7dh39dks9884'],
      ],
      '137131201',
      'walatlh',
    );
    expect(signWithParameters(request, params, consumer.consumerSecret, 'hdhd0244k9j7ao03').signature).toBe(
      'gKgrFCywp7rO0OXSjdot/IHF7IU=',
    );
  });

  it('§1.2 protected resource GET with a query', () => {
    const request = {
      method: 'get',
      url: new URL('http://photos.example.net/photos?file=vacation.jpg&size=original'),
      formParams: [],
    };
    const params = rfcParams([['oauth_token', 'nnch734d00sl2jdk']], '137131202', 'chapoH');
    const signed = signWithParameters(request, params, consumer.consumerSecret, 'pfkkdhi9sl3r4s00');
    expect(signed.baseString).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
    );
    expect(signed.signature).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
    expect(
      hmacSha1Signature(signed.baseString, signingKey(consumer.consumerSecret, 'pfkkdhi9sl3r4s00')),
    ).toBe(signed.signature);
    expect(signatureBaseString('GET', request.url, [...request.url.searchParams, ...params])).toBe(
      signed.baseString,
    );
  });
});

describe('parameters and header', () => {
  it('sorts duplicate names by encoded value and encodes before sorting', () => {
    expect(
      normalizeParameters([
        ['b', '2'],
        ['a', 'z'],
        ['a', 'B'],
        ['a', ' '],
        ['a~', '1'],
        ['a-', '1'],
      ]),
    ).toBe('a=%20&a=B&a=z&a-=1&a~=1&b=2');
  });

  it('adds oauth_callback and oauth_verifier to the header when given, sorted and encoded', () => {
    const request = { method: 'POST', url: new URL('https://api.x.com/oauth/access_token'), formParams: [] };
    const { header } = signOAuth1(request, xCredentials, {
      ...xFixed,
      callback: 'https://app.example/cb?a=1',
    });
    expect(header).toMatch(
      /^OAuth oauth_callback="https%3A%2F%2Fapp.example%2Fcb%3Fa%3D1", oauth_consumer_key=/,
    );
    const withVerifier = signOAuth1(request, xCredentials, { ...xFixed, verifier: '1234567' }).header;
    expect(withVerifier).toContain(
      'oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_verifier="1234567", oauth_version="1.0"',
    );
    expect(
      authorizationHeader([
        ['oauth_b', 'x y'],
        ['oauth_a', '/'],
      ]),
    ).toBe('OAuth oauth_a="%2F", oauth_b="x%20y"');
  });

  it('leaves out oauth_token when signing with the consumer pair only', () => {
    const request = { method: 'POST', url: new URL('https://api.x.com/oauth/request_token'), formParams: [] };
    const signed = signOAuth1(
      request,
      { consumerKey: 'ck', consumerSecret: 'cs' },
      { ...xFixed, callback: 'oob' },
    );
    expect(signed.header).not.toContain('oauth_token');
    expect(signed.signature).toBe(hmacSha1Signature(signed.baseString, 'cs&'));
  });

  it('encodes a given nonce and a non-numeric timestamp, signing them as the general path does', () => {
    const request = { method: 'GET', url: new URL('https://api.x.com/2/users/me'), formParams: [] };
    const options = { nonce: 'a b/c+d', timestamp: '1318622958.5' };
    const signed = signOAuth1(request, xCredentials, options);
    expect(signed.header).toContain('oauth_nonce="a%20b%2Fc%2Bd"');
    expect(signed.header).toContain('oauth_timestamp="1318622958.5"');
    const general = signWithParameters(
      request,
      [
        ['oauth_consumer_key', xCredentials.consumerKey],
        ['oauth_nonce', options.nonce],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', options.timestamp],
        ['oauth_token', xCredentials.token ?? ''],
        ['oauth_version', '1.0'],
      ],
      xCredentials.consumerSecret,
      xCredentials.tokenSecret,
    );
    expect(signed.signature).toBe(general.signature);
    expect(signed.baseString).toBe(general.baseString);
  });

  it('encodes protocol parameter names outside the oauth_* set before signing them', () => {
    const request = { method: 'GET', url: new URL('https://api.x.com/2/users/me'), formParams: [] };
    const signed = signWithParameters(
      request,
      [
        ['x extra', 'v'],
        ['oauth_nonce', 'n'],
      ],
      'cs',
    );
    expect(signed.parameterString).toBe('oauth_nonce=n&x%20extra=v');
    expect(signed.signature).toBe(hmacSha1Signature(signed.baseString, 'cs&'));
    // With no name sorting after oauth_signature, the signature closes the header.
    const only = signWithParameters(request, [['oauth_nonce', 'n']], 'cs');
    expect(only.header).toBe(
      `OAuth oauth_nonce="n", oauth_signature="${encodeURIComponent(only.signature)}"`,
    );
  });

  it('signs right with many consumer secrets, past the cache of signing keys', () => {
    const request = { method: 'GET', url: new URL('https://api.x.com/2/users/me'), formParams: [] };
    for (let i = 0; i < 40; i++) {
      const credentials = {
        consumerKey: 'ck',
        consumerSecret: `cs${i}`,
        token: 't',
        tokenSecret: `ts${i % 20}`,
      };
      const signed = signOAuth1(request, credentials, xFixed);
      expect(signed.signature).toBe(hmacSha1Signature(signed.baseString, `cs${i}&ts${i % 20}`));
    }
  });

  it('makes a fresh ASCII nonce and a timestamp in seconds when none is injected', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(currentTimestamp(1318622958999)).toBe('1318622958');
    const request = { method: 'GET', url: new URL('https://api.x.com/2/users/me'), formParams: [] };
    const header = signOAuth1(request, xCredentials).header;
    const timestamp = Number(/oauth_timestamp="(\d+)"/.exec(header)?.[1]);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('app-only Basic credential (docs/XAPI.md §5.2)', () => {
  it('encodes key:secret as X documents', () => {
    expect(basicAuthorization('xvz1evFS4wEEPTGEFPHBog', 'L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg')).toBe(
      'Basic eHZ6MWV2RlM0d0VFUFRHRUZQSEJvZzpMOHFxOVBaeVJnNmllS0dFS2hab2xHQzB2SldMdzhpRUo4OERSZHlPZw==',
    );
  });

  it('percent-encodes each half before joining', () => {
    const decoded = Buffer.from(basicAuthorization('a:b', 'c d').slice('Basic '.length), 'base64').toString();
    expect(decoded).toBe('a%3Ab:c%20d');
  });
});
