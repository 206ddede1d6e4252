// The answer checker itself: it must catch what the document forbids, or the runner's 0 proves nothing.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/sandbox/openapi/document.js';
import { documentValidator } from '../../../src/sandbox/openapi/schema-validator.js';
import { checkAnswer } from './check-answer.js';

const lookup = openApiDocument().byRoute.get('GET /2/tweets/:id');
if (!lookup) throw new Error('the document lost GET /2/tweets/{id}');
const json = 'application/json';
const metrics = {
  retweet_count: 0,
  reply_count: 0,
  like_count: 0,
  quote_count: 0,
  bookmark_count: 0,
  impression_count: 0,
};

describe('checkAnswer', () => {
  it('passes a documented post and a documented problem', () => {
    const post = { data: { id: '1', text: 'hi', public_metrics: { ...metrics, repost_count: 0 } } };
    expect(
      checkAnswer(documentValidator(), lookup, {
        status: 200,
        contentType: json,
        text: JSON.stringify(post),
      }),
    ).toEqual([]);
    const problem = {
      type: 'https://api.x.com/2/problems/invalid-request',
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
    };
    expect(
      checkAnswer(documentValidator(), lookup, {
        status: 400,
        contentType: 'application/problem+json',
        text: JSON.stringify(problem),
      }),
    ).toEqual([]);
  });

  it('flags a missing required metric, an old problem host, an undeclared status or content type', () => {
    const post = { data: { id: '1', text: 'hi', public_metrics: metrics } };
    const missing = checkAnswer(documentValidator(), lookup, {
      status: 200,
      contentType: json,
      text: JSON.stringify(post),
    });
    expect(missing.join('\n')).toContain('repost_count');
    const oldHost = {
      type: 'https://api.twitter.com/2/problems/invalid-request',
      title: 'Invalid Request',
      detail: 'x',
    };
    expect(
      checkAnswer(documentValidator(), lookup, {
        status: 400,
        contentType: 'application/problem+json',
        text: JSON.stringify(oldHost),
      }),
    ).not.toEqual([]);
    expect(
      checkAnswer(documentValidator(), lookup, { status: 201, contentType: json, text: '{}' }),
    ).not.toEqual([]);
    expect(
      checkAnswer(documentValidator(), lookup, { status: 200, contentType: 'text/html', text: '{}' }),
    ).not.toEqual([]);
  });

  it('checks media analytics bodies (their counters are `nullable` beside `oneOf`, with no `type`)', () => {
    const analytics = openApiDocument().byRoute.get('GET /2/media/analytics');
    if (!analytics) throw new Error('the document lost GET /2/media/analytics');
    const answer = (metrics: Record<string, unknown>) =>
      checkAnswer(documentValidator(), analytics, {
        status: 200,
        contentType: json,
        text: JSON.stringify({
          data: [
            { media_key: '3_1', timestamped_metrics: [{ timestamp: '2026-11-20T00:00:00.000Z', metrics }] },
          ],
        }),
      });
    expect(answer({ video_views: 0, playback25: '12' })).toEqual([]);
    expect(answer({ video_views: true }).join('\n')).toContain('video_views');
    // OpenAPI 3.0.3: `nullable` without `type` adds nothing, so null is not a counter.
    expect(answer({ video_views: null }).join('\n')).toContain('video_views');
  });

  it('holds a binary download to its content type: octet-stream bytes pass, a JSON body where bytes belong does not', () => {
    const download = openApiDocument().byRoute.get('GET /2/chat/media/:id/:media_hash_key');
    if (!download) throw new Error('the document lost GET /2/chat/media/{id}/{media_hash_key}');
    const bytes = { status: 200, contentType: 'application/octet-stream', text: '\u0000\u00ff not JSON' };
    expect(checkAnswer(documentValidator(), download, bytes)).toEqual([]);
    expect(
      checkAnswer(documentValidator(), download, { ...bytes, contentType: 'application/json' }),
    ).not.toEqual([]);
  });
});
