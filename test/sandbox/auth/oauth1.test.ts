import { describe, expect, it } from 'vitest';
import {
  baseStringUri,
  hmacSha1Signature,
  normalizeParameters,
  parseOAuthHeader,
  percentEncode,
  signatureBaseString,
  signaturesEqual,
} from '../../../src/sandbox/auth/oauth1.js';

describe('percent-encoding (docs/XAPI.md §5.1)', () => {
  it.each([
    ['Ladies + Gentlemen', 'Ladies%20%2B%20Gentlemen'],
    ['An encoded string!', 'An%20encoded%20string%21'],
    ['Dogs, Cats & Mice', 'Dogs%2C%20Cats%20%26%20Mice'],
    ['☃', '%E2%98%83'],
    ["-._~*'()", '-._~%2A%27%28%29'],
  ])('%s → %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });
});

describe('X "Creating a signature" vector (§5.2)', () => {
  const params: Array<[string, string]> = [
    ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
    ['include_entities', 'true'],
    ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
    ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '1318622958'],
    ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
    ['oauth_version', '1.0'],
  ];
  const consumerSecret = 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw';
  const tokenSecret = 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE';

  it('builds the parameter string and the base string', () => {
    expect(normalizeParameters(params)).toBe(
      'include_entities=true&oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&oauth_nonce=kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1318622958&oauth_token=370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb&oauth_version=1.0&status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21',
    );
    expect(signatureBaseString('post', 'https://api.x.com/1.1/statuses/update.json', params)).toBe(
      'POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
  });

  it.each([
    ['https://api.x.com/1.1/statuses/update.json', 'Ls93hJiZbQ3akF3HF3x1Bz8/zU4='],
    ['https://api.twitter.com/1.1/statuses/update.json', 'hCtSmYh+iHYCEqBWrE7C7hYmtUk='],
    ['https://api.twitter.com/1/statuses/update.json', 'tnnArxj06cWHq44gCs1OSKk/jLY='],
  ])('signs for %s', (url, signature) => {
    expect(hmacSha1Signature(signatureBaseString('POST', url, params), consumerSecret, tokenSecret)).toBe(
      signature,
    );
  });

  const oauthOnly = params.filter(([name]) => name.startsWith('oauth_'));
  it('signs a JSON v2 POST over the oauth_* parameters only', () => {
    const base = signatureBaseString('POST', 'https://api.x.com/2/tweets', oauthOnly);
    expect(hmacSha1Signature(base, consumerSecret, tokenSecret)).toBe('lr+tV/DKclEvXKVjG6tgaSSLV0k=');
  });

  it('signs an upload INIT with the query (RFC form) and a multipart body without it', () => {
    const query: Array<[string, string]> = [
      ['command', 'INIT'],
      ['total_bytes', '10240'],
      ['media_type', 'image/jpeg'],
    ];
    const url = 'https://upload.twitter.com/1.1/media/upload.json';
    expect(
      hmacSha1Signature(
        signatureBaseString('POST', url, [...oauthOnly, ...query]),
        consumerSecret,
        tokenSecret,
      ),
    ).toBe('ckXH+acfGR4qphxzz6iCrFouz7Y=');
    expect(hmacSha1Signature(signatureBaseString('POST', url, oauthOnly), consumerSecret, tokenSecret)).toBe(
      'NMzR2ONZg7LB8GenCn/47b0dz4A=',
    );
  });

  it("parses X's example header, percent-decoding the values", () => {
    const parsed = parseOAuthHeader(
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="tnnArxj06cWHq44gCs1OSKk%2FjLY%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"',
    );
    expect(parsed?.get('oauth_signature')).toBe('tnnArxj06cWHq44gCs1OSKk/jLY=');
    expect(parsed?.size).toBe(7);
  });
});

describe('RFC 5849 vectors (§5.3)', () => {
  it('§3.4.1 example: normalized params, base string, corrected signature', () => {
    const params: Array<[string, string]> = [
      ['b5', '=%3D'],
      ['a3', 'a'],
      ['c@', ''],
      ['a2', 'r b'],
      ['c2', ''],
      ['a3', '2 q'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
    ];
    expect(normalizeParameters(params)).toBe(
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
    );
    const base = signatureBaseString('POST', baseStringUri('http', 'example.com', '/request'), params);
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
    expect(hmacSha1Signature(base, 'j49sk3j29djd', 'dh893hdasih9')).toBe('r6/TJjbCOr97/+UU0NsvSne7s5g=');
  });

  const common = { oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_signature_method: 'HMAC-SHA1' };
  it('§1.2 initiate (empty token secret keeps the &)', () => {
    const params = Object.entries({
      ...common,
      oauth_timestamp: '137131200',
      oauth_nonce: 'wIjqoS',
      oauth_callback: 'http://printer.example.com/ready',
    });
    const base = signatureBaseString(
      'POST',
      baseStringUri('https', 'photos.example.net:443', '/initiate'),
      params,
    );
    expect(hmacSha1Signature(base, 'kd94hf93k423kf44')).toBe('74KNZJeDHnMBp0EMJ9ZHt/XKycU=');
  });

  it('§1.2 token', () => {
    const params = Object.entries({
      ...common,
      oauth_token: 'hh5s93j4hdidpola',
      oauth_timestamp: '137131201',
      oauth_nonce: 'walatlh',
      oauth_verifier: 'hfdp7dh39dks9884',
    });
    const base = signatureBaseString('POST', 'https://photos.example.net/token', params);
    expect(hmacSha1Signature(base, 'kd94hf93k423kf44', 'hdhd0244k9j7ao03')).toBe(
      'gKgrFCywp7rO0OXSjdot/IHF7IU=',
    );
  });

  it('§1.2 photos (GET, query signed, default port dropped, host lowercased)', () => {
    const params = Object.entries({
      ...common,
      oauth_token: 'nnch734d00sl2jdk',
      oauth_timestamp: '137131202',
      oauth_nonce: 'chapoH',
      file: 'vacation.jpg',
      size: 'original',
    });
    const base = signatureBaseString(
      'GET',
      baseStringUri('HTTP', 'Photos.Example.net:80', '/photos'),
      params,
    );
    expect(base).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
    );
    expect(hmacSha1Signature(base, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00')).toBe(
      'MdpQcU8iPSUjWoN/UDMsK2sui9I=',
    );
  });
});

describe('header parsing and comparison', () => {
  it('drops realm and refuses duplicates, bad syntax, bad escapes, other schemes', () => {
    expect(parseOAuthHeader('OAuth realm="Example", oauth_nonce="a"')?.get('oauth_nonce')).toBe('a');
    expect(parseOAuthHeader('OAuth oauth_nonce="a", oauth_nonce="b"')).toBeUndefined();
    expect(parseOAuthHeader('OAuth oauth_nonce=a')).toBeUndefined();
    expect(parseOAuthHeader('OAuth oauth_nonce="%E2%98"')).toBeUndefined();
    expect(parseOAuthHeader('Bearer abc')).toBeUndefined();
  });

  it('compares signatures of any length without throwing', () => {
    expect(signaturesEqual('abc=', 'abc=')).toBe(true);
    expect(signaturesEqual('abc=', 'abd=')).toBe(false);
    expect(signaturesEqual('abc=', 'ab')).toBe(false);
  });
});
