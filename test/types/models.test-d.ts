// The everyday models as a user writes them: a post, user or media object built by hand (a fixture, a row
// read back from storage) needs only the fields X always sends, and no model has a field X never sends.
// Compiled by vitest's typecheck mode, never run.

import { describe, expectTypeOf, it } from 'vitest';
import type { Media, PeonyClient, Tweet, User, XComponents } from '../../src/index.js';

declare const client: PeonyClient;
type Schemas = XComponents['schemas'];

/** Property names that are JSON-pointer paths, not fields: what a discriminator such as "../event_type" names. */
type PointerKeys<T> = T extends object ? Extract<keyof T, `../${string}` | `/${string}`> : never;

describe('the models', () => {
  it('are built from the fields X always sends', () => {
    const tweet: Tweet = { id: '1', text: 'a peony', edit_history_tweet_ids: ['1'] };
    const user: User = { id: '2', name: 'Peony', username: 'peony' };
    const media: Media = { media_key: '3_1', type: 'photo' };
    expectTypeOf(tweet).toEqualTypeOf<Tweet>();
    expectTypeOf(user).toEqualTypeOf<User>();
    expectTypeOf(media).toEqualTypeOf<Media>();
  });

  it('have no field named by a relative pointer ("../event_type" is the parent event’s, not the post’s)', () => {
    expectTypeOf<PointerKeys<Tweet>>().toEqualTypeOf<never>();
    expectTypeOf<{ [K in keyof Schemas]: PointerKeys<Schemas[K]> }[keyof Schemas]>().toEqualTypeOf<never>();
  });

  it('type what the helpers and typed paths answer the same way', async () => {
    const posted = await client.tweet('a peony');
    expectTypeOf<PointerKeys<typeof posted>>().toEqualTypeOf<never>();
    const looked = await client.v2.tweets('1').get();
    expectTypeOf<PointerKeys<NonNullable<typeof looked.data>>>().toEqualTypeOf<never>();
    // The activity stream still tells its payloads apart: the union of the document's six, post among them.
    expectTypeOf<Schemas['Post']>().toMatchTypeOf<Schemas['ActivityStreamingResponsePayload']>();
  });
});
