// Every open stream of a sandbox, one per app and stream kind, so events fan out and admins can cut them.
import type { StreamDefinition } from './catalog.js';
import type { DropMode, StreamConnection, StreamKind } from './connection.js';
import type { StreamFields } from './stream-fields.js';

export interface Subscriber {
  readonly connection: StreamConnection;
  readonly stream: StreamDefinition;
  /** 1-based; 1 on a stream without partitions. */
  readonly partition: number;
  /** The fields and expansions asked for (posts, likes and activity streams). */
  readonly fields: StreamFields;
  /** Events after this time (the `end_time` asked for) are not sent. */
  readonly until?: number;
  /** Events before this time (a `start_time` still to come) are not sent. */
  readonly since?: number;
}

export class StreamHub {
  readonly #open = new Map<string, Subscriber>();

  static key(appId: string, kind: StreamKind): string {
    return `${kind}:${appId}`;
  }

  isOpen(appId: string, kind: StreamKind): boolean {
    return this.#open.has(StreamHub.key(appId, kind));
  }

  add(subscriber: Subscriber): void {
    const { connection } = subscriber;
    const key = StreamHub.key(connection.appId, connection.kind);
    this.#open.set(key, subscriber);
    connection.onClose(() => {
      if (this.#open.get(key) === subscriber) this.#open.delete(key);
    });
  }

  subscribers(kind?: StreamKind): Subscriber[] {
    return [...this.#open.values()].filter((subscriber) => !kind || subscriber.connection.kind === kind);
  }

  /**
   * Cuts every open stream (or those of one kind): `end` closes cleanly, `reset` breaks the socket,
   * `operational-disconnect` sends X's in-stream error first. Returns how many were cut.
   */
  disconnectAll(mode: DropMode | 'end' = 'end', kind?: StreamKind): number {
    const targets = this.subscribers(kind);
    for (const { connection } of targets) {
      if (mode === 'end') connection.end();
      else connection.drop(mode);
    }
    return targets.length;
  }

  get size(): number {
    return this.#open.size;
  }
}
