// The lean fake X's reading of APPEND bodies (bench/lib/fake-x-upload.mjs): multipart, counted as it arrives
// without keeping the media, or JSON with base64 media, decoded to check it. `throttle(req, bytes)` is
// the fake's link model, called with every chunk that arrives.

/** A refusal the fake answers with `status` and X's error body. */
export class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function boundaryOf(contentType) {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!match) throw new Refusal(400, 'multipart/form-data without a boundary');
  return match[1] ?? match[2];
}

/**
 * Reads a multipart body as it arrives: the parts before `media` are parsed as fields; the media part must come
 * last, and its bytes are counted up to the closing delimiter, which must end the body exactly.
 */
class MultipartCounter {
  constructor(boundary) {
    this.delimiter = `--${boundary}`;
    this.closing = Buffer.from(`\r\n--${boundary}--\r\n`);
    this.head = [];
    this.headLength = 0;
    this.mediaBytes = -1; // -1 until the media part's content starts
    this.tail = Buffer.alloc(0); // the last bytes seen, enough to hold the closing delimiter
    this.fields = {};
    this.firstMedia = Buffer.alloc(0); // the media's first 8 bytes, for a type check
  }

  push(chunk) {
    if (this.mediaBytes < 0) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      const head = Buffer.concat(this.head);
      const media = head.indexOf('name="media"');
      const contentStart = media < 0 ? -1 : head.indexOf('\r\n\r\n', media);
      if (contentStart < 0) {
        if (this.headLength > 64 * 1024) throw new Refusal(400, 'no media part in the first 64 KiB');
        // A body of fields only (INIT or FINALIZE sent as multipart).
        this.tail = head;
        return;
      }
      this.parseFields(head.subarray(0, head.lastIndexOf(this.delimiter, media)).toString('utf8'));
      this.head = [];
      this.mediaBytes = 0;
      this.tail = Buffer.alloc(0);
      chunk = head.subarray(contentStart + 4);
    }
    if (this.firstMedia.length < 8)
      this.firstMedia = Buffer.concat([this.firstMedia, chunk.subarray(0, 8 - this.firstMedia.length)]);
    this.mediaBytes += chunk.length;
    this.tail =
      chunk.length >= this.closing.length
        ? chunk.subarray(chunk.length - this.closing.length)
        : Buffer.concat([this.tail, chunk]).subarray(-this.closing.length);
  }

  parseFields(text) {
    const parts = text.split(this.delimiter);
    if (parts[0] !== '') throw new Refusal(400, 'the body does not start with the boundary');
    for (const part of parts.slice(1)) {
      if (part === '--\r\n' || part === '--') continue;
      const match = /^\r\ncontent-disposition: form-data; name="([^"]+)"[\s\S]*?\r\n\r\n([\s\S]*)\r\n$/i.exec(
        part,
      );
      if (!match) throw new Refusal(400, 'a multipart part is malformed');
      this.fields[match[1]] = match[2];
    }
  }

  end() {
    if (this.mediaBytes < 0) {
      this.parseFields(this.tail.toString('utf8'));
      return { fields: this.fields, mediaBytes: -1, firstMedia: undefined };
    }
    if (!this.tail.equals(this.closing))
      throw new Refusal(400, 'the media part is not closed by the boundary');
    return {
      fields: this.fields,
      mediaBytes: this.mediaBytes - this.closing.length,
      firstMedia: this.firstMedia,
    };
  }
}

/**
 * A v2 APPEND sent as JSON, which X's OpenAPI document allows beside multipart (`media` base64, `segment_index`,
 * nothing else; X's official SDK sends it so): the media's size and first 8 bytes.
 */
function jsonAppend(body) {
  const fields = JSON.parse(body.toString('utf8'));
  const extra = Object.keys(fields).filter((key) => key !== 'media' && key !== 'segment_index');
  if (extra.length > 0) throw new Refusal(400, `unexpected field ${extra[0]}.`);
  const { media } = fields;
  if (typeof media !== 'string' || media.length % 4 !== 0) throw new Refusal(400, 'media must be base64.');
  // Node's decoder skips a character outside the alphabet, so the decoded size falls short of the size the
  // length and padding promise (decoding is ten times quicker than a regular expression over 5 MB).
  const decoded = Buffer.from(media, 'base64');
  if (decoded.length !== Buffer.byteLength(media, 'base64')) throw new Refusal(400, 'media must be base64.');
  return { fields, mediaBytes: decoded.length, firstMedia: decoded.subarray(0, 8) };
}

/** A JSON APPEND's body, read whole (held back by the link as a multipart one is). */
export function readJsonAppend(req, throttle, onDone) {
  const chunks = [];
  req.on('data', (chunk) => {
    throttle(req, chunk.length);
    chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      onDone(undefined, jsonAppend(Buffer.concat(chunks)));
    } catch (error) {
      onDone(error instanceof SyntaxError ? new Refusal(400, 'the JSON body is malformed.') : error);
    }
  });
}

/** An APPEND's body, streamed: fields and media size, without keeping the media. */
export function readAppend(req, throttle, onDone) {
  let counter;
  try {
    counter = new MultipartCounter(boundaryOf(req.headers['content-type'] ?? ''));
  } catch (error) {
    req.resume();
    req.on('end', () => onDone(error));
    return;
  }
  let failure;
  req.on('data', (chunk) => {
    throttle(req, chunk.length);
    if (failure) return;
    try {
      counter.push(chunk);
    } catch (error) {
      failure = error;
    }
  });
  req.on('end', () => {
    if (failure) return onDone(failure);
    try {
      onDone(undefined, counter.end());
    } catch (error) {
      onDone(error);
    }
  });
}
