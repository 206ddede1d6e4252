// A promise that sends nothing until it is awaited, and can also show the whole response.

import type { PipelineResponse } from '../http/request.js';

export type ApiResponse<T> = PipelineResponse<T>;

/**
 * The result of every API call. Nothing goes on the wire until `then` (i.e. `await`) or `withResponse()`
 * is first called; later calls share that one request.
 */
export class ApiPromise<T> implements PromiseLike<T> {
  readonly #run: () => Promise<ApiResponse<T>>;
  #response: Promise<ApiResponse<T>> | undefined;

  constructor(run: () => Promise<ApiResponse<T>>) {
    this.#run = run;
  }

  /** The parsed body together with status, headers and rate limit. */
  withResponse(): Promise<ApiResponse<T>> {
    this.#response ??= this.#run();
    return this.#response;
  }

  // biome-ignore lint/suspicious/noThenProperty: being awaitable is the point of this class.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.withResponse()
      .then((r) => r.data)
      .then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return 'ApiPromise';
  }
}

/** The same call, resolving to `map(data)`; the response's status, headers and rate limit are kept. */
export function mapData<T, U>(inner: ApiPromise<T>, map: (data: T) => U): ApiPromise<U> {
  return new ApiPromise(async () => {
    const response = await inner.withResponse();
    return { ...response, data: map(response.data) };
  });
}

/**
 * Like mapData, with the whole response at hand (status and headers, for errors about the body). `redact`
 * scrubs credentials from an error `map` builds out of the answer, which the pipeline never saw; required, as
 * of the paginator's and the stream's clients.
 */
export function mapResponse<T, U>(
  inner: ApiPromise<T>,
  map: (response: ApiResponse<T>) => U,
  redact: (error: unknown) => unknown,
): ApiPromise<U> {
  return new ApiPromise(async () => {
    const response = await inner.withResponse();
    try {
      return { ...response, data: map(response) };
    } catch (error) {
      throw redact(error);
    }
  });
}
