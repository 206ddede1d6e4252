// Every operation of X's document is reachable typed through client.v2: each path is walked the way a user
// writes it (a parameter by call, a known segment by property) and its method must send the documented answer.

import { describe, expectTypeOf, it } from 'vitest';
import type { AnswerOf, V2PathNode } from '../../src/api/typed-path.js';
import type { paths } from '../../src/generated/x-api.js';
import type { ApiPromise, PathNode, RequestMethod } from '../../src/index.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Split<P extends string> = P extends `${infer Head}/${infer Rest}` ? [Head, ...Split<Rest>] : [P];
type Walk<Node, Segments> = Segments extends [infer Head, ...infer Rest]
  ? Head extends `{${string}}`
    ? Node extends { (segment: string): infer Child; (...segments: readonly string[]): unknown }
      ? Walk<Child, Rest>
      : 'no call form'
    : Head extends keyof Node
      ? Walk<Node[Head], Rest>
      : 'no such segment'
  : Node;
type NodeOf<P> = P extends `/2/${infer Rest}` ? Walk<V2PathNode, Split<Rest>> : never;

/** `path method` of each documented operation, as typed through the path builder. */
type Operations = {
  [P in keyof paths & string]: {
    [M in Method]: [NonNullable<paths[P][M]>] extends [never] ? never : `${M} ${P}`;
  }[Method];
}[keyof paths & string];

/** Operations whose method on the built path does not answer the documented body. */
type Untyped = {
  [P in keyof paths & string]: {
    [M in Method]: [NonNullable<paths[P][M]>] extends [never]
      ? never
      : NodeOf<P> extends { readonly [K in M]: (...args: never[]) => infer R }
        ? [R] extends [ApiPromise<AnswerOf<paths[P][M]>>]
          ? [ApiPromise<AnswerOf<paths[P][M]>>] extends [R]
            ? never
            : `${M} ${P}`
          : `${M} ${P}`
        : `${M} ${P}`;
  }[Method];
}[keyof paths & string];

describe('every documented operation', () => {
  it('is reached typed through the path builder', () => {
    expectTypeOf<Untyped>().toEqualTypeOf<never>();
  });
  it('would see an untyped method: a path the document lacks stays PathNode', () => {
    expectTypeOf<Walk<V2PathNode, ['no_such_thing']>>().toEqualTypeOf<PathNode>();
    expectTypeOf<Walk<V2PathNode, ['tweets', '{id}', 'no_such_thing']>>().toEqualTypeOf<PathNode>();
    expectTypeOf<V2PathNode['users']['me']['post']>().toEqualTypeOf<RequestMethod & PathNode>();
  });
  it('covers the document (the list of operations is not empty, and has the well-known ones)', () => {
    expectTypeOf<'get /2/users/{id}/tweets'>().toExtend<Operations>();
    expectTypeOf<'post /2/tweets'>().toExtend<Operations>();
    expectTypeOf<'delete /2/users/{source_user_id}/muting/{target_user_id}'>().toExtend<Operations>();
  });
});
