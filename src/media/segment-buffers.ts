// Read buffers for the segments of one file-backed upload, used again from one segment to the next. A profile
// of a 256 MiB upload that read each segment into fresh buffers showed more CPU in page faults and garbage
// collection than in sending: the buffers lived just long enough to be promoted, so only full mark-compacts
// freed them (about 15 per upload, and 60 MB of page faults). With the buffers kept, the process allocates
// almost nothing per segment.

/** Free buffers kept at most: enough for the most segments in flight (16), a retry or two beside them. */
const MAX_FREE = 18;
const SLACK = 4096;

export class SegmentBuffers {
  readonly #free: Buffer[] = [];

  /** A buffer of exactly `length` bytes: a kept one when one is large enough, else a new one. */
  take(length: number): Buffer {
    const index = this.#free.findIndex((buffer) => buffer.buffer.byteLength >= length);
    // Room for a multipart body's head and tail around a segment, which vary by a few bytes from one to the next.
    if (index === -1) return Buffer.from(Buffer.allocUnsafeSlow(length + SLACK).buffer, 0, length);
    const [kept] = this.#free.splice(index, 1) as [Buffer];
    return Buffer.from(kept.buffer, 0, length);
  }

  /**
   * Keeps `buffer` for a later segment. The caller must know nothing can still read it: neither the iteration
   * that yielded it nor a socket write of the request that carried it.
   */
  give(buffer: Buffer): void {
    if (this.#free.length < MAX_FREE) this.#free.push(buffer);
  }
}
