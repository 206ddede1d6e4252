// A media failure independent of the wire format; the v1.1 and v2 routes turn it into X's bodies.

export class MediaError extends Error {
  /**
   * @param status HTTP status to answer with.
   * @param parameter the request parameter at fault, for v2's invalid-request `errors[].parameters`.
   * @param value the offending value, reported with `parameter`.
   */
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
    readonly value?: string,
    /** Set when the request body was left unread, so the answer must close the connection. */
    readonly closeConnection = false,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export function badRequest(message: string, parameter?: string, value?: string): MediaError {
  return new MediaError(400, message, parameter, value);
}

/** Unknown, expired and foreign ids all get this, so an id never reveals that it exists for someone else. */
export function unknownMedia(id: string): MediaError {
  return new MediaError(400, `Invalid or expired media_id: ${id}.`, 'media_id', id);
}

export function missingParameter(name: string): MediaError {
  return new MediaError(400, `Missing required parameter: ${name}.`, name);
}
