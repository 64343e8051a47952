import { describe, expect, it } from 'vitest';
import { type ServerSentEvent, SSEParser } from '@/lib/program/lm/sse-parser';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A body as servers send it, piece by piece, with the event each piece completes. */
const body: Array<[string, ServerSentEvent | null]> = [
  [': keep-alive\r\n\r\n', null],
  [
    'data: {"t":"é 😀 中",\r\ndata: "n":1}\r\n\r\n',
    { event: null, data: '{"t":"é 😀 中",\n"n":1}' },
  ],
  [
    'event: error\ndata: {"error":{"message":"over capacity"}}\n\n',
    {
      event: 'error',
      data: '{"error":{"message":"over capacity"}}',
    },
  ],
  [
    'data: first line\ndata:second line\ndata\n: a comment between\n\n',
    {
      event: null,
      data: 'first line\nsecond line\n',
    },
  ],
  ['event: ping\n\n', null],
  [
    'id: 7\nretry: 100\ndataset: not a data field\ndata: after the id\r\r',
    {
      event: null,
      data: 'after the id',
    },
  ],
  ['data: [DONE]', { event: null, data: '[DONE]' }],
];
const whole = bytes(body.map(([text]) => text).join(''));
const expected = body.flatMap(([, event]) => (event ? [event] : []));

/** The events of the whole body, fed to the parser in the given chunks. */
function parse(chunks: Uint8Array[]): ServerSentEvent[][] {
  const parser = new SSEParser();
  return [...chunks.map((chunk) => parser.push(chunk)), parser.end()];
}

/**
 * How many of the events are complete within the body's first `length` bytes; the last one,
 * with no blank line after it, is complete only when the body ends.
 */
function completeWithin(length: number): number {
  let offset = 0;
  let complete = 0;
  for (const [text, event] of body.slice(0, -1)) {
    offset += bytes(text).length;
    if (offset > length) break;
    if (event) complete++;
  }
  return complete;
}

describe('SSEParser', () => {
  it('reads every event of a body in one chunk, and the last one without its blank line at the end', () => {
    const [first, last] = parse([whole]);
    expect(first).toEqual(expected.slice(0, -1));
    expect(last).toEqual(expected.slice(-1));
  });

  it('reads the same events however the body is cut in two, each as soon as it is complete', () => {
    for (let cut = 0; cut <= whole.length; cut++) {
      const parts = parse([whole.subarray(0, cut), whole.subarray(cut)]);
      expect(parts.flat(), `cut at byte ${cut}`).toEqual(expected);
      expect(parts[0].length, `cut at byte ${cut}`).toBeGreaterThanOrEqual(completeWithin(cut));
    }
  });

  it('reads the same events from a body cut in three at every pair of positions', () => {
    const sample = whole.subarray(0, 120); // the multi-byte characters, CRLF and the named event
    const events = parse([sample]).flat();
    for (let a = 0; a <= sample.length; a++) {
      for (let b = a; b <= sample.length; b++) {
        const chunks = [sample.subarray(0, a), sample.subarray(a, b), sample.subarray(b)];
        expect(parse(chunks).flat(), `cut at bytes ${a} and ${b}`).toEqual(events);
      }
    }
  });

  it('reads the same events from a body sent one byte at a time', () => {
    const chunks = Array.from(whole, (byte) => Uint8Array.of(byte));
    expect(parse(chunks).flat()).toEqual(expected);
  });

  it('ends a line at a CR whose LF has not arrived yet, and does not read that LF as a blank line', () => {
    const parser = new SSEParser();
    expect(parser.push(bytes('data: a\r'))).toEqual([]);
    expect(parser.push(bytes('\n'))).toEqual([]);
    expect(parser.push(bytes('\r'))).toEqual([{ event: null, data: 'a' }]);
    expect(parser.push(bytes('\ndata: b\n\n'))).toEqual([{ event: null, data: 'b' }]);
  });
});
