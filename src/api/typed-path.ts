// The v2 path builder typed by route: X's OpenAPI document, as generated into src/generated/, gives every node
// of `client.v2` its segments, and every method its parameters, body and answer. Types only: nothing at runtime.

import type { XV2Routes } from '../generated/x-routes.js';
import type { Params } from '../http/params.js';
import type { Page, V2PageMeta } from '../paginate/page.js';
import type { Paginator } from '../paginate/paginator.js';
import type { ApiPromise } from './api-promise.js';
import type { RequestOptions } from './endpoint.js';
import type { PaginateMethod, PaginateOptions, PathNode, RequestMethod } from './path.js';

type Segment = string | number | bigint;
type MethodName = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Parameters of an operation that takes none: any name given is a compile error. */
export type NoParams = { readonly [name: string]: never };

/** The query parameters of an operation, as the document lists them. */
export type QueryOf<O> = O extends { readonly parameters: { readonly query?: infer Q } }
  ? [NonNullable<Q>] extends [never]
    ? NoParams
    : NonNullable<Q>
  : NoParams;

/** The JSON body of an operation, or never when it takes none. */
export type JsonBodyOf<O> = O extends { readonly requestBody?: infer B }
  ? [NonNullable<B>] extends [never]
    ? never
    : NonNullable<B> extends { readonly content: { readonly 'application/json': infer J } }
      ? J
      : never
  : never;

type JsonContent<R> = R extends { readonly content: { readonly 'application/json': infer J } } ? J : never;

/** The body of a successful answer, exactly as X sends it (`data`, `includes`, `errors`, `meta`). */
export type AnswerOf<O> = O extends { readonly responses: infer R }
  ? [JsonContent<R[Extract<keyof R, 200 | 201 | 202>]>] extends [never]
    ? unknown
    : JsonContent<R[Extract<keyof R, 200 | 201 | 202>]>
  : unknown;

/** One item of a list answer's `data`. */
export type ItemOf<A> = A extends { readonly data?: ReadonlyArray<infer I> | undefined } ? I : unknown;

/**
 * What a method sends: GET the query; POST, PUT and PATCH the JSON body (untyped when the document gives none);
 * DELETE the query, or the JSON body where the document gives one (send it with `{ json: true }`).
 */
export type ParamsOf<O, M extends MethodName> = M extends 'get'
  ? QueryOf<O>
  : [JsonBodyOf<O>] extends [never]
    ? M extends 'delete'
      ? QueryOf<O>
      : Params
    : JsonBodyOf<O>;

type Args<P, Options> =
  Record<never, never> extends P ? [params?: P, options?: Options] : [params: P, options?: Options];

/** A documented operation: parameters checked, answer typed as the document says (no type argument to write). */
export type TypedRequest<P, A> = (...args: Args<P, RequestOptions>) => ApiPromise<A>;

/** `.paginate()` of a documented list: items typed from the answer's `data`. */
export type TypedPaginate<P, I> = (...args: Args<P, PaginateOptions>) => Paginator<Page<I, V2PageMeta>, I>;

/** A segment taken by index or call: a path parameter where the document has one, any name otherwise. */
export interface SegmentChild<C> {
  readonly [segment: string]: C;
  (segment: Segment): C;
  (...segments: readonly Segment[]): PathNode;
}

type Method<N, M extends MethodName> = N extends { readonly [K in `$${M}`]: infer O }
  ? TypedRequest<ParamsOf<O, M>, AnswerOf<O>>
  : RequestMethod & PathNode;

type PaginateOf<N> = N extends { readonly $get: infer O }
  ? TypedPaginate<QueryOf<O>, ItemOf<AnswerOf<O>>>
  : PaginateMethod & PathNode;

/**
 * A node of a documented route tree: its known segments by property, its path parameter by index or call,
 * and its methods typed by the operation the document puts there. Paths the document lacks stay `PathNode`.
 */
export type TypedPathNode<N> = {
  readonly [K in Exclude<keyof N, `$${string}`>]: TypedPathNode<N[K]>;
} & {
  readonly [M in MethodName]: Method<N, M>;
} & { readonly paginate: PaginateOf<N> } & SegmentChild<
    N extends { readonly $param: infer C } ? TypedPathNode<C> : PathNode
  >;

/** `client.v2`: every path of X's v2 document typed, from its OpenAPI description. */
export type V2PathNode = TypedPathNode<XV2Routes>;
