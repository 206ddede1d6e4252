// The everyday v2 objects, named as peony has always named them, taken from X's OpenAPI document
// (src/generated/x-api.d.ts): `Tweet` is the document's `Post`, with the tweet names beside the post names.

import type { components } from './generated/x-api.js';

type Schemas = components['schemas'];

/** A v2 post (tweet). `id` and `text` always come; other fields when asked for with `tweet.fields`. */
export type Tweet = Schemas['Post'];

/** A v2 user. `id`, `name` and `username` always come. */
export type User = Schemas['User'];

/** A v2 media object, as found in `includes.media`. */
export type Media = Schemas['Media'];

type KeysOfAny<U> = U extends unknown ? keyof U : never;
/** Each kind of a union, with the fields only other kinds have as `undefined`: `error.resource_id` reads on all. */
type Uniform<U, All extends PropertyKey = KeysOfAny<U>> = U extends unknown
  ? U & { readonly [K in Exclude<All, keyof U>]?: undefined }
  : never;

/** A partial error of a v2 answer (one of the document's Problem kinds): the request succeeded, some items did not. */
export type PartialError = Uniform<Schemas['Problem']>;

/** The objects expansions bring in `includes` (`users`, `tweets`/`posts`, `media`, `polls`, `places`…). */
export type Includes = Schemas['Expansions'];

/** Every v2 answer: `data`, and where asked `includes`, `meta`, and partial `errors`. */
export interface V2Response<T> {
  readonly data: T;
  readonly includes?: Includes | undefined;
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
  readonly errors?: readonly PartialError[] | undefined;
}

/** A v1.1 status, as returned by statuses/update and the timelines (v1.1 is not in X's v2 document). */
export interface StatusV1 {
  readonly id: number;
  readonly id_str: string;
  readonly text: string;
  readonly created_at: string;
  readonly user?: {
    readonly id_str: string;
    readonly screen_name: string;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}
