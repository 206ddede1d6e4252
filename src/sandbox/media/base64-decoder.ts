// Streaming base64 decoding for media_data, so a base64 segment is never held whole in memory.
import { Transform, type TransformCallback } from 'node:stream';

export class InvalidBase64Error extends Error {
  constructor() {
    super('media_data is not valid base64.');
    this.name = 'InvalidBase64Error';
  }
}

/** Accepts standard base64 with optional padding and line breaks (MIME bodies wrap at 76 columns). */
export function createBase64Decoder(): Transform {
  let carry = '';
  let padded = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const text = carry + chunk.toString('latin1').replace(/[\r\n\t ]+/g, '');
      if (/[^A-Za-z0-9+/=]/.test(text) || (padded && text.length > 0)) {
        callback(new InvalidBase64Error());
        return;
      }
      const whole = text.length - (text.length % 4);
      const piece = text.slice(0, whole);
      carry = text.slice(whole);
      const padAt = piece.indexOf('=');
      if (padAt !== -1) {
        // Padding may only close the final quantum.
        if (padAt < piece.length - 2 || !/^=*$/.test(piece.slice(padAt)) || carry.length > 0) {
          callback(new InvalidBase64Error());
          return;
        }
        padded = true;
      }
      callback(null, piece.length > 0 ? Buffer.from(piece, 'base64') : undefined);
    },
    flush(callback: TransformCallback) {
      // Unpadded input may end with 2 or 3 characters; a lone character can never be valid.
      if (carry.length === 1 || carry.includes('=')) {
        callback(new InvalidBase64Error());
        return;
      }
      callback(null, carry.length > 0 ? Buffer.from(carry, 'base64') : undefined);
    },
  });
}
