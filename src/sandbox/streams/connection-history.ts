// Every stream connection of a sandbox, open and ended, for `GET /2/connections`: when, from where, to which
// endpoint, and why it ended. Every open one is kept, and the most recent ended ones up to 200 records in all;
// an ended one keeps no reference to its response.
import type { CloseReason, StreamConnection } from './connection.js';

export interface ConnectionRecord {
  readonly id: string;
  readonly appId: string;
  readonly endpoint: string;
  readonly clientIp: string;
  readonly connectedAt: number;
  /** The live connection, while it is open. */
  open?: StreamConnection;
  disconnectedAt?: number;
  reason?: CloseReason;
}

/** Records kept beyond the open ones (an app holds one per stream and partition). */
const KEPT = 200;

export class ConnectionHistory {
  readonly #records: ConnectionRecord[] = [];

  opened(
    connection: StreamConnection,
    endpoint: string,
    clientIp: string,
    at: number,
    now: () => number,
  ): void {
    const record: ConnectionRecord = {
      id: connection.id,
      appId: connection.appId,
      endpoint,
      clientIp,
      connectedAt: at,
      open: connection,
    };
    this.#records.push(record);
    if (this.#records.length > KEPT) {
      const oldestEnded = this.#records.findIndex((entry) => entry.open === undefined);
      if (oldestEnded >= 0) this.#records.splice(oldestEnded, 1);
    }
    connection.onClose(() => {
      record.disconnectedAt = now();
      if (connection.closeReason !== undefined) record.reason = connection.closeReason;
      delete record.open;
    });
  }

  /** The app's connections, newest first. */
  ofApp(appId: string): ConnectionRecord[] {
    return this.#records.filter((record) => record.appId === appId).reverse();
  }
}
