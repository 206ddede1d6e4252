// The \r\n splitter over byte arrays cut at every awkward place.

import { describe, expect, it } from 'vitest';
import { LineTooLongError } from '../../src/stream/errors.js';
import { CrlfLineDecoder, splitCrlfLines } from '../../src/stream/lines.js';

const encode = (text: string) => new TextEncoder().encode(text);

async function* chunksOf(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(start, cut);
    start = cut;
  }
}

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of source) lines.push(line);
  return lines;
}

// A message with a lone \n in its text, a 2-byte (é), a 3-byte (✓) and a 4-byte (🌸) character,
// keep-alives before, between and after.
const wire = '\r\n{"text":"line one\nline two é ✓ 🌸"}\r\n\r\n{"id":"2"}\r\n\r\n';
const expected = ['', '{"text":"line one\nline two é ✓ 🌸"}', '', '{"id":"2"}', ''];

describe('splitCrlfLines', () => {
  it('gives the same lines however the bytes are cut in two: inside characters, between \\r and \\n', async () => {
    const bytes = encode(wire);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await collect(splitCrlfLines(chunksOf(bytes, [cut])))).toEqual(expected);
    }
  });

  it('gives the same lines when every byte arrives alone', async () => {
    const bytes = encode(wire);
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(await collect(splitCrlfLines(chunksOf(bytes, cuts)))).toEqual(expected);
  });

  it('gives the same lines over every cut in three', async () => {
    const bytes = encode('{"a":"🌸\n"}\r\n\r\n');
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        expect(await collect(splitCrlfLines(chunksOf(bytes, [a, b])))).toEqual(['{"a":"🌸\n"}', '']);
      }
    }
  });

  it('splits only on \\r\\n: a lone \\n or \\r stays in the line', async () => {
    const lines = await collect(splitCrlfLines(chunksOf(encode('a\nb\rc\r\r\nd\n\r\n'), [2, 4, 7])));
    expect(lines).toEqual(['a\nb\rc\r', 'd\n']);
  });

  it('drops a last line without its \\r\\n (a message cut short)', async () => {
    expect(await collect(splitCrlfLines(chunksOf(encode('{"a":1}\r\n{"b":'), [3])))).toEqual(['{"a":1}']);
    const decoder = new CrlfLineDecoder();
    decoder.push(encode('{"a":1}\r\n{"b":'));
    expect(decoder.pendingBytes).toBe(5);
  });

  it('refuses a line longer than the limit instead of holding it, even split over many chunks', async () => {
    const decoder = new CrlfLineDecoder({ maxLineBytes: 8 });
    expect(decoder.push(encode('12345678\r\n'))).toEqual(['12345678']); // exactly the limit is fine
    expect(decoder.push(encode('12345678\r'))).toEqual([]); // the \r may still be followed by \n
    expect(decoder.push(encode('\n'))).toEqual(['12345678']);
    decoder.push(encode('12345'));
    expect(() => decoder.push(encode('6789A'))).toThrow(LineTooLongError);

    // A line between others in one chunk is measured in bytes too: 4 characters, 8 bytes.
    expect(() => new CrlfLineDecoder({ maxLineBytes: 8 }).push(encode('a\r\néééé\r\nb\r\n'))).not.toThrow();
    expect(() => new CrlfLineDecoder({ maxLineBytes: 7 }).push(encode('a\r\néééé\r\nb\r\n'))).toThrow(
      LineTooLongError,
    );
    expect(() => new CrlfLineDecoder({ maxLineBytes: 8 }).push(encode('a\r\n123456789\r\nb\r\n'))).toThrow(
      LineTooLongError,
    );

    const oneChunk = new CrlfLineDecoder({ maxLineBytes: 8 });
    expect(() => oneChunk.push(encode('123456789\r\n'))).toThrow(/grew past 8 bytes/);

    const bytes = encode(`${'x'.repeat(100)}\r\n`);
    const cuts = Array.from({ length: 99 }, (_, i) => i + 1);
    await expect(collect(splitCrlfLines(chunksOf(bytes, cuts), { maxLineBytes: 50 }))).rejects.toThrow(
      LineTooLongError,
    );
  });

  it('decodes as a TextDecoder does: a U+FFFD for each bad sequence, a BOM kept, views of larger buffers', () => {
    const bad = [
      0xef, 0xbb, 0xbf, 0x61, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x8c, 0x62, 0xff, 0xed, 0xa0, 0x80,
    ];
    const wire = Uint8Array.from([0x7b, ...bad, 0x7d, 0x0d, 0x0a, ...bad, 0x0d, 0x0a, 0x0d, 0x0a]);
    const expected = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(bad));
    expect(expected).toBe('\uFEFFa\uFFFD(\uFFFD\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFD');
    // A view into a larger buffer, as a plain Uint8Array and as a Buffer, whole or cut inside the bad bytes.
    const padded = new Uint8Array(wire.length + 6);
    padded.set(wire, 3);
    for (const bytes of [padded.subarray(3, -3), Buffer.from(padded.buffer, 3, wire.length)]) {
      for (const cut of [0, 5, 9, 20]) {
        const decoder = new CrlfLineDecoder();
        const lines = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
        expect(lines).toEqual([`{${expected}}`, expected, '']);
      }
    }
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new CrlfLineDecoder({ maxLineBytes: 0 })).toThrow(RangeError);
  });
});
