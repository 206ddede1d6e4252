import { describe, expect, it } from 'vitest';
import {
  type MatchableTweet,
  matchesQuery,
  parseQuery,
  QueryError,
} from '../../../src/sandbox/tweets/query.js';

const tweet = (text: string, extra: Partial<MatchableTweet> = {}): MatchableTweet => ({
  text,
  authorId: '1',
  authorUsername: 'Alice',
  hashtags: [],
  mentions: [],
  urlCount: 0,
  mediaTypes: [],
  isReply: false,
  isQuote: false,
  ...extra,
});
const matches = (query: string, subject: MatchableTweet) => matchesQuery(parseQuery(query), subject);

describe('query language', () => {
  it('knows conversation_id:, lang:, retweets_of: and is:retweet (lang: cannot stand alone)', () => {
    const repost = tweet('RT @bob: hi', {
      isRetweet: true,
      retweetOfUsername: 'Bob',
      conversationId: '7',
      lang: 'en',
    });
    expect(matches('conversation_id:7', repost)).toBe(true);
    expect(matches('conversation_id:8', repost)).toBe(false);
    expect(matches('hi lang:en is:retweet', repost)).toBe(true);
    expect(matches('hi -is:retweet', repost)).toBe(false);
    expect(matches('retweets_of:bob', repost)).toBe(true);
    expect(matches('hi is:retweet', tweet('hi'))).toBe(false);
    expect(() => parseQuery('lang:en')).toThrow(QueryError);
    expect(() => parseQuery('conversation_id:abc')).toThrow(QueryError);
  });

  it('matches whole words case-insensitively, not substrings', () => {
    expect(matches('cat', tweet('My CAT!'))).toBe(true);
    expect(matches('cat', tweet('category'))).toBe(false);
  });

  it('matches phrases as consecutive words', () => {
    expect(matches('"big red dog"', tweet('a Big, red dog.'))).toBe(true);
    expect(matches('"big red dog"', tweet('a big dog, red'))).toBe(false);
  });

  it('gives AND precedence over OR, and honours groups and negation', () => {
    expect(matches('a b OR c', tweet('c'))).toBe(true);
    expect(matches('a b OR c', tweet('a'))).toBe(false);
    expect(matches('a (b OR c)', tweet('c'))).toBe(false);
    expect(matches('a -(b OR c)', tweet('a c'))).toBe(false);
    expect(matches('a -b', tweet('a d'))).toBe(true);
  });

  it('knows from:, to:, @, #, has: and is:', () => {
    const reply = tweet('hi @Bob #News https://x.com', {
      hashtags: ['News'],
      mentions: ['Bob'],
      urlCount: 1,
      mediaTypes: ['photo'],
      isReply: true,
      inReplyToUsername: 'bob',
    });
    expect(matches('from:alice hi', reply)).toBe(true);
    expect(matches('from:1 hi', reply)).toBe(true);
    expect(matches('to:bob hi', reply)).toBe(true);
    expect(matches('@bob', reply)).toBe(true);
    expect(matches('#news', reply)).toBe(true);
    expect(matches('hi has:media has:images has:links has:mentions has:hashtags is:reply', reply)).toBe(true);
    expect(matches('hi has:videos', reply)).toBe(false);
    expect(matches('hi -is:quote', reply)).toBe(true);
  });

  it('reports errors with a position', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['(cat', /Missing '\)'/],
      ['cat)', /Unexpected '\)'/],
      ['cat OR', /Expected a term/],
      ['"open', /Unterminated/],
      ['cat has:imagez', /invalid operator 'has:imagez'/],
      ['-cat', /positive/],
      ['has:media', /positive/],
    ];
    for (const [query, message] of cases) {
      expect(() => parseQuery(query), query).toThrowError(QueryError);
      expect(() => parseQuery(query), query).toThrowError(message);
    }
  });
});
