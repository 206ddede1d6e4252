// Stream framing: each message is one JSON document followed by \r\n; a bare \r\n is the keep-alive.
import { stringifyExact } from '../tweets/exact-json.js';

export const KEEP_ALIVE = '\r\n';

export function frame(message: unknown): string {
  // JSON.stringify escapes \r inside strings, so a frame never contains \r\n before its end. v1.1 ids (in the
  // activity stream's DM payloads) go digit for digit.
  return `${stringifyExact(message)}\r\n`;
}

/** The in-stream error X sends before closing a stream for operational reasons. */
export function operationalDisconnect(): Record<string, unknown> {
  return {
    errors: [
      {
        title: 'operational-disconnect',
        disconnect_type: 'UpstreamOperationalDisconnect',
        detail: 'This stream has been disconnected upstream for operational reasons.',
        type: 'https://api.x.com/2/problems/operational-disconnect',
      },
    ],
  };
}
