// The hand-framed multipart bodies, read back by an independent parser (the fetch Response's formData()).

import { describe, expect, it } from 'vitest';
import { blobBytes, bytesOf, type MultipartBody, multipartBody } from '../../src/http/multipart.js';

async function collect(body: MultipartBody): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for await (const piece of body.chunks()) pieces.push(piece);
  return Buffer.concat(pieces);
}

async function parse(body: MultipartBody): Promise<FormData> {
  const bytes = await collect(body);
  expect(bytes.byteLength).toBe(body.length);
  return new Response(bytes, { headers: { 'content-type': body.contentType } }).formData();
}

describe('multipartBody', () => {
  it('frames fields and files that a standard parser reads back byte for byte, at the announced length', async () => {
    const media = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
    const body = multipartBody(
      [
        ['command', 'APPEND'],
        ['segment_index', '7'],
      ],
      [
        { name: 'media', filename: 'blob', bytes: bytesOf(media) },
        { name: 'other', filename: 'b.txt', contentType: 'text/plain', bytes: blobBytes(new Blob(['hi'])) },
      ],
    );
    const form = await parse(body);
    expect(form.get('command')).toBe('APPEND');
    expect(form.get('segment_index')).toBe('7');
    const file = form.get('media') as File;
    expect(file.name).toBe('blob');
    expect(file.type).toBe('application/octet-stream');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(media);
    const other = form.get('other') as File;
    expect(other.type).toBe('text/plain');
    expect(await other.text()).toBe('hi');
  });

  it('quotes names as browsers do and sends line breaks as CRLF', async () => {
    const form = await parse(multipartBody([['a "b"\n', 'one\ntwo\rthree\r\nfour']], []));
    // The parser undoes the percent-encoding: the name arrives as it was given.
    expect([...form.keys()]).toEqual(['a "b"\n']);
    expect(form.get('a "b"\n')).toBe('one\r\ntwo\r\nthree\r\nfour');
  });

  it('each call of chunks() reads the bytes anew, so a retried request sends them whole again', async () => {
    const body = multipartBody(
      [['k', 'v']],
      [{ name: 'media', filename: 'blob', bytes: bytesOf(new Uint8Array([1, 2, 3])) }],
    );
    expect(await collect(body)).toEqual(await collect(body));
  });

  it('fails, rather than send a body of the wrong length, when a source gives fewer bytes than it announced', async () => {
    const short = {
      size: 10,
      async *chunks() {
        yield new Uint8Array(4);
      },
    };
    const body = multipartBody([], [{ name: 'media', filename: 'blob', bytes: short }]);
    await expect(collect(body)).rejects.toThrow(/gave 4 bytes where 10 were announced/);
  });
});
